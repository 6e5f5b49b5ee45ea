"""Turning a joined time expression into an inclusive window.

Resolution rules (issue 2 §4, issue 15):

- What leaves its year (a month, 旬, quarter, half-year, holiday, lunar date), its month (20号,
  下旬) or its week (周五) unsaid is placed by the *lean* the caller passes:
  ``future`` — the nearest one that has not ended (in November "1月份" is next January);
  ``past`` — the latest one that has begun (in April "10月28日" is last October);
  ``nearest`` — the one closest to today, either way;
  ``current`` — in the current year or month (what ``prefer_future=False`` always meant);
  ``recent`` — like future, but one that ended lately still counts: three months for a year left
  unsaid, two days for a week; a day of the month is this month's (last month's if it was in the
  last week); 年底/上半年 stay this year's (the time that names an event being moved or
  cancelled: in December "10月份的发布会改到…" is this October).
  Relative words (本月, 下个月, 明年, 下周, 今年春节) are never shifted.
- 上旬 1–10, 中旬 11–20, 下旬 21–end, 中下旬 11–end, 月初 1–10, 月中 11–20, 月底/月末 21–end;
  年底 December, 上半年 Jan–Jun, 下半年 Jul–Dec, 今年/全年 the whole year; 一季度/第三季度/Q3;
  weeks of a month, the n-th weekday and 前N个月 as in ``time_periods``; holidays as in ``holidays``.
- Weeks run Monday–Sunday: 本周X/这周X is that day of this week (even if past), 下周X of next
  week, 下下周X of the week after; 本周/下周 alone is the whole week; a bare 周X leans like the
  rest (future: the next such day, today included); 周末 is Saturday–Sunday.
- A part of the day without an hour (下午) keeps day precision. 上午/早上 h → h; 下午/晚上 h →
  h+12 for h < 12; 中午 1–2 → 13–14; a bare h点 with h in 1–6 is afternoon; 24点 is 23:59. A clock
  time without a date is today; on a window longer than a day the clock is dropped.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from . import holidays
from .time_periods import Span, in_month, in_week, in_year, last_day
from .time_words import ANY_FESTIVAL

__all__ = ["LEANS", "Window", "choose", "resolve"]

LEANS = ("future", "past", "nearest", "current", "recent")
# How long ago a time that names an event being moved may have ended, by what it leaves unsaid:
# its year (in December "10月份的发布会改到…" is this October), its month, its week.
_GRACE = {"year": timedelta(days=92), "month": timedelta(days=7), "week": timedelta(days=2)}
_EVENING = {"下午", "午后", "傍晚", "晚上", "晚间", "夜里"}
_EVENING_WORDS = {"今晚", "明晚", "昨晚", "昨夜", "今夜", "当晚"}
_MORNING_WORDS = {"今早", "明早", "昨早", "今晨", "明晨"}


@dataclass(frozen=True)
class Window:
    start: date | datetime
    end: date | datetime
    precision: str  # "day" or "minute"


def _distance(window: Span, today: date) -> int:
    if window[0] <= today <= window[1]:
        return 0
    return min(abs((window[0] - today).days), abs((today - window[1]).days))


def choose(candidates: list[Span | None], today: date, lean: str, current: int = 1,
           scale: str = "year") -> Span | None:
    """One of the candidates (in time order; ``current`` is the one of this year/month/week)."""
    valid = [w for w in candidates if w is not None]
    if lean == "current" or not valid:
        return candidates[current]
    if lean == "future":
        return next((w for w in valid if w[1] >= today), valid[-1])
    if lean == "recent":
        return _recent(candidates, valid, _ago(today, _GRACE[scale]), current, scale)
    if lean == "past":
        return next((w for w in reversed(valid) if w[0] <= today), valid[0])
    return min(reversed(valid), key=lambda w: _distance(w, today))


def _recent(candidates: list[Span | None], valid: list[Span], since: date, current: int, scale: str) -> Span | None:
    if scale == "month":  # 原定10号: this month's, or last month's of last week
        last = candidates[current - 1]
        return last if last and last[1] >= since else candidates[current]
    return next((w for w in valid if w[1] >= since), valid[-1])


def _ago(today: date, delta: timedelta) -> date:
    return today - delta if today - date.min > delta else date.min  # the first days of year 1


def _add_months(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + offset
    return index // 12, index % 12 + 1


def _by_year(make: Callable[[int], Span | None], today: date, lean: str) -> Span | None:
    return choose([make(today.year + k) for k in (-1, 0, 1)], today, lean)


def _lunar_day(year: int, lunar: tuple[int, int | None]) -> Span | None:
    month, day = lunar
    if not day:
        return None
    from lunardate import LunarDate

    try:
        # 腊月 falls in January or February: the 腊月 of a year's winter is of the lunar year before
        solar = LunarDate(year - 1 if month == 12 else year, month, day).to_solar_date()
    except ValueError:
        return None
    return solar, solar


def _festival(f: dict, year: int) -> Span | None:
    if "lunar" in f:
        return _lunar_day(year, f["lunar"])
    return holidays.holiday_window(f["holiday"], year, f.get("hmod"), f.get("hnth"))


def _any_festival(f: dict, today: date, lean: str) -> Span | None:
    """节前/节后 without a name: of the official holiday the lean points to."""
    spans = sorted({w for key in holidays.PERIOD_HOLIDAYS for k in (-1, 0, 1)
                    if (w := holidays.holiday_window(key, today.year + k, f.get("hmod"), f.get("hnth")))})
    if not spans:
        return None
    future = next((i for i, w in enumerate(spans) if w[1] >= today), len(spans) - 1)
    return choose(list(spans), today, "future" if lean == "current" else lean, current=future)


def _by_week(f: dict, today: date, lean: str) -> Span | None:
    monday = today - timedelta(days=today.weekday())
    if "week" in f:
        return in_week(f, monday + timedelta(weeks=f["week"]))
    weeks = [in_week(f, monday + timedelta(weeks=k)) for k in (-1, 0, 1)]
    return choose(weeks, today, "future" if lean == "current" else lean, scale="week")


def _shifted(shift: tuple, today: date) -> Span | None:
    """三天后, 两周后, 一个月后, 半个月后, 三天前."""
    n, unit, sign = shift
    day: date | None = None
    if not n:
        return None
    if unit in ("天", "周") and n == int(n):
        day = today + timedelta(days=sign * int(n) * (7 if unit == "周" else 1))
    elif unit in ("月", "年"):
        months = int(n * (12 if unit == "年" else 1)) if n != 0.5 or unit == "年" else 0
        if not months:  # 半个月
            day = today + timedelta(days=sign * 15)
        else:
            year, month = _add_months(today.year, today.month, sign * months)
            day = date(year, month, min(today.day, last_day(year, month))) if 1 <= year <= 9999 else None
    else:
        return None
    return (day, day) if day else None


def date_window(f: dict, today: date, lean: str) -> Span | None:
    if "day_offset" in f:
        return (today + timedelta(days=f["day_offset"]),) * 2
    if "shift" in f:
        return _shifted(f["shift"], today)
    if "span" in f:  # 未来三天: today to three days on; 最近一周: a week back to today
        end = _shifted(f["span"], today)
        return (min(today, end[0]), max(today, end[0])) if end else None
    if "decade" in f:
        return date(f["decade"], 1, 1), date(f["decade"] + 9, 12, 31)
    if "quarter_offset" in f:
        year, month = _add_months(today.year, (today.month - 1) // 3 * 3 + 1, 3 * f["quarter_offset"])
        return in_year({"quarter": (month - 1) // 3 + 1}, year)
    if "week" in f or f.get("bare_weekday"):
        return _by_week(f, today, lean)
    if "holiday" in f or "lunar" in f:
        if f.get("holiday") == ANY_FESTIVAL:
            return _any_festival(f, today, lean)
        if "year" in f or "year_offset" in f:
            return _festival(f, f.get("year", today.year + f.get("year_offset", 0)))
        return _by_year(lambda y: _festival(f, y), today, lean)
    if f.get("same_day"):
        year = f.get("year", today.year + f.get("year_offset", 0))
        year, month = _add_months(year, today.month, f.get("month_offset", 0))
        day = date(year, month, min(today.day, last_day(year, month)))
        return day, day
    if "month_offset" in f:
        return in_month(f, *_add_months(today.year, today.month, f["month_offset"]))
    if "month" not in f and ("bare_part" in f or "day" in f or "month_week" in f or "nth_weekday" in f):
        months = [_add_months(today.year, today.month, k) for k in (-1, 0, 1)]
        return choose([in_month(f, y, m) for y, m in months], today, lean, scale="month")
    if "year" in f or "year_offset" in f:
        return in_year(f, f.get("year", today.year + f.get("year_offset", 0)))
    if "sub" in f and "month" not in f:  # 前四个月: of this year; 前三天 alone: of nothing said
        return in_year(f, today.year) if f["sub"][2] in ("月", "季度") else None
    if not ({"month", "quarter", "months"} & f.keys()):
        return None
    if lean == "recent" and not ({"month", "quarter"} & f.keys()):
        return in_year(f, today.year)  # 原定年底的…: 年底, 上半年 are this year's unless said
    return _by_year(lambda y: in_year(f, y), today, lean)


def _hour(f: dict) -> tuple[int, int] | None:
    hour, minute = f["clock"]
    part = f.get("part_of_day")
    if part is None and f.get("word") in _EVENING_WORDS:
        part = "晚上"
    elif part is None and f.get("word") in _MORNING_WORDS:
        part = "早上"
    if part in _EVENING and hour < 12:
        hour += 12
    elif part == "中午" and 1 <= hour <= 2:
        hour += 12
    elif part is None and 1 <= hour <= 6:
        hour += 12
    if (hour, minute) == (24, 0):
        return 23, 59
    if hour > 23 or minute > 59:
        return None
    return hour, minute


_CLOCK_KEYS = {"clock", "colon", "part_of_day", "lead", "note"}


def resolve(f: dict, now: datetime, lean: str) -> Window | None:
    try:
        return _resolve(f, now, lean)
    except (OverflowError, ValueError):  # a window past year 1 or 9999
        return None


def _resolve(f: dict, now: datetime, lean: str) -> Window | None:
    today = now.date()
    has_date = bool(f.keys() - _CLOCK_KEYS)
    window = date_window(f, today, lean) if has_date else (today, today)
    if window is None:
        return None
    if "clock" not in f or window[0] != window[1]:
        return Window(window[0], window[1], "day")
    clock = _hour(f)
    if clock is None:
        return None
    moment = datetime.combine(window[0], time(*clock))
    return Window(moment, moment, "minute")
