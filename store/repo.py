"""Events: add, change (with history) and the questions the office asks.

Every function takes the session explicitly and never commits: the caller decides what one
transaction is (a plan import is one, a chat message is one).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, bindparam, case, func, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from store import rules
from store.models import Event, EventChange, EventCoUnit, Kind, Status, Unit

# A fuzzy window is at most a year ("全年"); knowing that bounds the overlap scan on window_start.
MAX_WINDOW_DAYS = 366
NOT_COUNTED = (Status.CANCELLED,)
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
    if not rules.in_register_years(start, end):
        raise ValueError(f"时间超出可登记的年份（{rules.years_text()}）：{start} 至 {end}")
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


def _overlapping(start: Any, end: Any, floor: Any = None) -> Select:
    """Events whose window meets [start, end]: dates, or bound parameters (``floor`` then too)."""
    if floor is None:
        floor = _floor(start)
    # window_start >= floor (start - MAX_WINDOW_DAYS) is implied by the other two; it lets the index bound the scan.
    return select(Event).where(Event.window_start <= end, Event.window_start >= floor, Event.window_end >= start)


def _floor(start: date) -> date:
    return start - timedelta(days=MAX_WINDOW_DAYS)


async def events_overlapping(
    session: AsyncSession, start: date, end: date, *, unit_id: int | None = None,
    kind: str | None = None, statuses: Iterable[str] | None = None, with_co_units: bool = False,
) -> list[Event]:
    """Events whose fuzzy window meets [start, end] (both inclusive), by date; with
    ``with_co_units`` a unit's list includes the joint events it is a co-unit of."""
    shape = (unit_id is not None, with_co_units and unit_id is not None, kind is not None, statuses is not None)
    params: dict[str, Any] = {"b_start": start, "b_end": end, "b_floor": _floor(start),
                              "b_unit": unit_id, "b_kind": kind,
                              "b_statuses": list(statuses) if statuses is not None else None}
    found = await session.execute(_overlapping_statement(*shape), params)
    return list(found.scalars())


@functools.cache  # built once per shape: a message asks often
def _overlapping_statement(unit: bool, co_units: bool, kind: bool, statuses: bool) -> Select:
    """``_overlapping`` with every value a bound parameter, so that SQLAlchemy builds and keys it once."""
    query = _overlapping(bindparam("b_start"), bindparam("b_end"), bindparam("b_floor"))
    if co_units:
        joint = select(EventCoUnit.event_id).where(EventCoUnit.unit_id == bindparam("b_unit"))
        query = query.where(or_(Event.unit_id == bindparam("b_unit"), Event.id.in_(joint)))
    elif unit:
        query = query.where(Event.unit_id == bindparam("b_unit"))
    if kind:
        query = query.where(Event.kind == bindparam("b_kind"))
    if statuses:
        query = query.where(Event.status.in_(bindparam("b_statuses", expanding=True)))
    return query.order_by(Event.window_start, Event.start_at, Event.id)


def _unit_events() -> Any:
    """(event_id, unit_id) for every unit an event belongs to: the lead unit and each co-unit.
    A joint event counts for each of its units (``store.rules``)."""
    lead = select(Event.id.label("event_id"), Event.unit_id.label("unit_id"))
    co = select(EventCoUnit.event_id, EventCoUnit.unit_id)
    return union(lead, co).subquery()


async def unit_counts(
    session: AsyncSession, year: int, half: int | None = None, kind: str | None = "press_conference",
) -> list[UnitCount]:
    """Events per unit whose window starts in the year (or half), every unit listed, even at zero."""
    start, end = rules.period(year, half)
    held = func.sum(case((Event.status.in_(rules.HELD_STATUSES), 1), else_=0))
    members = _unit_events()
    query = (
        select(members.c.unit_id, func.count(), held)
        .join(Event, Event.id == members.c.event_id)
        .where(Event.window_start.between(start, end), Event.status.not_in(NOT_COUNTED))
        .group_by(members.c.unit_id)
    )
    if kind is not None:
        query = query.where(Event.kind == kind)
    counts = {uid: (n, int(h or 0)) for uid, n, h in await session.execute(query)}
    units = await session.execute(select(Unit.id, Unit.name, Unit.is_key).order_by(Unit.name))
    return [UnitCount(uid, name, bool(key), *counts.get(uid, (0, 0))) for uid, name, key in units]


