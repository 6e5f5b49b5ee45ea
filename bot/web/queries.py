"""The dashboard's questions to the register: plain column selects, one query per question.

No page loads ORM events in a loop (no N+1): lists select the columns they show, joined to
the unit's name, with the total counted in the same query (``count() over ()``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.collate import pinyin_key
from bot.reminders.policy import Policy
from bot.web.grid import OPEN, GridRow
from store import rules
from store.models import Event, RegistrationForm, Unit
from store.repo import MAX_WINDOW_DAYS, UnitStanding, unit_standings
from store.rules import REGISTRATION_LOOKAHEAD_DAYS

PAGE_SIZE = 100


@dataclass(frozen=True)
class Filters:
    unit_id: int | None = None
    kind: str | None = None
    status: str | None = None
    start: date | None = None  # the window meets [start, end]
    end: date | None = None
    page: int = 1


@dataclass(frozen=True)
class ListRow:
    id: int
    unit: str
    kind: str
    topic: str
    status: str
    window_start: date
    window_end: date
    window_text: str | None
    start_at: datetime | None
    location: str | None


@dataclass
class EventPage:
    rows: list[ListRow]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


LIST_COLUMNS = (Event.id, Unit.name, Event.kind, Event.topic, Event.status, Event.window_start,
                Event.window_end, Event.window_text, Event.start_at, Event.location)


def _meets(query: Select, start: date | None, end: date | None) -> Select:
    if end is not None:
        query = query.where(Event.window_start <= end)
    if start is not None:
        # the lower bound on window_start lets the index bound the scan (windows ≤ a year)
        query = query.where(Event.window_end >= start,
                            Event.window_start >= start - timedelta(days=MAX_WINDOW_DAYS))
    return query


async def units(session: AsyncSession) -> list[tuple[int, str, bool]]:
    rows = await session.execute(select(Unit.id, Unit.name, Unit.is_key))
    return sorted(((uid, name, bool(key)) for uid, name, key in rows), key=lambda unit: pinyin_key(unit[1]))


async def grid_rows(session: AsyncSession, year: int, kind: str | None) -> list[GridRow]:
    query = select(Event.id, Event.unit_id, Event.kind, Event.topic, Event.status, Event.window_start,
                   Event.window_end, Event.start_at.is_not(None))
    query = _meets(query, date(year, 1, 1), date(year, 12, 31)).where(Event.status != "cancelled")
    if kind:
        query = query.where(Event.kind == kind)
    rows = await session.execute(query.order_by(Event.unit_id, Event.window_start, Event.id))
    return [GridRow(*row) for row in rows]


async def event_list(session: AsyncSession, filters: Filters) -> EventPage:
    query: Select = select(*LIST_COLUMNS, func.count().over()).join(Unit, Unit.id == Event.unit_id)
    query = _meets(query, filters.start, filters.end)
    for column, value in ((Event.unit_id, filters.unit_id), (Event.kind, filters.kind),
                          (Event.status, filters.status)):
        if value:
            query = query.where(column == value)
    query = (query.order_by(Event.window_start, Event.start_at, Event.id)
             .limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE))
    rows = (await session.execute(query)).all()
    total = rows[0][-1] if rows else 0
    return EventPage([ListRow(*row[:-1]) for row in rows], total, filters.page)


async def quota_lines(session: AsyncSession, year: int, policy: Policy | None = None) -> list[UnitStanding]:
    """"2·1+N" per unit for a year, the units furthest behind first."""
    policy = policy or Policy()
    found = await unit_standings(session, year, policy.quota, policy.key_departments)
    order = {"short": 0, "on_track": 1, "met": 2}
    return sorted(found, key=lambda u: (order[u.standing.state], not u.is_key, pinyin_key(u.name)))


@dataclass
class Attention:
    """The overdue page: each list capped, with its full count."""

    overdue: list[ListRow]
    overdue_total: int
    no_registration: list[ListRow]
    no_registration_total: int
    no_statistics: list[ListRow]
    no_statistics_total: int
    awaiting_approval: list[ListRow]
    awaiting_approval_total: int


ATTENTION_LIMIT = 300


async def _capped(session: AsyncSession, query: Select) -> tuple[list[ListRow], int]:
    query = query.add_columns(func.count().over()).order_by(Event.window_start, Event.id).limit(ATTENTION_LIMIT)
    rows = (await session.execute(query)).all()
    return [ListRow(*row[:-1]) for row in rows], (rows[0][-1] if rows else 0)


def _listed() -> Select:
    return select(*LIST_COLUMNS).join(Unit, Unit.id == Event.unit_id)


async def attention(session: AsyncSession, today: date, policy: Policy | None = None,
                    lookahead_days: int = REGISTRATION_LOOKAHEAD_DAYS) -> Attention:
    """Overdue events, registrations due soon and missing, statistics missing, approvals waiting."""
    policy = policy or Policy()
    overdue = _listed().where(Event.status.in_(OPEN), Event.window_end < today)
    no_registration = rules.registration_missing(
        _meets(_listed(), *rules.registration_lookahead(today, lookahead_days)),
        rules.kinds_needing("registration", policy.lead_days))
    no_statistics = rules.statistics_missing(_listed())
    waiting = _listed().join(RegistrationForm, RegistrationForm.event_id == Event.id).where(
        RegistrationForm.submitted_at.is_not(None), RegistrationForm.approval == "pending",
        Event.status.in_(OPEN))
    parts: list[Any] = []
    for query in (overdue, no_registration, no_statistics, waiting):
        parts.extend(await _capped(session, query))
    return Attention(*parts)
