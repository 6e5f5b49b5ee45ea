"""Windows inside a month, a year or a week: 旬, weeks of a month, the n-th weekday, 前N个月.

A week of a month runs Monday–Sunday and belongs to the month that holds its Thursday (most of
its days), seen inside that month: in May 2026 (1 May a Friday) 第一周 is 4–10 May; in April 2026
(1 April a Wednesday) it is 1–5 April. 最后一周 is the last such week, 前两周 the first two.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from .time_atoms import MONTH_PARTS, WEEKDAYS

Span = tuple[date, date]


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_weeks(year: int, month: int) -> list[Span]:
    first, last = date(year, month, 1), date(year, month, last_day(year, month))
    monday = first - timedelta(days=first.weekday())
    if (monday + timedelta(days=3)).month != month:
        monday += timedelta(days=7)
    weeks = []
    while (monday + timedelta(days=3)) <= last:
        weeks.append((max(monday, first), min(monday + timedelta(days=6), last)))
        monday += timedelta(days=7)
    return weeks


def _pick(items: list, nth: int | None, count: int = 1) -> list | None:
    if not nth or abs(nth) > len(items) or count > len(items):
        return None
    if nth < 0:
        return items[len(items) - count:] if nth == -1 else [items[nth]]
    return items[nth - 1:nth - 1 + count]


def nth_weekday(year: int, month: int, nth: int, weekday: str) -> Span | None:
    wd = WEEKDAYS[weekday]
    first = date(year, month, 1)
    offset = (wd - first.weekday()) % 7
    days = [first + timedelta(days=k) for k in range(offset, last_day(year, month), 7)]
    picked = _pick(days, nth)
    return (picked[0], picked[0]) if picked else None


def in_month(f: dict, year: int, month: int) -> Span | None:
    """The window of the month's detail (day, 旬, week, n-th weekday, 前N天) in that month."""
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    last = last_day(year, month)
    if f.get("day") is not None:
        day = f["day"]
        return (date(year, month, day),) * 2 if 1 <= day <= last else None
    if "month_week" in f:
        picked = _pick(month_weeks(year, month), f["month_week"])
        return picked[0] if picked else None
    if "nth_weekday" in f:
        return nth_weekday(year, month, *f["nth_weekday"])
    if "sub" in f:
        return _sub_of_month(f["sub"], year, month)
    part = f.get("part") or f.get("bare_part")
    first, final = MONTH_PARTS[part] if part else (1, 31)
    return date(year, month, first), date(year, month, min(final, last))


def _sub_of_month(sub: tuple, year: int, month: int) -> Span | None:
    side, n, unit = sub
    last = last_day(year, month)
    if unit == "天" and n and n <= last:
        days = (1, n) if side == "head" else (last - n + 1, last)
        return date(year, month, days[0]), date(year, month, days[1])
    if unit == "周":
        weeks = month_weeks(year, month)
        picked = _pick(weeks, 1 if side == "head" else -1, n or 0)
        return (picked[0][0], picked[-1][1]) if picked else None
    return None


def in_year(f: dict, year: int) -> Span | None:
    """The window of a year's detail: a month and its detail, a quarter, a half, 前N个月."""
    if not 1 <= year <= 9999:
        return None
    if "month" in f:
        return in_month(f, year, f["month"])
    if "quarter" in f:
        q = f["quarter"]
        return date(year, 3 * q - 2, 1), date(year, 3 * q, last_day(year, 3 * q))
    if "sub" in f:
        return _sub_of_year(f["sub"], year)
    first, last = f.get("months", (1, 12))
    return date(year, first, 1), date(year, last, last_day(year, last))


def _sub_of_year(sub: tuple, year: int) -> Span | None:
    side, n, unit = sub
    months = {"月": n, "季度": 3 * n if n else None}.get(unit)
    if not months or months > 12:
        if unit == "天" and n:
            start = date(year, 1, 1) if side == "head" else date(year, 12, 31) - timedelta(days=n - 1)
            return start, start + timedelta(days=n - 1)
        return None
    first, last = (1, months) if side == "head" else (13 - months, 12)
    return date(year, first, 1), date(year, last, last_day(year, last))


def in_week(f: dict, monday: date) -> Span | None:
    """A day, the weekend, or 前三天 of the week starting ``monday``."""
    wd = f.get("weekday")
    if "sub" in f:
        side, n, unit = f["sub"]
        if unit != "天" or not n or n > 7:
            return None
        start = monday if side == "head" else monday + timedelta(days=7 - n)
        return start, start + timedelta(days=n - 1)
    if wd is None:
        return monday, monday + timedelta(days=6)
    if wd == "末":
        return monday + timedelta(days=5), monday + timedelta(days=6)
    return (monday + timedelta(days=WEEKDAYS[wd]),) * 2