@dataclass
class UnitStanding:
    unit_id: int
    name: str
    standing: rules.Standing

    @property
    def is_key(self) -> bool:
        return self.standing.is_key


async def unit_standings(session: AsyncSession, year: int, rule: rules.QuotaRule = rules.DEFAULT_QUOTA,
                         extra_key_stems: Iterable[str] = ()) -> list[UnitStanding]:
    """"2·1+N" for every unit in a year: one grouped query over the year's press conferences."""
    mid = date(year, 7, 1)
    members = _unit_events()
    first = Event.window_start < mid
    is_held = Event.status.in_(rules.HELD_STATUSES)

    def total(*conditions: Any) -> Any:
        return func.sum(case((and_(*conditions), 1), else_=0))

    counts = (
        select(members.c.unit_id.label("unit_id"), total(first).label("p1"), total(~first).label("p2"),
               total(first, is_held).label("h1"), total(~first, is_held).label("h2"),
               # rules.principal_spoke_at, for the lead unit
               total(is_held, Event.principal_spoke.is_(True), members.c.unit_id == Event.unit_id).label("lead"))
        .join(Event, Event.id == members.c.event_id)
        .where(Event.kind == Kind.PRESS_CONFERENCE, Event.status.not_in(NOT_COUNTED),
               Event.window_start.between(*rules.period(year)))
        .group_by(members.c.unit_id).subquery())
    query = (select(Unit.id, Unit.name, Unit.aliases, Unit.is_key, Unit.yearly_quota,
                    counts.c.p1, counts.c.p2, counts.c.h1, counts.c.h2, counts.c.lead)
             .outerjoin(counts, counts.c.unit_id == Unit.id).order_by(Unit.name))
    stems = tuple(extra_key_stems)
    out = []
    for uid, name, aliases, flag, quota, p1, p2, h1, h2, lead in await session.execute(query):
        key = rules.is_key_unit(bool(flag), name, aliases or (), stems)
        out.append(UnitStanding(uid, name, rules.standing(
            key, quota, held=(int(h1 or 0), int(h2 or 0)), planned=(int(p1 or 0), int(p2 or 0)), rule=rule,
            principal_spoke=int(lead or 0) > 0)))
    return out


async def events_missing_registration(
    session: AsyncSession, today: date, within_days: int, *,
    kinds: Iterable[str] = rules.kinds_needing("registration"),
) -> list[Event]:
    """Events that may be held within [today, today + within_days] and still owe a 登记表
    (``store.rules``). A fuzzy window that has already begun counts: it may be held any day now."""
    query = rules.registration_missing(_overlapping(*rules.registration_lookahead(today, within_days)), kinds)
    query = query.order_by(Event.window_start, Event.start_at, Event.id)
    return list((await session.execute(query)).scalars())


async def events_missing_statistics(session: AsyncSession, start: date, end: date) -> list[Event]:
    """Events held in [start, end] (by their window) with no submitted 统计表: what the
    half-year report is still waiting for."""
    query = rules.statistics_missing(_overlapping(start, end))
    return list((await session.execute(query.order_by(Event.window_start, Event.start_at, Event.id))).scalars())


async def event_history(session: AsyncSession, event_id: int) -> list[EventChange]:
    query = select(EventChange).where(EventChange.event_id == event_id)
    return list((await session.execute(query.order_by(EventChange.at, EventChange.id))).scalars())


async def find_plan_event(session: AsyncSession, *, plan_year: int, kind: str, plan_seq: int) -> Event | None:
    query = select(Event).where(
        and_(Event.plan_year == plan_year, Event.kind == kind, Event.plan_seq == plan_seq)
    )
    return (await session.execute(query.order_by(Event.id).limit(1))).scalars().first()
