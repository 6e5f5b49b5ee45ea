"""The register as the rules see it: plain snapshots, loaded with a few column queries.

Rules are pure functions of this snapshot and ``now``; loading columns (not ORM objects)
keeps a 100,000-event recompute in memory and time bounds.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminders.filings import FILING_LOOK_BACK, load_time_changes
from bot.timefmt import day_text, format_window, moment_text
from store.models import (
    Event,
    EventChange,
    InterviewOutline,
    Material,
    Person,
    RegistrationForm,
    Role,
    StatisticsForm,
    Unit,
)
from store.rules import KIND_NAMES, ROLE_NAMES

ACTIVE = ("planned", "scheduled", "registered", "approved")
HELD = ("held", "reported")
SCHEDULE_FIELDS = ("window_start", "window_end", "window", "start_at")
END_FIELDS = ("window_end", "window")
CHUNK = 5000
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Recipient:
    person_id: int | None
    role: str
    unit_id: int | None
    name: str
    platform: str | None = None
    user_id: str | None = None

    @property
    def ref(self) -> str:
        if self.person_id is not None:
            return f"p{self.person_id}"
        return f"{self.role}@u{self.unit_id}" if self.unit_id else self.role

    @property
    def reachable(self) -> bool:
        return bool(self.person_id and self.platform and self.user_id)


@dataclass(frozen=True)
class UnitView:
    id: int
    name: str
    aliases: tuple[str, ...] = ()
    is_key: bool = False
    yearly_quota: int | None = None


@dataclass
class EventView:
    id: int
    kind: str
    unit_id: int
    unit_name: str
    topic: str
    window_start: date
    window_end: date
    start_at: datetime | None
    status: str
    tz: tzinfo
    subtype: str | None = None
    location: str | None = None
    speaker: str | None = None
    registration_sent: bool = False
    materials_complete: bool = False
    statistics_sent: bool = False
    outline_sent: bool = False  # an interview's 访谈方案和提纲 form (bot/handlers/outline.py)
    original_end: date | None = None
    rescheduled_on: date | None = None
    principal_spoke: bool | None = None  # "2·1+N": the unit's principal leader spoke at it
    _described: dict | None = field(default=None, repr=False, compare=False)

    @property
    def day(self) -> date | None:
        return self.start_at.astimezone(self.tz).date() if self.start_at else None

    @property
    def last_day(self) -> date:
        """The last day it can still be held without being late."""
        return max(self.window_end, self.day or self.window_end)

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    def describe(self) -> dict:
        # every rule of an event quotes it the same way: built once per snapshot
        if self._described is None:
            self._described = self._describe()
        return self._described

    def _describe(self) -> dict:
        # from the dates, never the words the time was said in: "下周三", "明年Q1" are read later
        when = (moment_text(self.start_at, self.tz) if self.start_at
                else day_text(self.window_start) if self.window_start == self.window_end
                else format_window(self.window_start, self.window_end))
        return {"id": self.id, "kind": KIND_NAMES.get(self.kind, self.kind), "unit": self.unit_name,
                "topic": self.topic, "when": when, "location": self.location or "待定",
                "speaker": self.speaker or "待定", "subtype": self.subtype or ""}


@dataclass
class Register:
    now: datetime
    events: list[EventView]
    units: dict[int, UnitView]
    people: dict[tuple[int | None, str], list[Recipient]] = field(default_factory=dict)
    time_changes: list = field(default_factory=list)  # recent moves (bot.reminders.filings), wide loads only

    @property
    def tz(self) -> tzinfo:
        assert self.now.tzinfo is not None  # the clock's now is always aware
        return self.now.tzinfo

    def recipients(self, role: str, unit_id: int | None = None) -> list[Recipient]:
        """Who holds ``role`` (in the unit); a placeholder when nobody does, so it gets reported."""
        if role == Role.OFFICE:
            found = self.people.get((None, Role.OFFICE)) or self.people.get((None, Role.ADMIN), [])
            return found or [Recipient(None, role, None, ROLE_NAMES[role])]
        found = self.people.get((unit_id, role), [])
        unit = self.units.get(unit_id) if unit_id is not None else None
        return found or [Recipient(None, role, unit_id, f"{unit.name if unit else ''}{ROLE_NAMES[role]}")]

    def person(self, person_id: int | None) -> Recipient | None:
        if not hasattr(self, "_by_person"):
            self._by_person = {r.person_id: r for group in self.people.values() for r in group}
        return self._by_person.get(person_id)


async def load_register(session: AsyncSession, now: datetime, *, event_ids: Iterable[int] | None = None,
                        unit_ids: Iterable[int] | None = None, since: date | None = None) -> Register:
    """Events by id (whatever their status), or all not cancelled (of ``unit_ids``) with a window
    ending on or after ``since``; and all units and active people."""
    rows: list[Any] = []
    if event_ids is None:
        stmt = _event_query().where(Event.status != "cancelled")
        if since is not None:
            stmt = stmt.where(Event.window_end >= since)
        if unit_ids is not None:
            stmt = stmt.where(Event.unit_id.in_(sorted(set(unit_ids))))
        rows = list((await session.execute(stmt)).all())
    else:
        for chunk in _chunks(sorted(set(event_ids))):
            rows += (await session.execute(_event_query().where(Event.id.in_(chunk)))).all()
    tz = now.tzinfo
    assert tz is not None
    events = [_event_view(row, tz) for row in rows]
    full = event_ids is None and unit_ids is None
    await _add_schedule_history(session, events, tz, full=full)
    reg = Register(now, events, await _load_units(session), await _load_people(session))
    if full:
        reg.time_changes = await load_time_changes(session, now - FILING_LOOK_BACK)
    return reg


def _material_files():
    """Per event: photos, and whether a press release and a Q&A file were sent (bot/procedure)."""
    def has(kind: str):
        return func.max(case((Material.kind == kind, 1), else_=0))

    return (select(Material.event_id, func.sum(case((Material.kind == "photo", 1), else_=0)).label("photos"),
                   has("press_release").label("release"), has("qa").label("qa"))
            .group_by(Material.event_id).subquery())


def _event_query():
    rf, sf, mf = RegistrationForm, StatisticsForm, _material_files()
    return (select(Event.id, Event.kind, Event.unit_id, Unit.name, Event.topic, Event.window_start,
                   Event.window_end, Event.start_at, Event.status, Event.subtype,
                   Event.location, Event.speaker, rf.submitted_at, rf.press_release, rf.questions,
                   rf.photo_count, sf.submitted_at.label("stats_at"), InterviewOutline.submitted_at.label("outline_at"),
                   mf.c.photos, mf.c.release, mf.c.qa, Event.principal_spoke)
            .join(Unit, Unit.id == Event.unit_id)
            .outerjoin(rf, rf.event_id == Event.id)
            .outerjoin(sf, sf.event_id == Event.id)
            .outerjoin(InterviewOutline, InterviewOutline.event_id == Event.id)
            .outerjoin(mf, mf.c.event_id == Event.id))


def _event_view(row, tz: tzinfo) -> EventView:
    (eid, kind, unit_id, unit_name, topic, ws, we, start_at, status, subtype, location,
     speaker, reg_at, release, questions, photos, stats_at, outline_at, photo_files, release_file, qa_file,
     principal) = row
    return EventView(
        id=eid, kind=kind, unit_id=unit_id, unit_name=unit_name, topic=topic, window_start=ws,
        window_end=we, start_at=start_at, status=status, tz=tz, subtype=subtype,
        location=location, speaker=speaker, registration_sent=reg_at is not None,
        materials_complete=(bool(release) or bool(release_file)) and (len(questions or ()) >= 2 or bool(qa_file))
        and max(photos or 0, photo_files or 0) >= 3,
        statistics_sent=stats_at is not None, outline_sent=outline_at is not None, principal_spoke=principal)


async def _add_schedule_history(session: AsyncSession, events: Sequence[EventView], tz: tzinfo,
                                *, full: bool) -> None:
    """The original end of the window (before any move) and the day of the last move."""
    by_id = {ev.id: ev for ev in events}
    stmt = (select(EventChange.event_id, EventChange.field, EventChange.old_value, EventChange.at)
            .where(EventChange.field.in_(SCHEDULE_FIELDS)).order_by(EventChange.at, EventChange.id))
    rows: list[Any] = []
    if full:
        rows = list((await session.execute(stmt)).all())
    else:
        for chunk in _chunks(sorted(by_id)):
            rows += (await session.execute(stmt.where(EventChange.event_id.in_(chunk)))).all()
    for event_id, _field, old_value, at in rows:
        ev = by_id.get(event_id)
        if ev is None:
            continue
        days = [date.fromisoformat(d) for d in _ISO_DAY.findall(old_value or "")]
        # the first move of the window's end tells where the plan had put it
        if ev.original_end is None and days and _field in END_FIELDS:
            ev.original_end = max(days)
        ev.rescheduled_on = at.astimezone(tz).date()


async def _load_units(session: AsyncSession) -> dict[int, UnitView]:
    rows = await session.execute(select(Unit.id, Unit.name, Unit.aliases, Unit.is_key, Unit.yearly_quota))
    return {r[0]: UnitView(r[0], r[1], tuple(r[2] or ()), bool(r[3]), r[4]) for r in rows}


async def _load_people(session: AsyncSession) -> dict[tuple[int | None, str], list[Recipient]]:
    rows = await session.execute(
        select(Person.id, Person.role, Person.unit_id, Person.name, Person.platform, Person.user_id)
        .where(Person.active.is_(True)).order_by(Person.id))
    people: dict[tuple[int | None, str], list[Recipient]] = defaultdict(list)
    for pid, role, unit_id, name, platform, user_id in rows:
        recipient = Recipient(pid, role, unit_id, name, platform or None, user_id or None)
        # the office is one team whatever unit its members sit in
        people[(None if role in (Role.OFFICE, Role.ADMIN) else unit_id, role)].append(recipient)
    return dict(people)


def _chunks(ids: Sequence[int], size: int = CHUNK):
    for i in range(0, len(ids), size):
        yield ids[i:i + size]
