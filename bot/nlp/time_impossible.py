"""Dates and times that do not exist ("2月30日", "13月", "25点"), reported with the reason to show.

``find_times`` never reads these as some other date; this module says what was wrong, so the
bot can answer "2026年2月只有28天" instead of ignoring the time. It is the one rule: the forms
(``bot.forms.parsers``) and the plan import say the same. 2月29日 without a year is left alone
(leap years have it); with a year that is not a leap year it is reported ("2027年2月只有28天").
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .normalize import normalize

__all__ = ["ImpossibleTime", "find_impossible", "find_impossible_normalized"]


@dataclass(frozen=True)
class ImpossibleTime:
    text: str
    span: tuple[int, int]
    reason: str  # what to tell the person: "2026年2月只有28天"

    def as_json(self) -> dict:
        return {"text": self.text, "reason": self.reason}


def _no_month(month: int) -> str:
    return f"一年只有12个月，没有{month}月"


def _month_day(m: re.Match, year: int | None) -> str | None:
    """A day past the month's end, in the year written (else the year of ``now``)."""
    month, day = int(m["m"]), int(m["d"])
    if not 1 <= month <= 12:
        return _no_month(month)
    written = int(m["y"]) if m["y"] else None
    if m["rel"] and year:  # "明年3月35日": the year it names
        written = year + RELATIVE_YEARS[m["rel"]]
    if day == 0:
        return f"没有{month}月0日，日期从1日起"
    if month == 2 and day == 29 and not written:
        return None  # leap years have it
    year = written or year
    days = calendar.monthrange(year or 2000, month)[1]
    if day <= days:
        return None
    return f"{year}年{month}月只有{days}天" if year else f"{month}月最多{days}天"


RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "本年": 0, "明年": 1, "后年": 2, "大后年": 3}


RULES: tuple[tuple[str, str, Callable[[re.Match, int | None], str | None]], ...] = (
    ("month_day", r"(?<![\d.])(?:(?P<y>\d{4})年|(?P<rel>前年|去年|今年|本年|明年|大后年|后年))?"
                  r"(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号](?![楼院线馆厅室门窗文令])", _month_day),
    ("month", r"(?<![\d.])(?P<m>1[3-9]|[2-9]\d)月(?!份额)", lambda m, _: _no_month(int(m["m"]))),
    ("day", r"(?<![\d.月])(?P<d>3[2-9]|[4-9]\d)(?P<u>[日号])(?![楼院线馆厅室门窗文令])",
     lambda m, _: f"一个月最多31天，没有{m['d']}{m['u']}"),
    ("clock", r"(?<![\d.:])(?P<h>2[5-9]|[3-9]\d)(?P<u>[点时])(?![几多])",
     lambda m, _: f"一天只到24点，没有{m['h']}{m['u']}"),
    ("minute", r"(?<![\d.:])\d{1,2}[点时](?P<mi>[6-9]\d)分", lambda m, _: f"一小时只有60分钟，没有{m['mi']}分"),
)
_COMPILED = tuple((re.compile(pattern), reason) for _, pattern, reason in RULES)
_HINT = re.compile(r"\d[月日号点时]")


def find_impossible_normalized(norm: str, now: datetime | None = None, *, ahead: bool = False) -> list[ImpossibleTime]:
    """Impossible dates and times of normalised text, left to right; ``now`` gives the year of a
    date written without one ("2月30日" in 2026: "2026年2月只有28天"), the next year's for a
    month already past when the date is of something ahead (``ahead``: a registration, a move)."""
    if not _HINT.search(norm):
        return []
    year = now.year if now else None
    found: list[ImpossibleTime] = []
    for regex, reason_of in _COMPILED:
        for m in regex.finditer(norm):
            said = m.groupdict()
            if ahead and year and now and said.get("m") and not said.get("y") and not said.get("rel") \
                    and 1 <= int(said["m"]) < now.month:
                reason = reason_of(m, year + 1)  # "2月30日" said in December of an event: next February
            else:
                reason = reason_of(m, year)
            if reason and not any(f.span[0] < m.end() and m.start() < f.span[1] for f in found):
                found.append(ImpossibleTime(m.group(), (m.start(), m.end()), reason))
    return sorted(found, key=lambda f: f.span)


def find_impossible(text: str, now: datetime | None = None, *, ahead: bool = False) -> list[ImpossibleTime]:
    return find_impossible_normalized(normalize(text), now, ahead=ahead)
