"""Plan rows → events, in the caller's transaction.

A row finds its event by (year, kind, unit, topic) first, then by (year, kind, 序号): a row
inserted into an edited plan renumbers the others without confusing their identities.
A re-import compares the row with the plan as last imported (``Event.plan_data``), so that
only what the office changed in the plan is applied; each change is a history row.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Event, EventChange, Source, Unit
from store.plan.rows import PlanRow
from store.repo import update_event
from store.units import UnitIndex, resolve_unit

ACTOR = "年度计划导入"


@dataclass
class ImportResult:
    created: list[PlanRow] = field(default_factory=list)
    updated: list[tuple[PlanRow, list[EventChange]]] = field(default_factory=list)
    unchanged: list[PlanRow] = field(default_factory=list)
    not_in_file: int = 0  # events of the same plan that this file no longer lists (kept)


def plan_data(row: PlanRow) -> dict[str, Any]:
    return {
        "seq": row.seq, "unit": row.unit, "co_units": row.co_units, "subtype": row.subtype,
        "topic": row.topic, "start": row.start.isoformat(), "end": row.end.isoformat(),
        "window_text": row.window_text, "location": row.location, "speaker": row.speaker,
    }


@dataclass
class Matcher:
    by_topic: dict[tuple, list[Event]] = field(default_factory=lambda: defaultdict(list))
    by_seq: dict[tuple, list[Event]] = field(default_factory=lambda: defaultdict(list))
    taken: set[int] = field(default_factory=set)

    def add(self, event: Event) -> None:
        self.by_topic[(event.plan_year, event.kind, event.unit_id, event.topic)].append(event)
        self.by_seq[(event.plan_year, event.kind, event.plan_seq)].append(event)

    def take(self, key: tuple, table: dict, seq: int | None = None) -> Event | None:
        free = [e for e in table.get(key, []) if e.id not in self.taken]
        if not free:
            return None
        event = next((e for e in free if e.plan_seq == seq), free[0])
        self.taken.add(event.id)
        return event


async def _plan_events(session: AsyncSession, rows: list[PlanRow]) -> list[Event]:
    years = {r.plan_year for r in rows}
    query = select(Event).where(Event.source == Source.PLAN, Event.plan_year.in_(years))
    return list((await session.execute(query)).scalars().unique())


class UnknownUnits(ValueError):
    """The plan names units the directory does not have, and creating them was not confirmed."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"目录中没有这些单位：{'、'.join(names)}（确认后才会新建）")
        self.names = names


async def import_plan(
    session: AsyncSession, rows: list[PlanRow], *, now: datetime, note: str | None = None,
    create_units: bool = True,
) -> ImportResult:
    """Create or update one event per row (flushes, never commits). Unknown units are created
    only with ``create_units``; else ``UnknownUnits`` is raised before anything is written."""
    result, units = ImportResult(), await UnitIndex.load(session)
    if not create_units:
        unknown = list(dict.fromkeys(n for r in rows for n in (r.unit, *r.co_units) if units.find(n) is None))
        if unknown:
            raise UnknownUnits(unknown)
    existing, matcher = await _plan_events(session, rows), Matcher()
    for event in existing:
        matcher.add(event)
    resolved = [await _units(session, units, row) for row in rows]
    # Unit and topic first for every row, only then 序号 (see the module docstring).
    found = [matcher.take((r.plan_year, r.kind, u[0].id, r.topic), matcher.by_topic, r.seq)
             for r, u in zip(rows, resolved, strict=True)]
    for i, row in enumerate(rows):
        if found[i] is None and row.seq is not None:
            found[i] = matcher.take((row.plan_year, row.kind, row.seq), matcher.by_seq, row.seq)
    new_events: list[tuple[PlanRow, Event]] = []
    for row, (unit, co_units), match in zip(rows, resolved, found, strict=True):
        where = f"{note or ''} {row.place}".strip()
        if match is None:
            new_events.append((row, _new_event(row, unit, co_units, now)))
            continue
        changes = await _apply(session, match, row, unit, co_units, now=now, note=where)
        (result.updated.append((row, changes)) if changes else result.unchanged.append(row))
    await _add_new(session, new_events, now=now, note=note)
    result.created = [row for row, _ in new_events]
    result.not_in_file = len([e for e in existing if e.id not in matcher.taken
                              and (e.plan_year, e.kind) in {(r.plan_year, r.kind) for r in rows}])
    return result


async def _unit(session: AsyncSession, index: UnitIndex, name: str) -> Unit:
    unit = await resolve_unit(session, name, index=index)
    assert unit is not None  # created when new (the caller checked that it may be)
    return unit


async def _units(session: AsyncSession, index: UnitIndex, row: PlanRow) -> tuple[Unit, list[Unit]]:
    unit = await _unit(session, index, row.unit)
    co_units = [await _unit(session, index, name) for name in row.co_units]
    return unit, [u for u in co_units if u.id != unit.id]


def _new_event(row: PlanRow, unit, co_units, now: datetime) -> Event:
    return Event(
        kind=row.kind, subtype=row.subtype, unit=unit, unit_id=unit.id, co_units=co_units,
        topic=row.topic, window_start=row.start, window_end=row.end, window_text=row.window_text,
        location=row.location, speaker=row.speaker, source=Source.PLAN, status="planned",
        plan_year=row.plan_year, plan_seq=row.seq, plan_data=plan_data(row),
        created_at=now, updated_at=now,
    )


async def _add_new(session: AsyncSession, new_events: list, *, now: datetime, note: str | None) -> None:
    # One flush for all new events and one for their history: a 500-row plan stays fast.
    session.add_all([event for _, event in new_events])
    await session.flush()
    session.add_all([
        EventChange(event_id=event.id, at=now, actor=ACTOR, field="created", old_value=None,
                    new_value=f"{row.unit}｜{row.topic}｜{row.start}~{row.end}",
                    note=f"{note or ''} {row.place}".strip())
        for row, event in new_events
    ])
    await session.flush()


def _event_values(row: PlanRow, unit, co_units) -> dict[str, Any]:
    return {
        "unit": unit, "co_units": co_units, "subtype": row.subtype, "topic": row.topic,
        "window_start": row.start, "window_end": row.end, "window_text": row.window_text,
        "location": row.location, "speaker": row.speaker, "plan_seq": row.seq,
    }


_MISSING = object()
# Event field → plan_data key it came from.
PLAN_KEYS = {
    "unit": "unit", "co_units": "co_units", "subtype": "subtype", "topic": "topic",
    "window_start": "start", "window_end": "end", "window_text": "window_text",
    "location": "location", "speaker": "speaker", "plan_seq": "seq",
}


async def _apply(session, event: Event, row: PlanRow, unit, co_units, *, now, note) -> list[EventChange]:
    before, after = event.plan_data or {}, plan_data(row)
    values = _event_values(row, unit, co_units)
    changes = {f: values[f] for f, key in PLAN_KEYS.items() if before.get(key, _MISSING) != after[key]}
    rows = await update_event(session, event, changes, actor=ACTOR, now=now, note=note)
    if before != after:
        event.plan_data = after
    return rows

