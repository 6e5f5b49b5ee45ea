"""Events: add, change (with history) and the questions the office asks.

Every function takes the session explicitly and never commits: the caller decides what one
transaction is (a plan import is one, a chat message is one).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Event, EventChange, RegistrationForm, StatisticsForm, Status, Unit

# A fuzzy window is at most a year ("全年"); knowing that bounds the overlap scan on window_start.
MAX_WINDOW_DAYS = 366
NOT_COUNTED = (Status.CANCELLED,)
DONE = (Status.HELD, Status.REPORTED, Status.CANCELLED)
# Fields update_event may change, in the order their history rows are written.
CHANGEABLE = (
    "kind", "subtype", "unit", "co_units", "topic", "window_start", "window_end", "window_text",
    "start_at", "location", "speaker", "status", "plan_year", "plan_seq", "principal_spoke", "principal_name",
)


@dataclass
class UnitCount:
    unit_id: int
    name: str
    is_key: bool
    total: int  # not cancelled
    held: int  # held or reported


def _text(value: Any) -> str | None:
    """How a value is written into the history."""
    if value is None:
        return None
    if isinstance(value, Unit):
        return value.name
    if isinstance(value, (list, tuple)):
        return "、".join(_text(v) or "" for v in value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _check_window(start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"时间范围有误：{start} 晚于 {end}")
    if (end - start).days > MAX_WINDOW_DAYS:
        raise ValueError(f"时间范围超过一年：{start} 至 {end}")


async def add_event(
    session: AsyncSession, *, unit: Unit, kind: str, window_start: date, window_end: date,
    now: datetime, actor: str, topic: str = "待定", subtype: str | None = None,
    co_units: Iterable[Unit] = (), window_text: str | None = None, start_at: datetime | None = None,
    location: str | None = None, speaker: str | None = None, status: str = Status.PLANNED,
    source: str = "chat", plan_year: int | None = None, plan_seq: int | None = None,
    person_id: int | None = None, inbound_id: int | None = None, note: str | None = None,
) -> Event:
    """A new event and its first history row ("created")."""
    _check_window(window_start, window_end)
    event = Event(
        kind=kind, subtype=subtype, unit=unit, unit_id=unit.id, topic=topic or "待定",
        window_start=window_start, window_end=window_end, window_text=window_text,
        start_at=start_at, location=location, speaker=speaker, status=status, source=source,
        plan_year=plan_year, plan_seq=plan_seq, created_at=now, updated_at=now,
        co_units=list(co_units),
    )
    session.add(event)
    await session.flush()
    summary = f"{unit.name}｜{event.topic}｜{window_start}~{window_end}"
    session.add(EventChange(
        event_id=event.id, at=now, person_id=person_id, actor=actor, field="created",
        old_value=None, new_value=summary, inbound_id=inbound_id, note=note,
    ))
    return event


def _current(event: Event, name: str) -> Any:
    return list(event.co_units) if name == "co_units" else getattr(event, name)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, list) or isinstance(new, list):
        return [u.id for u in old or []] == [u.id for u in new or []]
    if isinstance(old, Unit) or isinstance(new, Unit):
        return getattr(old, "id", None) == getattr(new, "id", None)
    return old == new


def _with_window_from_start(event: Event, changes: dict[str, Any], now: datetime) -> dict[str, Any]:
    """An exact time narrows the window to its day (in the deployment's zone, taken from ``now``)."""
    start_at = changes.get("start_at")
    if start_at is None or "window_start" in changes or "window_end" in changes:
        return changes
    day = start_at.astimezone(now.tzinfo).date()
    return {**changes, "window_start": day, "window_end": day}


async def update_event(
    session: AsyncSession, event: Event, changes: dict[str, Any], *, actor: str, now: datetime,
    person_id: int | None = None, inbound_id: int | None = None, note: str | None = None,
    reason: str | None = None,
) -> list[EventChange]:
    """Apply ``changes`` (field → new value); one history row per field that really changed.

    ``reason`` is why, as the unit wrote it (a cancellation, a replaced topic): the office files it."""
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise ValueError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    changes = _with_window_from_start(event, changes, now)
    rows = []
    for name in CHANGEABLE:
        if name not in changes or _same(_current(event, name), changes[name]):
            continue
        old = _current(event, name)
        setattr(event, name, changes[name])
        rows.append(EventChange(
            event_id=event.id, at=now, person_id=person_id, actor=actor, field=name,
            old_value=_text(old), new_value=_text(changes[name]), inbound_id=inbound_id, note=note,
            reason=reason,
        ))
    if rows:
        _check_window(event.window_start, event.window_end)
        event.updated_at = now
        session.add_all(rows)
        await session.flush()
    return rows


def _overlapping(start: date, end: date) -> Select:
    # window_start >= start - MAX_WINDOW_DAYS is implied by the other two; it lets the index bound the scan.
    return select(Event).where(
        Event.window_start <= end,
        Event.window_start >= start - timedelta(days=MAX_WINDOW_DAYS),
        Event.window_end >= start,
    )


async def events_overlapping(
    session: AsyncSession, start: date, end: date, *, unit_id: int | None = None,
    kind: str | None = None, statuses: Iterable[str] | None = None,
) -> list[Event]:
    """Events whose fuzzy window meets [start, end] (both inclusive), by date."""
    query = _overlapping(start, end)
    if unit_id is not None:
        query = query.where(Event.unit_id == unit_id)
    if kind is not None:
        query = query.where(Event.kind == kind)
    if statuses is not None:
        query = query.where(Event.status.in_(list(statuses)))
    query = query.order_by(Event.window_start, Event.start_at, Event.id)
    return list((await session.execute(query)).scalars())


def period(year: int, half: int | None = None) -> tuple[date, date]:
    """A year, or its first (1) or second (2) half."""
    if half is None:
        return date(year, 1, 1), date(year, 12, 31)
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    if half == 2:
        return date(year, 7, 1), date(year, 12, 31)
    raise ValueError("half must be 1 or 2")


async def unit_counts(
    session: AsyncSession, year: int, half: int | None = None, kind: str | None = "press_conference",
) -> list[UnitCount]:
    """Events per unit whose window starts in the year (or half), every unit listed, even at zero."""
    start, end = period(year, half)
    held = func.sum(case((Event.status.in_([Status.HELD, Status.REPORTED]), 1), else_=0))
    query = (
        select(Event.unit_id, func.count(), held)
        .where(Event.window_start.between(start, end), Event.status.not_in(NOT_COUNTED))
        .group_by(Event.unit_id)
    )
    if kind is not None:
        query = query.where(Event.kind == kind)
    counts = {uid: (n, int(h or 0)) for uid, n, h in await session.execute(query)}
    units = await session.execute(select(Unit.id, Unit.name, Unit.is_key).order_by(Unit.name))
    return [UnitCount(uid, name, bool(key), *counts.get(uid, (0, 0))) for uid, name, key in units]


async def events_missing_registration(
    session: AsyncSession, today: date, within_days: int, *, kind: str | None = "press_conference",
) -> list[Event]:
    """Events whose window meets [today, today + within_days], not done, with no submitted 登记表.

    A fuzzy window that has already begun counts: such an event may be held any day now.
    """
    submitted = select(RegistrationForm.event_id).where(RegistrationForm.submitted_at.is_not(None))
    query = _overlapping(today, today + timedelta(days=within_days)).where(
        Event.status.not_in(DONE), Event.id.not_in(submitted),
    )
    if kind is not None:
        query = query.where(Event.kind == kind)
    query = query.order_by(Event.window_start, Event.start_at, Event.id)
    return list((await session.execute(query)).scalars())


async def events_missing_statistics(session: AsyncSession, start: date, end: date) -> list[Event]:
    """Events held in [start, end] (by their window) with no submitted 统计表: what the
    half-year report is still waiting for."""
    submitted = select(StatisticsForm.event_id).where(StatisticsForm.submitted_at.is_not(None))
    query = _overlapping(start, end).where(
        Event.status.in_([Status.HELD, Status.REPORTED]), Event.id.not_in(submitted),
    )
    return list((await session.execute(query.order_by(Event.window_start, Event.start_at, Event.id))).scalars())


async def event_history(session: AsyncSession, event_id: int) -> list[EventChange]:
    query = select(EventChange).where(EventChange.event_id == event_id)
    return list((await session.execute(query.order_by(EventChange.at, EventChange.id))).scalars())


async def find_plan_event(session: AsyncSession, *, plan_year: int, kind: str, plan_seq: int) -> Event | None:
    query = select(Event).where(
        and_(Event.plan_year == plan_year, Event.kind == kind, Event.plan_seq == plan_seq)
    )
    return (await session.execute(query.order_by(Event.id).limit(1))).scalars().first()
