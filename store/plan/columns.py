"""What a plan table's columns are called, and the shapes of their cells.

Only pre-processing specific to plans lives here (finding a time cell in a pasted row,
"20198" meaning 2019年8月, wrap artifacts); the time itself is read by ``bot.nlp.times``.
"""
from __future__ import annotations

import re

# Column → header words, longest first within the table so "发布主题" wins over "主题".
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "unit": ("牵头发布单位", "发布单位", "访谈单位", "责任单位", "牵头单位", "主办单位", "报送单位", "单位名称",
             "发布部门", "责任部门", "单位"),
    "co_units": ("配合单位", "协办单位", "参与单位", "配合部门"),
    "topic": ("发布主题", "访谈主题", "发布内容", "访谈内容", "发布题目", "访谈题目", "发布议题", "主题", "内容",
              "题目", "议题"),
    "time": ("拟发布时间", "拟访谈时间", "计划发布时间", "时间安排", "发布时间", "访谈时间", "播发时间", "计划时间",
             "预计时间", "时间节点", "计划月份", "时间", "月份"),
    "location": ("发布地点", "访谈地点", "地点"),
    "speaker": ("发布人", "发言人", "访谈嘉宾", "发布嘉宾", "出席领导", "嘉宾"),
    "form": ("访谈形式", "发布形式", "访谈方式", "发布方式", "活动类型", "发布类型", "形式", "类型", "类别", "方式"),
    "note": ("备注", "说明"),
    "contact": ("联系人", "联系电话", "联系方式", "负责人", "责任人", "手机"),  # read past, not imported
}
ALL_WORDS = sorted(
    ((w, col) for col, words in COLUMN_WORDS.items() for w in words), key=lambda p: -len(p[0])
)
# Header words of the blank forms (登记表, 统计表) sent with a plan: such a table is not a plan.
FORM_WORDS = ("媒体", "记者", "网友", "提问", "链接", "审批", "全称", "拟邀请新闻", "拟邀请领导", "来宾", "是否")
_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
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
_ONE_TIME = rf"{_YEAR}(?:{_TIME_BODY})"
_LINK = r"\s*[-—~～至到、]\s*"
# A whole time cell inside a space-separated pasted row: bounded by whitespace or the row's ends.
TIME_CELL = re.compile(rf"(?:(?<=\s)|^)(?:{_ONE_TIME}|20\d{{2}}(?:1[0-2]|0?[1-9]))(?=\s|$)")
TIME_CELL_EXACT = re.compile(
    rf"^(?:{_ONE_TIME}(?:{_LINK}{_ONE_TIME})*(?:前|左右|以内|内|期间)?|20\d{{2}}(?:1[0-2]|0?[1-9]))$")
# "2026.6", "2026-06", "2026/6", "2026年6": a month whose 月 was lost.
_DOTTED_MONTH = re.compile(r"^(20\d{2})\s*(?:[./\-]|年)\s*(1[0-2]|0?[1-9])$")
_MONTH_RANGE = re.compile(r"(?<![\d月])(\d{1,2})\s*[-—~～至到、]\s*(\d{1,2})\s*月")
_QUARTER_RANGE = re.compile(r"([一二三四1-4])\s*[-—~～至到、]\s*([一二三四1-4])\s*季度")
_QUARTER_NO_DU = re.compile(r"(?<![\d一二三四])([一二三四1-4])季(?!度)")
_CN_DIGIT = {"一": "1", "二": "2", "三": "3", "四": "4"}

# Title words after which a speaker's name follows ("副局长 马超").
TITLE_WORDS = (
    "大队长", "秘书长", "董事长", "副局长", "局长", "副主任", "主任", "成员", "委员", "督学", "领导",
    "书记", "中心", "主席", "部长", "处长", "科长", "股长", "站长", "所长", "院长", "校长", "经理",
    "镇长", "乡长", "区长", "县长", "市长", "队长", "组长", "负责人", "发言人", "馆长", "主管",
)
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
LOCATION_WORDS = r"(?:厅|室|会场|礼堂|中心|基地|广场|现场|直播间)"
LOCATION_TAIL = re.compile(rf"\S*{LOCATION_WORDS}$")


def column_of(header_cell: str) -> str | None:
    """The column a header cell names ("访谈(播发)时间" → time, "发布人（职务）" → speaker)."""
    text = re.sub(r"\s+", "", header_cell)
    return _column_of(text) or _column_of(_BRACKETS.sub("", text))


def is_form_word(header_cell: str) -> bool:
    return any(word in header_cell for word in FORM_WORDS)


def _column_of(text: str) -> str | None:
    if not text:
        return None
    for word, col in ALL_WORDS:
        if text == word or (len(text) <= len(word) + 4 and word in text):
            return col
    return None


def is_fragment(token: str) -> bool:
    """A piece of a header word broken across lines ("序" / "号")."""
    return len(token) <= 3 and any(token in w and token != w for w, _ in ALL_WORDS)


def compact_time(text: str) -> str:
    """A time cell made readable: spaces out, "20198" → "2019年8月" (a pasted Excel date cell),
    "2026.6" → "2026年6月", "3-5月" → "3月至5月", "一、二季度" → "1季度至2季度"."""
    text = re.sub(r"\s+", "", text)
    if text.isdigit():
        return COMPACT_MONTH.sub(lambda m: f"{m[1]}年{int(m[2])}月", text)
    if match := _DOTTED_MONTH.match(text):
        return f"{match[1]}年{int(match[2])}月"
    text = _MONTH_RANGE.sub(lambda m: f"{m[1]}月至{m[2]}月", text)
    text = _QUARTER_NO_DU.sub(r"\1季度", text)
    return _QUARTER_RANGE.sub(lambda m: f"{_CN_DIGIT.get(m[1], m[1])}季度至{_CN_DIGIT.get(m[2], m[2])}季度", text)


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
    """"党工委成员、副 局长章功进" → "党工委成员、副局长 章功进": title, one space, name;
    several people ("局长吴刚、副局长陈红") each so, joined by "、"."""
    squeezed = re.sub(r"\s+", "", text)
    if not squeezed:
        return None
    people, pending = [], ""
    for part in re.split(r"[、，,；;]", squeezed):
        pending = f"{pending}、{part}" if pending else part
        if person := _title_and_name(pending):
            people.append(person)
            pending = ""
    if people and not pending:
        return "、".join(people)
    return clean_text(text)


def _title_and_name(text: str) -> str | None:
    for name_len in (2, 3, 4):
        title, name = text[:-name_len], text[-name_len:]
        if title.endswith(TITLE_WORDS) and _NAME.match(name):
            return f"{title} {name}"
    return None


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
