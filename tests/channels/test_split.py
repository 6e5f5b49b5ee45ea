"""Splitting replies to a byte limit: on lines, numbered, nothing lost."""
from __future__ import annotations

import pytest

from bot.channels.split import byte_len, split_text


def unsplit(parts: list[str]) -> str:
    return "\n".join(p.rsplit("\n", 1)[0] for p in parts) if len(parts) > 1 else parts[0]


@pytest.mark.parametrize("text", [
    "短消息",
    "\n".join(["一行中文内容"] * 200),
    "很长的一行没有换行" * 400,
    "混合 ascii and 中文\n" * 150 + "最后一行",
    "\n\n空行\n\n" * 100,
], ids=["short", "many-lines", "one-long-line", "mixed", "blank-lines"])
@pytest.mark.parametrize("limit", [2048, 4096])
def test_parts_fit_and_join_back_to_the_text(text, limit):
    parts = split_text(text, limit)
    assert all(byte_len(p) <= limit for p in parts)
    if all(byte_len(line) < limit - 24 for line in text.split("\n")):
        assert unsplit(parts) == text
    else:  # an over-long line is cut between characters, each piece on its own line
        assert unsplit(parts).replace("\n", "") == text.replace("\n", "")


def test_parts_are_numbered():
    parts = split_text("\n".join(["第一行内容"] * 500), 2048)
    assert [p.rsplit("\n", 1)[1] for p in parts] == [f"（{i}/{len(parts)}）" for i in range(1, len(parts) + 1)]
