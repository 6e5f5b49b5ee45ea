"""An exact date and time for the forms, from the NLP time finder.

The registration form needs a minute-precise time ("举办时间"). ``bot.nlp.times.find_time``
does the real work; the small fallback below only covers "3月18日15:00" / "3月18日下午3点"
so that the forms still work while the NLP package is absent (remove it once it has landed).
"""
from __future__ import annotations

import re
from datetime import date, datetime, time

from bot.forms.numbers import chinese_to_int

FALLBACK = re.compile(
    r"(?:(\d{4})年)?(\d{1,2})[月.](\d{1,2})[日号]?\s*(上午|下午|晚上|早上|中午)?\s*"
    r"([\d一二两三四五六七八九十]{1,3})(?:[:：](\d{2})|点半|点(\d{1,2})分?|点)"
)


def find_exact(text: str, now: datetime) -> datetime | None:
    try:
        from bot.nlp.times import find_time
    except ImportError:
        return _fallback(text, now)
    window = find_time(text, now, prefer_future=True)
    if window is None or getattr(window, "precision", None) != "minute":
        return None
    start = window.start
    if isinstance(start, datetime):
        return start if start.tzinfo else start.replace(tzinfo=now.tzinfo)
    return None


def _fallback(text: str, now: datetime) -> datetime | None:
    m = FALLBACK.search(text)
    if not m:
        return None
    year, month, day, part, hour_text, minute, minute2 = m.groups()
    hour = int(hour_text) if hour_text.isdigit() else chinese_to_int(hour_text)
    if hour is None:
        return None
    if part in ("下午", "晚上") and hour < 12:
        hour += 12
    minute_value = int(minute or minute2 or (30 if "点半" in m.group(0) else 0))
    try:
        day_value = date(int(year) if year else now.year, int(month), int(day))
        return datetime.combine(day_value, time(hour, minute_value), tzinfo=now.tzinfo)
    except ValueError:
        return None
