"""Kind, location and speaker of an event (the topic has its own module).

- kind: 发布会/吹风会/解读会/通气会 → press_conference; 网上访谈/在线访谈/微视频访谈/访谈 →
  online_interview; 发布 used as a verb ("7月下旬发布上半年经济数据") is a press conference.
- location: 在X召开/举行/举办/开 or 地点：X.
- speaker: 发布人是X / 发布人：X / 发布人X (also 发言人, 主讲人, 嘉宾), kept as written ("副局长 孙丽").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

KINDS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"(?:新闻)?(?:发布会|吹风会|解读会|通气会)"), "press_conference"),
    (re.compile(r"(?:网上|在线|微视频|视频|直播)?访谈"), "online_interview"),
)
PUBLISH_VERB = re.compile(r"发布(?![会人厅稿])")

_STOP = "，。,；;！!？?\n"
_LOCATIONS = (
    re.compile(rf"(?<![正现存所实])在(?P<x>[^{_STOP} 在]{{2,30}}?)(?:召开|举行|举办|开展|进行|录制|直播|开)"),
    re.compile(rf"(?:地点|地址|会场)(?:是|为|在|[:：])\s?(?P<x>[^{_STOP}]{{1,40}})"),
)
_SPEAKER = re.compile(rf"(?:发布人|发言人|主讲人|访谈嘉宾|发布嘉宾|嘉宾|出席人)(?:是|为|[:：])?\s?(?!谁|哪)"
                      rf"(?P<x>[^{_STOP}]{{1,30}})")


@dataclass(frozen=True)
class Found:
    value: str
    span: tuple[int, int]


@dataclass(frozen=True)
class KindWord:
    kind: str
    span: tuple[int, int]


def find_kind(text: str) -> KindWord | None:
    """The first kind word of the text."""
    best: KindWord | None = None
    for pattern, kind in KINDS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best.span[0]):
            best = KindWord(kind, match.span())
    return best


def _first(patterns, text: str, avoid: list[tuple[int, int]]) -> Found | None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span("x")
            value = match.group("x").strip()
            if value and not any(s < end and start < e for s, e in avoid) and "发布会" not in value:
                return Found(value, (start, end))
    return None


def find_location(text: str, avoid: list[tuple[int, int]]) -> Found | None:
    """Where the event takes place; ``avoid`` are spans (times) a place cannot overlap."""
    return _first(_LOCATIONS, text, avoid)


def find_speaker(text: str) -> Found | None:
    return _first((_SPEAKER,), text, [])
