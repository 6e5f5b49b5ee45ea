"""Interim dispatcher: answers with what the parser understood.

The conversation issue replaces the inside of ``dispatch``; its signature stays:
an Incoming and a context in, replies out, no platform calls.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.base import GROUP, Incoming, Reply
from bot.delivery.inbox import DispatchContext
from bot.render import render
from store.models import Person

# Which directory a platform's user ids belong to.
DIRECTORY_PLATFORM = {"wecom_aibot": "wecom"}

# How the parse's fields and values read in a reply; unknown ones are shown as they are.
LABELS = {"intent": "意图", "kind": "类型", "unit": "单位", "topic": "主题", "when": "时间",
          "old_when": "原定时间", "location": "地点", "speaker": "发布人"}
VALUES = {
    "intent": {"register": "登记活动", "reschedule": "改期", "cancel": "取消", "query": "查询",
               "report": "报送", "help": "帮助"},
    "kind": {"press_conference": "新闻发布会", "online_interview": "在线访谈"},
}
NOTHING = {"intent": "other"}


async def dispatch(incoming: Incoming, ctx: DispatchContext) -> list[Reply]:
    if incoming.chat_type == GROUP and not incoming.mentioned:
        return []
    if incoming.kind == "event":
        return []
    if incoming.kind != "text" or not incoming.text:
        return [Reply(render("channels/text_only.j2"))]
    person = await find_person(ctx.session, incoming.platform, incoming.user_id)
    name = (person.name if person else None) or incoming.user_name or incoming.user_id
    unit = person.unit.name if person and person.unit else None
    parsed = understand(incoming.text, ctx.now, unit, await unit_directory(ctx.session))
    if parsed is None:
        return [Reply(render("channels/received.j2", name=name, text=incoming.text))]
    fields = summary_fields(parsed)
    if not fields:
        return [Reply(render("channels/nothing_understood.j2", name=name))]
    return [Reply(render("channels/parse_summary.j2", name=name, fields=fields))]


async def find_person(session: AsyncSession, platform: str, user_id: str) -> Person | None:
    directory = DIRECTORY_PLATFORM.get(platform, platform)
    person = await session.scalar(
        select(Person).where(Person.platform == directory, Person.user_id == user_id))
    if person is None and platform == "console":
        # ``pressbot chat --as ID`` may name anyone in the directory, whatever their platform
        person = await session.scalar(select(Person).where(Person.user_id == user_id).limit(1))
    return person


_directory: tuple[tuple, Any] = ((), None)


async def unit_directory(session: AsyncSession) -> Any:
    """The parser's directory of the database's units, rebuilt only when they change
    (building one compiles a large pattern: milliseconds, too slow for every message)."""
    global _directory
    try:
        from bot.nlp import UnitDirectory
    except ImportError:
        return None
    from store.units import directory_entries

    entries = tuple((name, tuple(aliases)) for name, aliases in await directory_entries(session))
    if _directory[1] is None or _directory[0] != entries:
        _directory = (entries, UnitDirectory(entries))
    return _directory[1]


def understand(text: str, now: datetime, sender_unit: str | None, units: Any) -> dict[str, Any] | None:
    """The parser's reading as JSON, or None while bot.nlp has no ``parse`` yet."""
    try:
        from bot.nlp import parse
    except ImportError:
        return None
    return parse(text, now=now, sender_unit=sender_unit, units=units).as_json()


def summary_fields(parsed: dict[str, Any]) -> list[tuple[str, str]]:
    fields = []
    for key, value in parsed.items():
        if value in (None, "", [], {}) or NOTHING.get(key) == value:
            continue
        fields.append((LABELS.get(key, key), _show(key, value)))
    return fields


def _show(key: str, value: Any) -> str:
    if isinstance(value, str):
        return VALUES.get(key, {}).get(value, value)
    if isinstance(value, dict) and {"start", "end"} <= value.keys():
        start, end = _day(value["start"]), _day(value["end"])
        return start if start == end else f"{start}至{end}"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "、".join(value)
    return json.dumps(value, ensure_ascii=False)


def _day(iso: Any) -> str:
    try:
        d = date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return f"{d.year}年{d.month}月{d.day}日"
