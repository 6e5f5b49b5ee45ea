"""Times in Chinese as the office writes them.

Exact: "2026年3月18日（周三）15:00". Fuzzy: "2026年5月中旬（具体日期待定）", "2026年第三季度（具体日期待定）".
Windows are read back from their dates, so an event imported as "5月中旬" and one registered by
chat as "5月11日至20日" read the same.
"""
from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import DEFAULT_TZ

WEEKDAYS = "一二三四五六日"
QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}
PENDING = "（具体日期待定）"


def weekday(day: date) -> str:
    return f"周{WEEKDAYS[day.weekday()]}"


def format_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（{weekday(day)}）"


def format_exact(at: datetime, tz: ZoneInfo = DEFAULT_TZ) -> str:
    local = at.astimezone(tz) if at.tzinfo else at
    return f"{format_day(local.date())}{local:%H:%M}"


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _within_month(start: date, end: date) -> str | None:
    """"5月" / "5月上旬" / "5月中下旬" … for a window inside one month."""
    last = _month_end(start.year, start.month)
    parts = {(1, last): "", (1, 10): "上旬", (11, 20): "中旬", (21, last): "下旬",
             (11, last): "中下旬", (1, 20): "上中旬"}
    name = parts.get((start.day, end.day))
    return None if name is None else f"{start.year}年{start.month}月{name}"


def _across_months(start: date, end: date) -> str | None:
    if start.day != 1 or end.day != _month_end(end.year, end.month) or start.year != end.year:
        return None
    months = (start.month, end.month)
    if months == (1, 12):
        return f"{start.year}年全年"
    if months in ((1, 6), (7, 12)):
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    if end.month - start.month == 2 and start.month % 3 == 1:
        return f"{start.year}年第{QUARTERS[(start.month + 2) // 3]}季度"
    return f"{start.year}年{start.month}月至{end.month}月"


def format_window(start: date, end: date) -> str:
    """A planned window without an exact time."""
    if start == end:
        return f"{format_day(start)}（具体时间待定）"
    if (start.year, start.month) == (end.year, end.month):
        named = _within_month(start, end)
        if named:
            return named + PENDING
        return f"{start.year}年{start.month}月{start.day}日至{end.day}日{PENDING}"
    named = _across_months(start, end)
    if named:
        return named + PENDING
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日{PENDING}"


def format_when(window_start: date, window_end: date, start_at: datetime | None, tz: ZoneInfo = DEFAULT_TZ) -> str:
    return format_exact(start_at, tz) if start_at else format_window(window_start, window_end)


def month_label(day: date) -> str:
    return f"{day.year}年{day.month}月"
