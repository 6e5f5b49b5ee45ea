"""The smallest time words, as an ordered table of (name, pattern, reader).

A reader turns a match into an ``Atom``: which calendar level it fills and its values.
``times`` joins neighbouring atoms into one expression (2026年 + 10月 + 20日 + 下午 + 3点)
and ``time_resolve`` turns the expression into a window. Patterns run on normalised text
(half-width digits, Chinese numerals already read as numbers), are anchored on literal
characters and have no nested repetition, so none can backtrack catastrophically.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR

from .time_words import HOLIDAY_NAMES, HOLIDAY_RULES, PERIOD_RULES, SHORT_NAMES
from .time_words import LEVELS as _LEVELS

# Calendar levels: an expression only grows towards finer levels (year → month → day → clock).
YEAR, YEAR_PART, MONTH, DAY, PART_OF_DAY, CLOCK = _LEVELS

WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
            "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
MONTH_PARTS = {  # first and last day; 31 means "end of the month"
    "上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "中下旬": (11, 31), "上中旬": (1, 20),
    "初": (1, 10), "中": (11, 20), "底": (21, 31), "末": (21, 31),
    "上半月": (1, 15), "下半月": (16, 31),
}
YEAR_PARTS = {  # first and last month
    "上半年": (1, 6), "下半年": (7, 12), "年底": (12, 12), "年末": (12, 12),
    "年初": (1, 1), "年中": (6, 7), "全年": (1, 12),
}
REL_DAYS = {"今天": 0, "今日": 0, "当天": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3,
            "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3,
            "今晚": 0, "今早": 0, "明晚": 1, "明早": 1, "次日": 1, "翌日": 1,
            "昨晚": -1, "昨夜": -1, "今夜": 0, "当晚": 0, "昨早": -1, "今晨": 0, "明晨": 1}
PARTS_OF_DAY = ("上午", "早上", "早晨", "清晨", "凌晨", "中午", "下午", "午后", "傍晚", "晚上", "晚间", "夜里")
REL_YEARS = {"今年": 0, "本年": 0, "本年度": 0, "明年": 1, "来年": 1, "后年": 2, "去年": -1, "前年": -2,
             "上一年": -1, "下一年": 1, "上1年": -1, "下1年": 1, "大前年": -3, "大后年": 3}
REL_MONTHS = {"本月": 0, "这个月": 0, "这月": 0, "当月": 0, "下个月": 1, "下月": 1, "次月": 1,
              "下下个月": 2, "下下月": 2, "上个月": -1, "上月": -1}
REL_WEEKS = {"本": 0, "这": 0, "这个": 0, "下": 1, "下个": 1, "下下": 2, "下下个": 2,
             "上": -1, "上个": -1, "上上": -2, "上上个": -2}

# The 下 of 一下 / 看下 / 查下 (a verb's "a bit") is no "next": "列一下下月访谈" is next month's,
# "查一下下个礼拜" next week's; elsewhere 下下 is the one after next.
_NOT_VERB_XIA = r"(?:(?<![一看查问列瞧说讲聊])|(?!下下))"
_MPART = r"(?P<mp>中下旬|上中旬|上旬|中旬|下旬|上半月|下半月|初|末|底|中(?![国央心华共期层小学医级秋考部标介文外]))?"


@dataclass(frozen=True)
class Atom:
    level: int
    start: int
    end: int
    values: dict = field(default_factory=dict)


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _int(m: re.Match, name: str) -> int | None:
    value = m.group(name)
    return int(value) if value is not None else None


def _ymd(m):
    values = {"year": int(m["y"]), "month": int(m["m"]), "day": int(m["d"])}
    if m["h"] is not None:
        values["clock"] = (int(m["h"]), int(m["mi"]))
    return DAY, values


def _clock(m):
    hour = _int(m, "h") if m["h"] is not None else _int(m, "h2")
    minute = _int(m, "mi") if m["mi"] is not None else _int(m, "mi2")
    if m["half"]:
        minute = 30
    elif m["q"]:
        minute = 15 if m["q"] in ("一刻", "1刻") else 45
    return CLOCK, {"clock": (hour, minute or 0), "colon": m["h2"] is not None}


def _year(m):
    digits = m["y"]  # never int() of thousands of digits
    return YEAR, {"year": MAXYEAR if len(digits) > 4 else max(int(digits), MINYEAR)}


def _two_digit_year(m):
    yy = int(m["y"])
    return YEAR, {"year": (2000 if yy <= 50 else 1900) + yy}


def _week(m):
    return DAY, {"week": REL_WEEKS[m["r"]], "weekday": m["wd"]}


RULES: tuple[tuple[str, str, Callable], ...] = (
    ("ymd", r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d.])"
            r"(?:[T ](?P<h>\d{1,2}):(?P<mi>\d{2}))?", _ymd),
    *HOLIDAY_RULES,
    *PERIOD_RULES,
    ("year", r"(?<!\d)(?P<y>\d{4})年度?", _year),
    # a year no calendar has ("12345年3月", "0年") is still the year said: the register refuses it
    # (``store.rules.YEARS``) instead of the month being read as this year's
    ("year_far", r"(?<![\d.])(?P<y>\d{5,}|0)年度?", _year),
    ("year2", r"(?<![\d.])(?P<y>\d{2})年(?![代级龄来内间以多左之半前后度])", _two_digit_year),
    # 07年 is a year even before 以后/前: a count of years has no leading zero
    ("year2z", r"(?<![\d.])(?P<y>0\d)年(?![代级龄度])", _two_digit_year),
    ("rel_year", rf"(?P<r>{_alt(REL_YEARS)})", lambda m: (YEAR, {"year_offset": REL_YEARS[m["r"]]})),
    ("year_part", rf"(?P<p>{_alt(YEAR_PARTS)})", lambda m: (YEAR_PART, {"months": YEAR_PARTS[m["p"]]})),
    ("quarter", r"(?:第(?P<q>[1-4])季度?|(?<!\d)(?P<q2>[1-4])季度|(?<![A-Za-z])[Qq](?P<q3>[1-4])(?!\d)"
                r"|(?P<q4>首)季度?)",
     lambda m: (YEAR_PART, {"quarter": 1 if m["q4"] else int(m["q"] or m["q2"] or m["q3"])})),
    ("month", rf"(?:(?<![\d.])(?P<m>\d{{1,2}})|(?P<first>元|首))月份?{_MPART}",
     lambda m: (MONTH, {"month": int(m["m"]) if m["m"] else 1, "part": m["mp"]})),
    ("rel_month", rf"{_NOT_VERB_XIA}(?P<r>{_alt(REL_MONTHS)})份?{_MPART}",
     lambda m: (MONTH, {"month_offset": REL_MONTHS[m["r"]], "part": m["mp"]})),
    ("bare_part", r"月(?P<mp>初|中|底|末)|(?P<x>中下旬|上中旬|上旬|中旬|下旬|上半月|下半月)",
     lambda m: (MONTH, {"bare_part": m["mp"] or m["x"]})),
    ("day", r"(?<![\d.])(?P<d>\d{1,2})[日号](?![楼院线馆厅室门窗文令])",
     lambda m: (DAY, {"day": int(m["d"])})),
    ("bare_day", r"(?<=\d月)(?P<d>\d{1,2})(?=$|[\s,，。;；!！?？、)(]|上午|下午|中午|晚上|早上|召开|开|举行|举办)",
     lambda m: (DAY, {"day": int(m["d"])})),
    ("month_dot", r"(?<![\d.])(?P<m>\d{1,2})[./·](?P<d>\d{1,2})(?![\d.%万亿千元倍个米])",
     lambda m: (DAY, {"month": int(m["m"]), "day": int(m["d"])})),
    ("week", rf"{_NOT_VERB_XIA}(?P<r>下下个?|上上个?|下个?|上个?|这个?|本)(?:周|星期|礼拜)"
             r"(?:的?(?:周|星期|礼拜)(?=[1-7一二三四五六日天]))?"
             r"(?P<wd>[1-7一二三四五六日天末])?", _week),
    ("weekday", r"(?:周|星期|礼拜)(?P<wd>[1-7一二三四五六日天末])",
     lambda m: (DAY, {"weekday": m["wd"], "bare_weekday": True})),
    ("rel_day", rf"(?P<r>{_alt(REL_DAYS)})", lambda m: (DAY, {"day_offset": REL_DAYS[m["r"]], "word": m["r"]})),
    ("part_of_day", rf"(?P<p>{_alt(PARTS_OF_DAY)})|(?P<p1>[早晚])(?=\d{{1,2}}[点时:])",
     lambda m: (PART_OF_DAY, {"part_of_day": m["p"] or {"早": "早上", "晚": "晚上"}[m["p1"]]})),
    ("clock", r"(?<![\d.])(?:(?P<h>\d{1,2})[点时]"
              r"(?:(?P<half>半)|(?P<q>[一1三3]刻)|(?P<mi>\d{1,2})(?:分(?:\d{1,2}秒)?)?|整|钟)?"
              r"|(?P<h2>\d{1,2}):(?P<mi2>\d{2})(?!\d))", _clock),
)

_COMPILED = tuple((name, re.compile(pattern), reader) for name, pattern, reader in RULES)
# Every character a rule can begin with: elsewhere one test rejects the position (most of a message).
_FIRST = "".join(sorted(set("0123456789第Qq周星礼月中上下这本节农阴正冬腊大最前头后(元零〇一二两三四五六七八九十半"
                            "未今接过近当年首双早晚")
                        | {w[0] for table in (REL_YEARS, YEAR_PARTS, REL_MONTHS, REL_DAYS, PARTS_OF_DAY,
                                              HOLIDAY_NAMES, SHORT_NAMES) for w in table}))
MASTER = re.compile(f"(?=[{re.escape(_FIRST)}])(?:"
                    + "|".join(f"(?P<{name}>{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', pattern)})"
                               for name, pattern, _ in RULES) + ")")
_BY_NAME = {name: (regex, reader) for name, regex, reader in _COMPILED}


def scan_atoms(text: str) -> list[Atom]:
    """All atoms of the text, left to right, non-overlapping."""
    atoms = []
    for match in MASTER.finditer(text):
        regex, reader = _BY_NAME[match.lastgroup or ""]
        inner = regex.match(text, match.start())
        if inner is None or inner.end() != match.end():
            continue
        level, values = reader(inner)
        atoms.append(Atom(level, match.start(), match.end(), values))
    return atoms
