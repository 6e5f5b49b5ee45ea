"""年终考核: per unit, what the year's plan asked and what was done, with the events behind it.

One computation (``assess``) feeds the .xlsx export (``assessment_xlsx``), the dashboard page
``/admin/assessment`` and the chat, so that they never disagree. Quotas, key departments,
periods and "a form is needed" come from the rules module.

An event belongs to the year its plan put it in: the window it had before any move. Figures:
- 计划: every event of the year, cancelled ones included (they were planned);
- 已举办: held or reported; 按时/逾期: held by the end of its planned window or after it;
- 延期超一月: its last day (held, or the window it has now) past the postponement limit;
- 取消: cancelled; 缺登记表/缺统计表: held without the form the rules ask for;
- 完成任务: the unit's quota of press conferences held (key departments: one in each half);
- 主要负责同志出席: a held press conference where the principal leader spoke;
- 实录发布: held events whose 实录 is on record, where the register tracks publication.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.exports import assessment_rules as rules
from bot.exports.common import kind_name
from bot.timefmt import format_date, format_window
from store.models import Event, EventChange, Kind, RegistrationForm, StatisticsForm, Status, Unit

HELD = (Status.HELD, Status.REPORTED)
# Figure names, in column order; an event line says which of them it counts in.
PLANNED, DONE, ON_TIME, LATE, POSTPONED, CANCELLED = "计划", "已举办", "按时", "逾期", "延期超一月", "取消"
NO_REGISTRATION, NO_STATISTICS, LEADER, RECORD = "缺登记表", "缺统计表", "主要负责同志出席", "实录已发布"


@dataclass
class EventLine:
    event_id: int
    unit: str
    kind: str
    topic: str
    planned: str  # the planned window, as the office writes it
    held: str  # the day it was held, or ""
    status: str
    counts_in: list[str] = field(default_factory=list)


@dataclass
class UnitFigures:
    unit_id: int
    name: str
    is_key: bool
    quota: int
    planned: int = 0
    held: int = 0
    on_time: int = 0
    late: int = 0
    postponed: int = 0
    cancelled: int = 0
    missing_registration: int = 0
    missing_statistics: int = 0
    conferences_held: int = 0
    halves_held: tuple[int, int] = (0, 0)
    leader_spoke: bool = False
    records: int | None = None  # None: publication is not tracked in this register
    events: list[EventLine] = field(default_factory=list)

    @property
    def quota_met(self) -> bool:
        return rules.quota_met(self.is_key, self.quota, self.conferences_held, self.halves_held)

    @property
    def leader_text(self) -> str:
        """是 / 否 for key departments (the rule is theirs); others only 是 when it happened."""
        if self.leader_spoke:
            return "是"
        return "否" if self.is_key else "—"


@dataclass
class Assessment:
    year: int
    units: list[UnitFigures]
    months: list[tuple[int, int, int]]  # (month, planned, held)
    records_tracked: bool

    def unit(self, name: str) -> UnitFigures:
        return next(u for u in self.units if u.name == name)


async def assess(session: AsyncSession, *, year: int, tz: tzinfo, policy: rules.Policy | None = None) -> Assessment:
    """The year's figures per unit, units in the office's order (pinyin of the name)."""
    policy = policy or rules.Policy()
    units = list((await session.execute(select(Unit))).scalars())
    figures = {u.id: UnitFigures(u.id, u.name, rules.is_key(u, policy), rules.quota_of(u, policy)) for u in units}
    rows = await _events(session, year)
    originals = await _original_windows(session, [ev.id for ev, *_ in rows])
    records = await rules.recorded_events(session, [ev.id for ev, *_ in rows])
    months = {m: [0, 0] for m in range(1, 13)}
    for ev, reg_at, stats_at, held_at in rows:
        start, end = originals.get(ev.id, (ev.window_start, ev.window_end))
        if start.year != year:
            continue
        held_day = _held_day(ev, held_at, tz)
        line = _count(figures[ev.unit_id], ev, end, held_day, reg_at is not None, stats_at is not None,
                      records, policy, year)
        figures[ev.unit_id].events.append(EventLine(
            ev.id, ev.unit.name, kind_name(ev.kind), ev.topic, format_window(start, end),
            format_date(held_day) if held_day else "", rules.status_label(ev.status), line))
        months[start.month][0] += 1
        if held_day and held_day.year == year:
            months[held_day.month][1] += 1
    for unit in figures.values():
        unit.records = None if records is None else unit.records or 0
    ordered = sorted(figures.values(), key=lambda u: rules.unit_order_key(u.name))
    return Assessment(year, ordered, [(m, p, h) for m, (p, h) in months.items()], records is not None)


def _count(unit: UnitFigures, ev: Event, planned_end: date, held_day: date | None, has_registration: bool,
           has_statistics: bool, records: set[int] | None, policy: rules.Policy, year: int) -> list[str]:
    counted = [PLANNED]
    unit.planned += 1
    if ev.status == Status.CANCELLED:
        unit.cancelled += 1
        return [*counted, CANCELLED]
    last_day = held_day or ev.window_end
    if last_day > rules.postpone_limit(planned_end, policy):
        unit.postponed += 1
        counted.append(POSTPONED)
    if ev.status not in HELD:
        return counted
    unit.held += 1
    counted.append(DONE)
    late = held_day is not None and held_day > planned_end
    unit.late += late
    unit.on_time += not late
    counted.append(LATE if late else ON_TIME)
    if rules.needs_registration(ev) and not has_registration:
        unit.missing_registration += 1
        counted.append(NO_REGISTRATION)
    if not has_statistics:
        unit.missing_statistics += 1
        counted.append(NO_STATISTICS)
    if ev.kind == Kind.PRESS_CONFERENCE and (held_day is None or held_day.year == year):
        unit.conferences_held += 1
        first_half = rules.half_of(held_day or ev.window_start) == 1
        h1, h2 = unit.halves_held
        unit.halves_held = (h1 + first_half, h2 + (not first_half))
        if ev.principal_spoke:
            unit.leader_spoke = True
            counted.append(LEADER)
    if records is not None and ev.id in records:
        unit.records = (unit.records or 0) + 1
        counted.append(RECORD)
    return counted


def _held_day(ev: Event, held_at: datetime | None, tz: tzinfo) -> date | None:
    if ev.status not in HELD:
        return None
    moment = held_at or ev.start_at
    return moment.astimezone(tz).date() if moment else ev.window_end


async def _events(session: AsyncSession, year: int) -> list:
    """Events that may belong to the year: their window starts within a year of it (moves are
    at most a year) — the planned window decides."""
    rf, sf = RegistrationForm, StatisticsForm
    stmt = (select(Event, rf.submitted_at, sf.submitted_at, sf.held_at)
            .outerjoin(rf, rf.event_id == Event.id).outerjoin(sf, sf.event_id == Event.id)
            .where(Event.window_start >= date(year - 1, 1, 1), Event.window_start <= date(year + 1, 12, 31))
            .order_by(Event.window_start, Event.id))
    return list((await session.execute(stmt)).all())


async def _original_windows(session: AsyncSession, event_ids: list[int]) -> dict[int, tuple[date, date]]:
    """The window each moved event had before its first move."""
    found: dict[int, dict[str, date]] = defaultdict(dict)
    stmt = (select(EventChange.event_id, EventChange.field, EventChange.old_value)
            .where(EventChange.field.in_(("window_start", "window_end")), EventChange.event_id.in_(event_ids))
            .order_by(EventChange.at, EventChange.id))
    for event_id, name, old in await session.execute(stmt):
        if old and name not in found[event_id]:
            found[event_id][name] = date.fromisoformat(old[:10])
    events = {ev.id: ev for ev in (await session.execute(select(Event).where(Event.id.in_(list(found))))).scalars()}
    return {eid: (w.get("window_start", events[eid].window_start), w.get("window_end", events[eid].window_end))
            for eid, w in found.items()}


def local_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tz)
