"""What a plan table's columns are called, and the shapes of their cells.

Only pre-processing specific to plans lives here (finding a time cell in a pasted row,
"20198" meaning 2019年8月, wrap artifacts); the time itself is read by ``bot.nlp.times``.
"""
from __future__ import annotations

import re

# Column → header words, longest first within the table so "发布主题" wins over "主题".
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "unit": ("牵头发布单位", "发布单位", "访谈单位", "责任单位", "牵头单位", "主办单位", "单位"),
    "co_units": ("配合单位", "协办单位", "参与单位"),
    "topic": ("发布主题", "访谈主题", "发布内容", "访谈内容", "主题", "内容"),
    "time": ("拟发布时间", "拟访谈时间", "时间安排", "发布时间", "访谈时间", "计划时间", "时间"),
    "location": ("发布地点", "地点"),
    "speaker": ("发布人", "发言人", "访谈嘉宾", "嘉宾"),
    "form": ("访谈形式", "形式"),
}
ALL_WORDS = sorted(
    ((w, col) for col, words in COLUMN_WORDS.items() for w in words), key=lambda p: -len(p[0])
)
# Words in a table's title or header that say what the plan is about.
KIND_WORDS = (("访谈", "online_interview"), ("发布会", "press_conference"), ("新闻发布", "press_conference"))
SUBTYPE_WORDS = (("微视频", "微视频访谈"), ("视频访谈", "微视频访谈"), ("网上", "网上访谈"),
                 ("政策解读", "政策解读"), ("吹风会", "政策解读"))
UNDECIDED_TOPIC = re.compile(r"^(?:由.{0,8}(?:单位|部门).{0,4}确定|待定|暂定|另行确定|未定)$")

CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…·"
_SPACE_IN_CJK = re.compile(rf"(?<=[{CJK}0-9])\s+(?=[{CJK}0-9])")
_SPACE_AT_DIGIT = re.compile(rf"(?<=[{CJK}])\s+(?=\d)|(?<=\d)\s+(?=[{CJK}])")

_YEAR = r"(?:\d{4}\s*年\s*)?"
_MONTH = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_PART = r"(?:上中旬|中下旬|上旬|中旬|下旬|初|中|底|末)?"
_TIME_BODY = (
    rf"{_MONTH}\s*月\s*\d{{1,2}}\s*[日号]"
    rf"|{_MONTH}(?:\s*[-—~至]\s*{_MONTH})?\s*月\s*份?\s*{_PART}"
    r"|第?[一二三四1-4]\s*季度|Q[1-4]|上半年|下半年|全年|年底|年初"
)
COMPACT_MONTH = re.compile(r"(?<!\d)(20\d{2})(1[0-2]|0?[1-9])(?!\d)")
# A whole time cell inside a space-separated pasted row: bounded by whitespace or the row's ends.
TIME_CELL = re.compile(rf"(?:(?<=\s)|^)(?:{_YEAR}(?:{_TIME_BODY})|20\d{{2}}(?:1[0-2]|0?[1-9]))(?=\s|$)")
TIME_CELL_EXACT = re.compile(rf"^(?:{_YEAR}(?:{_TIME_BODY})|20\d{{2}}(?:1[0-2]|0?[1-9]))$")

# Title words after which a speaker's name follows ("副局长 马超").
TITLE_WORDS = (
    "大队长", "秘书长", "董事长", "副局长", "局长", "副主任", "主任", "成员", "委员", "督学", "领导",
    "书记", "中心", "主席", "部长", "处长", "科长", "股长", "站长", "所长", "院长", "校长", "经理",
    "镇长", "乡长", "区长", "县长", "市长", "队长", "组长", "负责人", "发言人", "馆长", "主管",
)
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
LOCATION_TAIL = re.compile(r"\S*(?:发布厅|会议室|演播室|大厅|会场|礼堂|报告厅)$")


def column_of(header_cell: str) -> str | None:
    text = re.sub(r"\s+", "", header_cell)
    for word, col in ALL_WORDS:
        if text == word or (len(text) <= len(word) + 4 and word in text):
            return col
    return None


def is_fragment(token: str) -> bool:
    """A piece of a header word broken across lines ("序" / "号")."""
    return len(token) <= 3 and any(token in w and token != w for w, _ in ALL_WORDS)


def compact_time(text: str) -> str:
    """Spaces out, and "20198" → "2019年8月" (what a pasted Excel date cell becomes)."""
    text = re.sub(r"\s+", "", text)
    return COMPACT_MONTH.sub(lambda m: f"{m[1]}年{int(m[2])}月", text) if text.isdigit() else text


def clean_text(text: str, *, wrapped_with_spaces: bool = False) -> str:
    """One line; PDF spaces around digits dropped; wrap spaces between CJK dropped if asked."""
    text = re.sub(r"[ \t\u3000\xa0]+", " ", text.replace("\r", "")).strip()
    text = re.sub(r"\s*\n\s*", "", text)  # a cell wrapped across lines
    text = _SPACE_AT_DIGIT.sub("", text)
    if wrapped_with_spaces:
        text = _SPACE_IN_CJK.sub("", text)
    return text


def clean_topic(text: str, *, wrapped_with_spaces: bool = False) -> str:
    text = clean_text(text, wrapped_with_spaces=wrapped_with_spaces)
    return "待定" if not text or UNDECIDED_TOPIC.match(text) else text


def clean_speaker(text: str) -> str | None:
    """"党工委成员、副 局长章功进" → "党工委成员、副局长 章功进": title, one space, name."""
    squeezed = re.sub(r"\s+", "", text)
    if not squeezed:
        return None
    for name_len in (2, 3, 4):
        title, name = squeezed[:-name_len], squeezed[-name_len:]
        if title.endswith(TITLE_WORDS) and _NAME.match(name):
            return f"{title} {name}"
    return clean_text(text)


def split_units(text: str) -> list[str]:
    """"市财政局、市农业农村局" → both; spaces inside a wrapped name dropped."""
    parts = re.split(r"[、，,；;/／\n]+", text)
    return [re.sub(r"\s+", "", p) for p in parts if p.strip()]


def subtype_of(*texts: str | None) -> str | None:
    for text in texts:
        for word, subtype in SUBTYPE_WORDS:
            if text and word in text:
                return subtype
    return None


def kind_of(*texts: str | None) -> str | None:
    for text in texts:
        for word, kind in KIND_WORDS:
            if text and word in text:
                return kind
    return None


YEAR_OF_PLAN = re.compile(r"(\d{4})\s*年\s*度")


def plan_year_in(text: str | None) -> int | None:
    match = YEAR_OF_PLAN.search(text or "")
    return int(match[1]) if match else None
