"""年终考核: per unit, what the year's plan asked and what was done, with the events behind it.

One computation (``assess``) feeds the .xlsx export (``assessment_xlsx``) and the dashboard page
``/admin/assessment``; quotas, key departments, "2·1+N" met, the principal leader, periods and
"a form is needed" come from ``store.rules`` (the quota figures through ``unit_standings``, as the
chat's 完成情况 and the quota page have them), so that none of them disagree.

An event belongs to the year its window starts in, as ``store.rules`` counts "2·1+N"; the window
it had before any move (the plan's) says whether it is late. Figures:
- 计划: every event of the year, cancelled ones included (they were planned);
- 已举办: held or reported; 按时/逾期: held by the end of its planned window or after it;
- 延期超一月: its last day (held, or the window it has now) past the postponement limit;
- 取消: cancelled; 缺登记表/缺统计表: held without the form the rules ask for;
- 完成任务: "2·1+N" met (``rules.Standing.met``: press conferences held, key departments one in
  each half); a joint event counts for each of its units, as the rules say;
- 主要负责同志出席: a held press conference where the principal leader spoke (``rules``);
- 实录发布: held events whose 实录 is on record (``publications``, item "record").
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.collate import pinyin_key
from bot.reminders.policy import Policy
from bot.timefmt import format_date, format_window
from store import rules
from store.models import Event, EventChange, Publication, RegistrationForm, StatisticsForm, Status
from store.repo import UnitStanding, unit_standings

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
    standing: rules.Standing
    planned: int = 0
    held: int = 0
    on_time: int = 0
    late: int = 0
    postponed: int = 0
    cancelled: int = 0
    missing_registration: int = 0
    missing_statistics: int = 0
    records: int = 0  # held events with their 实录 published
    events: list[EventLine] = field(default_factory=list)

    @property
    def is_key(self) -> bool:
        return self.standing.is_key

    @property
    def quota(self) -> int:
        return self.standing.quota

    @property
    def quota_met(self) -> bool:
        return self.standing.met

    @property
    def leader_spoke(self) -> bool:
        return self.standing.principal_spoke

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
    quota: rules.QuotaRule = rules.DEFAULT_QUOTA
    postpone_limit_months: int = 1

    def unit(self, name: str) -> UnitFigures:
        return next(u for u in self.units if u.name == name)


async def assess(session: AsyncSession, *, year: int, tz: tzinfo, policy: Policy | None = None) -> Assessment:
    """The year's figures per unit, units in the office's order (pinyin of the name)."""
    policy = policy or Policy()
    standings: list[UnitStanding] = await unit_standings(session, year, policy.quota, policy.key_departments)
    figures = {u.unit_id: UnitFigures(u.unit_id, u.name, u.standing) for u in standings}
    rows = await _events(session, year)
    originals = await _original_windows(session, [ev.id for ev, *_ in rows])
    records = await recorded_events(session, [ev.id for ev, *_ in rows])
    months = {m: [0, 0] for m in range(1, 13)}
    for ev, reg_at, stats_at, held_at in rows:
        start, end = originals.get(ev.id, (ev.window_start, ev.window_end))
        held_day = _held_day(ev, held_at, tz)
        facts = Facts(end, held_day, reg_at is not None, stats_at is not None, ev.id in records)
        for unit_id in [ev.unit_id, *(u.id for u in ev.co_units)]:  # a joint event counts for each unit
            unit = figures[unit_id]
            unit.events.append(EventLine(
                ev.id, unit.name, rules.kind_name(ev.kind), ev.topic, format_window(start, end),
                format_date(held_day) if held_day else "", rules.status_name(ev.status),
                _count(unit, ev, facts, policy, lead=unit_id == ev.unit_id)))
        if start.year == year:  # planned per month by the plan's month
            months[start.month][0] += 1
        if held_day and held_day.year == year:
            months[held_day.month][1] += 1
    ordered = sorted(figures.values(), key=lambda u: pinyin_key(u.name))
    return Assessment(year, ordered, [(m, p, h) for m, (p, h) in months.items()], policy.quota,
                      policy.postpone_limit_months)


@dataclass(frozen=True)
class Facts:
    planned_end: date
    held_day: date | None
    has_registration: bool
    has_statistics: bool
    recorded: bool


def _count(unit: UnitFigures, ev: Event, facts: Facts, policy: Policy, *, lead: bool) -> list[str]:
    counted = [PLANNED]
    unit.planned += 1
    if ev.status == Status.CANCELLED:
        unit.cancelled += 1
        return [*counted, CANCELLED]
    if rules.postponed_too_long(facts.planned_end, facts.held_day or ev.window_end, policy.postpone_limit_months):
        unit.postponed += 1
        counted.append(POSTPONED)
    if ev.status not in rules.HELD_STATUSES:
        return counted
    unit.held += 1
    late = facts.held_day is not None and facts.held_day > facts.planned_end
    unit.late += late
    unit.on_time += not late
    counted += [DONE, LATE if late else ON_TIME]
    if rules.needs_registration(ev.kind, policy.lead_days) and not facts.has_registration:
        unit.missing_registration += 1
        counted.append(NO_REGISTRATION)
    if not facts.has_statistics:
        unit.missing_statistics += 1
        counted.append(NO_STATISTICS)
    if lead and rules.principal_spoke_at(ev.kind, ev.status, ev.principal_spoke):
        counted.append(LEADER)
    if facts.recorded:
        unit.records += 1
        counted.append(RECORD)
    return counted


async def recorded_events(session: AsyncSession, event_ids: list[int]) -> set[int]:
    """Events whose 实录 is on record (bot.procedure.publication: item "record")."""
    stmt = select(Publication.event_id).where(Publication.item == "record", Publication.event_id.in_(event_ids))
    return set((await session.execute(stmt)).scalars())


def _held_day(ev: Event, held_at: datetime | None, tz: tzinfo) -> date | None:
    if ev.status not in rules.HELD_STATUSES:
        return None
    moment = held_at or ev.start_at
    return moment.astimezone(tz).date() if moment else ev.window_end


async def _events(session: AsyncSession, year: int) -> list:
    """The year's events (their window starts in it), with their forms' state."""
    rf, sf = RegistrationForm, StatisticsForm
    stmt = (select(Event, rf.submitted_at, sf.submitted_at, sf.held_at)
            .outerjoin(rf, rf.event_id == Event.id).outerjoin(sf, sf.event_id == Event.id)
            .where(Event.window_start.between(*rules.period(year)))
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
