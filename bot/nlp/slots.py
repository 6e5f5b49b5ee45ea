"""Kind, location and speaker of an event (the topic has its own module).

- kind: 发布会/吹风会/解读会/通气会 → press_conference; 网上访谈/在线访谈/微视频访谈/访谈 →
  online_interview; 发布 used as a verb ("7月下旬发布上半年经济数据") is a press conference.
- location: 在X召开/举行/举办/开 or 地点：X.
- speaker: 发布人是X / 发布人：X / 发布人X (also 发言人, 主讲人, 嘉宾), kept as written ("副局长 孙丽").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .intent_words import PUBLISH

KINDS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"(?:例行)?(?:新闻)?(?:发布会|吹风会|解读会|通气会)"), "press_conference"),  # 例行: its type
    (re.compile(r"(?:网上|在线|微视频|视频|直播)?访谈"), "online_interview"),
)
PUBLISH_VERB = re.compile(PUBLISH)

_STOP = "，。,；;！!？?\n"
_PLACE_NOUN = "(?:会议室|发布厅|演播厅|报告厅|礼堂|大厅|会场|多功能厅|演播室|直播间)"
_TITLE = ("(?:副?(?:局长|主任|书记|区长|县长|市长|镇长|部长|主席|院长|处长|科长|队长|站长|所长|总经理|秘书长|"
          "新闻发言人)|党组书记|一级调研员|二级调研员)")
_LOCATIONS = (
    # 在线 is "online" (在线访谈), not 在 + a place
    re.compile(rf"(?<![正现存所实])在(?!线(?!上))(?P<x>[^{_STOP} 在]{{2,30}}?)"
               r"(?:召开|举行|举办|开展|进行|录制|直播|开)"),
    # "线上召开", "以网上方式举行": held online
    re.compile(r"(?:在|以|通过)?(?P<x>线上|网上|云上)(?:方式|形式)?(?:召开|举行|举办|开展|进行|直播|开)"),
    re.compile(rf"(?:^|(?<=[{_STOP} ]))(?P<x>线上|网上)(?=[{_STOP}]|$)"),  # "…开发布会，线上"
    re.compile(rf"(?:地点|地址|会场)(?:是|为|在|[:：])\s?(?P<x>[^{_STOP}]{{1,40}})"),
    # "…开发布会，在教育局五楼会议室": a place said last, named by what kind of room it is
    re.compile(rf"(?:^|[{_STOP} ])在(?P<x>[^{_STOP} 在]{{1,30}}?{_PLACE_NOUN})(?=[{_STOP}]|$)"),
)
_SPEAKER = re.compile(rf"(?:发布人|发言人|主讲人|访谈嘉宾|发布嘉宾|嘉宾|出席人)(?:是|为|[:：])?\s?(?!谁|哪)"
                      rf"(?P<x>[^{_STOP}]{{1,30}})")


# "由局长张伟发布", "由副主任 周强介绍", "由局长张伟、副局长李娜发布": the speaker named with the
# verb, no 发布人 word; without 由, a clause that opens with the title says it ("，副局长李明出席并发布").
_PERSON = rf"{_TITLE}\s?[\u4e00-\u9fa5·]{{2,4}}?"
_SPEAKER_BY = re.compile(rf"由(?P<x>[\u4e00-\u9fa5]{{0,8}}?{_PERSON}(?:[、和及]{_PERSON})*)(?:同志)?"
                         r"(?:发布|主讲|介绍|出席|解读|作?答|参加|主持)")
_SPEAKER_SAYS = re.compile(rf"(?:^|(?<=[{_STOP} ]))(?P<x>{_PERSON}(?:[、和及]{_PERSON})*)(?:同志)?"
                           r"(?:(?:出席并?)?(?:发布|解读)(?![会人厅稿])|出席|主讲|作答|答问)")


# "在哪里开" asks for the place, it names none
_ASKED_PLACE = re.compile(r"哪|何处|何地|什么地方|啥地方")


@dataclass(frozen=True)
class Found:
    value: str
    span: tuple[int, int]


@dataclass(frozen=True)
class KindWord:
    kind: str
    span: tuple[int, int]


# A held event's numbers tell its kind without a kind word: media came to a press conference,
# net users asked in an online interview.
HELD_KIND = ((re.compile(r"网友|网民"), "online_interview"), (re.compile(r"媒体|记者"), "press_conference"))
# "媒体有电视台、日报社、融媒体中心": a list of the media that came names no unit of the event
MEDIA_LIST = re.compile(r"(?:媒体|新闻单位)(?:有|是|包括|为|[:：])[^。\n]*")
# "根据《2026年区政府新闻发布工作计划》，…": a document's title names no time, unit or topic of the event
DOCUMENT_TITLE = re.compile(r"《[^《》\n]{1,80}》")


def held_kind(text: str) -> str | None:
    return next((kind for pattern, kind in HELD_KIND if pattern.search(text)), None)


def find_kinds(text: str) -> list[KindWord]:
    """Every kind word of the text, left to right ("发布会预告：…举行食品安全周新闻发布会")."""
    found = [KindWord(kind, m.span()) for pattern, kind in KINDS for m in pattern.finditer(text)]
    return sorted(found, key=lambda k: k.span)


def find_kind(text: str) -> KindWord | None:
    """The first kind word of the text."""
    kinds = find_kinds(text)
    return kinds[0] if kinds else None


def _first(patterns, text: str, avoid: list[tuple[int, int]]) -> Found | None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span("x")
            value = match.group("x").strip()
            if (value and not any(s < end and start < e for s, e in avoid) and "发布会" not in value
                    and not _ASKED_PLACE.match(value)):
                return Found(value, (start, end))
    return None


def find_location(text: str, avoid: list[tuple[int, int]]) -> Found | None:
    """Where the event takes place; ``avoid`` are spans (times) a place cannot overlap."""
    return _first(_LOCATIONS, text, avoid)


def find_speaker(text: str) -> Found | None:
    return _first((_SPEAKER, _SPEAKER_BY, _SPEAKER_SAYS), text, [])
