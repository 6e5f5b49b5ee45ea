"""Dates, times and fuzzy windows written the way the office writes them: one module for
the documents ("2026年5月中旬", "2026年3月18日 15:00"), the chat ("2026年5月中旬（具体日期待定）",
"2026年3月18日（周三）15:00") and the reminders ("3月18日（周三）15:00").

Windows are stored as inclusive date ranges; the text is derived from the dates rather than
copied from ``window_text`` (which keeps the liaison's own words, such as "下个月"), so that
a printed plan never says "下个月", and an event imported as "5月中旬" and one registered by
chat as "5月11日至20日" read the same.
"""
from __future__ import annotations

import calendar
from datetime import date, datetime, tzinfo

QUARTER_NAMES = ("一", "二", "三", "四")
WEEKDAYS = "一二三四五六日"
PENDING = "（具体日期待定）"

# Parts of a month, as (first day, last day or None for the month's end, name). The whole
# month is tested before these, so "上中旬" never shadows "5月".
MONTH_PARTS = (
    (1, 10, "上旬"),
    (11, 20, "中旬"),
    (21, None, "下旬"),
    (11, None, "中下旬"),
    (1, 20, "上中旬"),
)


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def format_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def format_datetime(dt: datetime, tz: tzinfo) -> str:
    """An exact time in the deployment's zone: "2026年3月18日 15:00"."""
    local = dt.astimezone(tz)
    return f"{format_date(local)} {local:%H:%M}"


def format_window(start: date, end: date, *, ordinal_quarter: bool = False) -> str:
    """An inclusive planned window: "2026年5月中旬", "2026年一季度", "2026年4月15日至16日"."""
    if start == end:
        return format_date(start)
    if start.year != end.year or start > end:
        return f"{format_date(start)}至{format_date(end)}"
    name = _within_year(start, end)
    if ordinal_quarter and name.endswith("季度"):
        name = "第" + name
    return f"{start.year}年{name}"


def format_period(start: date, end: date) -> str:
    """A reporting period for a title: "2026年度", "2026年上半年", "2026年5月"."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start.year}年度"
    return format_window(start, end)


def format_when(start_at: datetime | None, window_start: date, window_end: date, tz: tzinfo) -> str:
    """The exact time once known, else the planned window."""
    if start_at is not None:
        return format_datetime(start_at, tz)
    return format_window(window_start, window_end)


def _within_year(start: date, end: date) -> str:
    whole_months = start.day == 1 and end.day == last_day(end.year, end.month)
    if whole_months:
        named = _named_span(start.month, end.month)
        if named:
            return named
    if start.month == end.month:
        return _within_month(start, end)
    if whole_months:
        return f"{start.month}月至{end.month}月"
    return f"{start.month}月{start.day}日至{end.month}月{end.day}日"


def _named_span(first_month: int, last_month: int) -> str | None:
    if (first_month, last_month) == (1, 12):
        return "全年"
    if (first_month, last_month) == (1, 6):
        return "上半年"
    if (first_month, last_month) == (7, 12):
        return "下半年"
    if first_month % 3 == 1 and last_month == first_month + 2:
        return f"{QUARTER_NAMES[first_month // 3]}季度"
    if first_month == last_month:
        return f"{first_month}月"
    return None


def _within_month(start: date, end: date) -> str:
    month_end = last_day(end.year, end.month)
    for first, last, name in MONTH_PARTS:
        if start.day == first and end.day == (last or month_end):
            return f"{start.month}月{name}"
    return f"{start.month}月{start.day}日至{end.day}日"


# --- chat and reminders: with the weekday, and fuzzy windows marked as not yet dated ---

def weekday(day: date) -> str:
    return f"周{WEEKDAYS[day.weekday()]}"


def day_text(day: date) -> str:
    """"3月18日（周三）"."""
    return f"{day.month}月{day.day}日（{weekday(day)}）"


def format_day(day: date) -> str:
    """"2026年3月18日（周三）"."""
    return f"{day.year}年{day_text(day)}"


def moment_text(moment: datetime, tz: tzinfo) -> str:
    """"3月18日（周三）15:00"."""
    local = moment.astimezone(tz)
    return f"{day_text(local.date())}{local:%H:%M}"


def format_exact(moment: datetime, tz: tzinfo) -> str:
    """"2026年3月18日（周三）15:00"."""
    local = moment.astimezone(tz) if moment.tzinfo else moment
    return f"{format_day(local.date())}{local:%H:%M}"


def window_text(start: date, end: date) -> str:
    """A short window for reminders: "3月18日（周三）" or "5月11日至5月20日"."""
    if start == end:
        return day_text(start)
    return f"{start.month}月{start.day}日至{end.month}月{end.day}日"


def format_pending_window(start: date, end: date) -> str:
    """A window in a chat reply: "2026年5月中旬（具体日期待定）"."""
    if start == end:
        return f"{format_day(start)}（具体时间待定）"
    return format_window(start, end, ordinal_quarter=True) + PENDING


def format_chat_when(window_start: date, window_end: date, start_at: datetime | None,
                     tz: tzinfo) -> str:
    """The exact time once known, else the window marked as not yet dated."""
    return format_exact(start_at, tz) if start_at else format_pending_window(window_start, window_end)


def month_label(day: date) -> str:
    return f"{day.year}年{day.month}月"


# --- the history of an event, as a person reads it (dashboard and ``pressbot history``) ---

EMPTY = "（空）"


def _stored_moment(text: str) -> datetime:
    """A time as the history stores it: ISO 8601; without an offset it was written in UTC."""
    from datetime import UTC

    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _created_text(text: str) -> str:
    """"县卫健委｜主题｜2026-04-21~2026-04-30" → "县卫健委｜主题｜2026年4月下旬"."""
    head, sep, span = text.rpartition("｜")
    try:
        start, end = (date.fromisoformat(part) for part in span.split("~"))
    except ValueError:
        return text
    return f"{head}{sep}{format_window(start, end)}"


def change_value(field: str, value: str | None, tz: tzinfo) -> str:
    """One old or new value of the history in words: a status in Chinese, a time in the zone."""
    if value is None or value == "":
        return EMPTY
    try:
        if field == "start_at":
            return format_exact(_stored_moment(value), tz)
        if field in ("window_start", "window_end"):
            return format_date(date.fromisoformat(value[:10]))
    except ValueError:
        return value
    from store.rules import KIND_NAMES, STATUS_NAMES  # the one list of each

    if field == "status":
        return STATUS_NAMES.get(value, value)
    if field == "kind":
        return KIND_NAMES.get(value, value)
    if field == "created":
        return _created_text(value)
    return value


def field_name(field: str) -> str:
    from store.rules import field_name as name

    return name(field)


def local_moment(moment: datetime | None, tz: tzinfo) -> str:
    """When something happened, for a list: "2026年12月1日（周二）15:58"; naive means UTC."""
    if moment is None:
        return ""
    from datetime import UTC

    return format_exact(moment if moment.tzinfo else moment.replace(tzinfo=UTC), tz)
