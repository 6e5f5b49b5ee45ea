"""Dates and times as the office writes them: "5月20日（周三）15:00"."""
from __future__ import annotations

from datetime import date, datetime, tzinfo

WEEKDAYS = "一二三四五六日"
KIND_NAMES = {"press_conference": "新闻发布会", "online_interview": "在线访谈"}
ROLE_NAMES = {"liaison": "联络员", "director": "主要负责同志", "office": "政务公开办", "admin": "管理员"}


def day_text(day: date) -> str:
    return f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


def full_day_text(day: date) -> str:
    return f"{day.year}年{day_text(day)}"


def moment_text(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{day_text(local.date())}{local:%H:%M}"


def window_text(start: date, end: date) -> str:
    if start == end:
        return day_text(start)
    return f"{start.month}月{start.day}日至{end.month}月{end.day}日"
