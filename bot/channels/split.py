"""Fit a reply into a platform's size limit: split on line boundaries, never cut silently."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

# Bytes (UTF-8) per message, by outbox platform (protocols.md §8). DingTalk documents only
# msgParam ≤ 15,000 B; 6,000 B of text keeps the JSON-quoted markdown well under it.
MAX_BYTES = {
    "wecom": 2048,
    "wecom_webhook": 4096,
    "wecom_aibot": 20480,
    "dingtalk": 6000,
    "dingtalk_webhook": 6000,
    "console": 1_000_000,
}
MARK = "（{i}/{n}）"
MARK_ROOM = 24  # bytes kept free for the part marker


def byte_len(text: str) -> int:
    return len(text.encode("utf-8"))


def split_text(text: str, limit: int) -> list[str]:
    """Parts of at most ``limit`` bytes; with more than one, each ends with "（i/n）"."""
    if byte_len(text) <= limit:
        return [text]
    room = limit - MARK_ROOM
    parts: list[str] = []
    current = ""
    for line in _pieces(text, room):
        candidate = f"{current}\n{line}" if current else line
        if byte_len(candidate) > room:
            parts.append(current)
            current = line
        else:
            current = candidate
    parts.append(current)
    n = len(parts)
    return [f"{part}\n{MARK.format(i=i, n=n)}" for i, part in enumerate(parts, 1)]


def _pieces(text: str, room: int) -> list[str]:
    """The lines of ``text``, with any line longer than ``room`` cut at character boundaries."""
    pieces: list[str] = []
    for line in text.split("\n"):
        while byte_len(line) > room:
            cut = _fit(line, room)
            pieces.append(line[:cut])
            line = line[cut:]
        pieces.append(line)
    return pieces


def _fit(line: str, room: int) -> int:
    size = 0
    for i, ch in enumerate(line):
        size += byte_len(ch)
        if size > room:
            return max(i, 1)
    return len(line)


async def send_parts(parts: list[str], already: int, deliver: Callable[[str], Awaitable[None]]) -> None:
    """Deliver ``parts`` from ``already`` on; a failure carries how many are out by then
    (``exc.parts_sent``), so that the retry never sends a delivered part again."""
    for n, part in enumerate(parts):
        if n < already:
            continue
        try:
            await deliver(part)
        except Exception as exc:
            exc.parts_sent = n  # type: ignore[attr-defined]
            raise
