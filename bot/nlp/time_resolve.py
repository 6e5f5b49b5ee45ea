"""Turning a joined time expression into an inclusive window.

Resolution rules (issue 2 §4):

- A month, 旬, quarter or half-year written without a year: with ``prefer_future`` (register,
  reschedule) it is the nearest one that has not ended yet — in November "1月份" is next January;
  without it (query, cancel, report) it is in the current year. A day written without a month
  ("20号") or a bare 旬 ("下旬") is in the current month, or the next one if it has ended and
  ``prefer_future`` is set. Relative words (本月, 下个月, 明年, 下周) are never shifted.
- 上旬 1–10, 中旬 11–20, 下旬 21–end, 中下旬 11–end, 月初 1–10, 月中 11–20, 月底/月末 21–end;
  年底 December, 上半年 Jan–Jun, 下半年 Jul–Dec, 今年/全年 the whole year; 一季度/第三季度/Q3.
- Weeks run Monday–Sunday: 本周X/这周X is that day of this week (even if past), 下周X of next
  week, 下下周X of the week after; 本周/下周 alone is the whole week; a bare 周X is the next such
  day from today, today included; 周末 is Saturday–Sunday.
- A part of the day without an hour (下午) keeps day precision. 上午/早上 h → h; 下午/晚上 h →
  h+12 for h < 12; 中午 1–2 → 13–14; a bare h点 with h in 1–6 is afternoon. A clock time
  without a date is today; on a window longer than a day the clock is dropped.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .time_atoms import MONTH_PARTS, WEEKDAYS

_EVENING = {"下午", "午后", "傍晚", "晚上", "晚间", "夜里"}
_EVENING_WORDS = {"今晚", "明晚"}


@dataclass(frozen=True)
class Window:
    start: date | datetime
    end: date | datetime
    precision: str  # "day" or "minute"


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_window(year: int, month: int, part: str | None, day: int | None):
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    last = _last_day(year, month)
    if day is not None:
        return (date(year, month, day),) * 2 if 1 <= day <= last else None
    first, final = MONTH_PARTS[part] if part else (1, 31)
    return date(year, month, first), date(year, month, min(final, last))


def _add_months(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + offset
    return index // 12, index % 12 + 1


def _calendar_window(f: dict, year: int):
    """The window in ``year`` (month/day given, or the part of the year)."""
    if "month" in f:
        return _month_window(year, f["month"], f.get("part"), f.get("day"))
    if "quarter" in f:
        q = f["quarter"]
        return date(year, 3 * q - 2, 1), date(year, 3 * q, _last_day(year, 3 * q))
    first, last = f.get("months", (1, 12))
    return date(year, first, 1), date(year, last, _last_day(year, last))


def _monthly_window(f: dict, today: date, prefer_future: bool):
    """Day or 旬 in the current month (or the next month, when ended and preferring the future)."""
    part, day = f.get("bare_part"), f.get("day")
    window = _month_window(today.year, today.month, part, day)
    if prefer_future and (window is None or window[1] < today):
        year, month = _add_months(today.year, today.month, 1)
        window = _month_window(year, month, part, day)
    return window


def _week_window(f: dict, today: date):
    wd = f.get("weekday")
    if "week" in f:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=f["week"])
        if wd is None:
            return monday, monday + timedelta(days=6)
        if wd == "末":
            return monday + timedelta(days=5), monday + timedelta(days=6)
        return (monday + timedelta(days=WEEKDAYS[wd]),) * 2
    if wd == "末":
        saturday = today + timedelta(days=(5 - today.weekday()) % 7 if today.weekday() < 6 else -1)
        return saturday, saturday + timedelta(days=1)
    return (today + timedelta(days=(WEEKDAYS[wd] - today.weekday()) % 7),) * 2


def date_window(f: dict, today: date, prefer_future: bool):
    if "day_offset" in f:
        return (today + timedelta(days=f["day_offset"]),) * 2
    if "week" in f or f.get("bare_weekday"):
        return _week_window(f, today)
    if "month_offset" in f:
        year, month = _add_months(today.year, today.month, f["month_offset"])
        return _month_window(year, month, f.get("part"), f.get("day"))
    if "bare_part" in f or ("day" in f and "month" not in f):
        return _monthly_window(f, today, prefer_future)
    if "year" in f or "year_offset" in f:
        return _calendar_window(f, f.get("year", today.year + f.get("year_offset", 0)))
    if not ({"month", "quarter", "months"} & f.keys()):
        return None
    window = _calendar_window(f, today.year)
    if prefer_future and window is not None and window[1] < today:
        window = _calendar_window(f, today.year + 1)
    return window


def _hour(f: dict) -> tuple[int, int] | None:
    hour, minute = f["clock"]
    part = f.get("part_of_day")
    if part is None and f.get("word") in _EVENING_WORDS:
        part = "晚上"
    if part in _EVENING and hour < 12:
        hour += 12
    elif part == "中午" and 1 <= hour <= 2:
        hour += 12
    elif part is None and 1 <= hour <= 6:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def resolve(f: dict, now: datetime, prefer_future: bool) -> Window | None:
    today = now.date()
    has_date = bool(f.keys() - {"clock", "colon", "part_of_day"})
    window = date_window(f, today, prefer_future) if has_date else (today, today)
    if window is None:
        return None
    if "clock" not in f or window[0] != window[1]:
        return Window(window[0], window[1], "day")
    clock = _hour(f)
    if clock is None:
        return None
    moment = datetime(window[0].year, window[0].month, window[0].day, *clock)
    return Window(moment, moment, "minute")
