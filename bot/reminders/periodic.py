"""Calendar rules: half-year statistics, the "2·1+N" quota, the Monday digest.

These look at a unit's (or everybody's) events, not at one event, so they run on a register
that holds the current and the previous year.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.reminders.candidates import Candidate, Shift, Timing
from bot.reminders.filings import filed_moves
from bot.reminders.register import ACTIVE, HELD, EventView, Register, UnitView
from bot.reminders.rules import DIRECTOR, LIAISON, OFFICE
from bot.timefmt import day_text, format_day
from store import rules
from store.models import Kind, Status
from store.rules import add_months

DIGEST_LIMIT = 20  # longer lists are cut, with the rest counted


@dataclass(frozen=True)
class PeriodicRule:
    name: str
    scope: str  # "unit" (one unit's liaison/director) or "office"
    produce: Callable[[Register, Timing, set[int] | None], Iterable[Candidate]]


@dataclass(frozen=True)
class Half:
    start: date
    end: date
    report: date
    name: str


def halves(year: int, t: Timing) -> list[Half]:
    return [Half(*rules.period(year, half), rules.report_deadline(year, half, t.policy.report_dates),
                 f"{year}年{rules.HALF_NAMES[half]}") for half in (1, 2)]


def _missing_statistics(reg: Register, half: Half) -> dict[int, list[EventView]]:
    missing: dict[int, list[EventView]] = {}
    for ev in reg.events:
        held = ev.day or ev.window_end
        if ev.status == Status.HELD and not ev.statistics_sent and half.start <= held <= half.end:
            missing.setdefault(ev.unit_id, []).append(ev)
    return missing


def halfyear_statistics(reg: Register, t: Timing, units: set[int] | None) -> list[Candidate]:
    out = []
    for half in halves(reg.now.year, t):
        due = t.at(half.report - timedelta(days=t.policy.report_notice_days))
        for unit_id, events in _missing_statistics(reg, half).items():
            if units is None or unit_id in units:
                ctx = {"half": half.name, "report_day": format_day(half.report),
                       "events": [ev.describe() for ev in events]}
                out += [Candidate("halfyear_statistics", p, due, t.end_of(half.report), None, unit_id, ctx)
                        for p in reg.recipients(LIAISON, unit_id)]
    return out


def halfyear_summary(reg: Register, t: Timing, units: set[int] | None) -> list[Candidate]:
    out = []
    for half in halves(reg.now.year, t):
        held = [ev for ev in reg.events if ev.status in HELD and half.start <= (ev.day or ev.window_end) <= half.end]
        missing = _missing_statistics(reg, half)
        ctx = {"half": half.name, "report_day": format_day(half.report), "held": len(held),
               "reported": sum(ev.statistics_sent for ev in held),
               "missing": [{"unit": evs[0].unit_name, "count": len(evs)} for evs in missing.values()]}
        due = t.at(half.report)
        out += [Candidate("halfyear_summary", p, due, t.end_of(half.report), context=ctx)
                for p in reg.recipients(OFFICE)]
    return out


def is_key_unit(unit: UnitView, key_departments: tuple[str, ...]) -> bool:
    return rules.is_key_unit(unit.is_key, unit.name, unit.aliases, key_departments)


def quota_21n(reg: Register, t: Timing, units: set[int] | None) -> list[Candidate]:
    """A key department with no press conference held or dated in the half, a month before it ends."""
    out = []
    for unit in reg.units.values():
        if (units is not None and unit.id not in units) or not is_key_unit(unit, t.policy.key_departments):
            continue
        quota = rules.unit_quota(True, unit.yearly_quota, t.policy.quota)
        for half in halves(reg.now.year, t):
            in_half, in_year = _conference_counts(reg, unit.id, half)
            need_year = quota if half.end.month == 12 else 0
            if in_half >= 1 and in_year >= need_year:
                continue
            due = t.at(add_months(half.end, -t.policy.quota_notice_months))
            ctx = {"unit": unit.name, "half": half.name, "half_end": day_text(half.end),
                   "count_half": in_half, "count_year": in_year, "quota": quota}
            out += [Candidate("quota_21n", p, due, t.end_of(half.end), None, unit.id, ctx)
                    for role in (LIAISON, DIRECTOR) for p in reg.recipients(role, unit.id)]
    return out


def _conference_counts(reg: Register, unit_id: int, half: Half) -> tuple[int, int]:
    """Press conferences held, or dated and still on, in the half and in its year up to the half's end."""
    in_half = in_year = 0
    for ev in reg.events:
        if ev.unit_id != unit_id or ev.kind != Kind.PRESS_CONFERENCE:
            continue
        day = ev.day if ev.status in ACTIVE else (ev.day or ev.window_end) if ev.status in HELD else None
        if day is None or day.year != half.end.year or day > half.end:
            continue
        in_year += 1
        in_half += day >= half.start
    return in_half, in_year


def principal_spoke(reg: Register, unit_id: int, year: int) -> bool:
    """Whether the unit's principal leader spoke at a press conference of ``year`` (``store.rules``,
    counted as ``unit_standings`` counts it: by the window's start, for the lead unit)."""
    first, last = rules.period(year)
    return any(ev.unit_id == unit_id and first <= ev.window_start <= last
               and rules.principal_spoke_at(ev.kind, ev.status, ev.principal_spoke) for ev in reg.events)


def principal_not_spoken(reg: Register, t: Timing, units: set[int] | None) -> list[Candidate]:
    """"2·1+N": a key department's principal leader speaks at least once a year. In the second
    half-year, while it has not happened, the unit is told when the half begins and again a month
    before the year ends."""
    out = []
    year = reg.now.year
    second = halves(year, t)[1]
    days = (second.start, add_months(second.end, -t.policy.quota_notice_months))
    for unit in reg.units.values():
        if (units is not None and unit.id not in units) or not is_key_unit(unit, t.policy.key_departments):
            continue
        if principal_spoke(reg, unit.id, year):
            continue
        ahead = sorted((ev for ev in reg.events if ev.unit_id == unit.id and ev.kind == Kind.PRESS_CONFERENCE
                        and ev.active and ev.window_end.year == year), key=lambda ev: ev.window_start)
        ctx = {"unit": unit.name, "year": year, "year_end": day_text(second.end),
               "events": [ev.describe() for ev in ahead[:3]], "example_month": _example_month(reg.now.date())}
        due = [t.at(day) for day in days]
        # the first reminder gives way to the second: after downtime only the later one is sent
        until = (due[1], t.end_of(second.end))
        out += [Candidate("principal_not_spoken", p, at, end, None, unit.id, ctx)
                for at, end in zip(due, until, strict=True)
                for role in (DIRECTOR, LIAISON) for p in reg.recipients(role, unit.id)]
    return out


def _example_month(today: date) -> int:
    """The month a reminder's example reply names ("我局12月开发布会"): one still ahead this year."""
    soon = today + timedelta(days=7)
    return soon.month if soon.year == today.year else 12


def monday_digest(reg: Register, t: Timing, units: set[int] | None) -> list[Candidate]:
    today = reg.now.date()
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    due = t.at(monday, Shift.FORWARD)
    if due.date() > sunday:
        return []
    week = [ev for ev in reg.events if ev.active and ev.day and monday <= ev.day <= sunday]
    overdue = [ev for ev in reg.events if ev.active and ev.last_day < today]
    missing = [ev for ev in reg.events if ev.status == Status.HELD and not ev.statistics_sent]
    ctx = {"week": f"{day_text(monday)}至{day_text(sunday)}",
           "this_week": _listing(sorted(week, key=lambda e: (e.day or e.window_start, e.id))),
           "overdue": _listing(overdue), "missing_statistics": _listing(missing)}
    return [Candidate("monday_digest", p, due, t.end_of(due.date()), context=ctx) for p in reg.recipients(OFFICE)]


def time_changes_filed(reg: Register, t: Timing, units: set[int] | None) -> list[Candidate]:
    """Each working day, the times people changed since the last one, filed (备案) with the office
    in one message: the days from the previous working day up to yesterday."""
    today = reg.now.date()
    days = {t.calendar.previous_workday(today - timedelta(days=1))}
    if t.calendar.is_workday(today):
        days.add(today)
    out = []
    for day in sorted(days):
        first = t.calendar.previous_workday(day - timedelta(days=1))
        moves = filed_moves(reg.time_changes, first, day - timedelta(days=1), reg.tz)
        if not moves:
            continue
        span = day_text(first) if first == day - timedelta(days=1) else \
            f"{day_text(first)}至{day_text(day - timedelta(days=1))}"
        ctx = {"span": span, "moves": moves[:DIGEST_LIMIT], "more": max(0, len(moves) - DIGEST_LIMIT)}
        # still worth sending the next working day (a server down on the day)
        expires = t.end_of(t.calendar.next_workday(day + timedelta(days=1)))
        out += [Candidate("time_changes_filed", p, t.at(day, Shift.NONE), expires, context=ctx)
                for p in reg.recipients(OFFICE)]
    return out


def _listing(events: list[EventView]) -> dict:
    return {"items": [ev.describe() for ev in events[:DIGEST_LIMIT]], "more": max(0, len(events) - DIGEST_LIMIT)}


PERIODIC_RULES: tuple[PeriodicRule, ...] = (
    PeriodicRule("halfyear_statistics", "unit", halfyear_statistics),
    PeriodicRule("quota_21n", "unit", quota_21n),
    PeriodicRule("principal_not_spoken", "unit", principal_not_spoken),
    PeriodicRule("halfyear_summary", "office", halfyear_summary),
    PeriodicRule("monday_digest", "office", monday_digest),
    PeriodicRule("time_changes_filed", "office", time_changes_filed),
)
UNIT_RULES = frozenset(r.name for r in PERIODIC_RULES if r.scope == "unit")
OFFICE_RULES = frozenset(r.name for r in PERIODIC_RULES if r.scope == "office")


def periodic_candidates(reg: Register, t: Timing, *, units: set[int] | None = None,
                        office: bool = True) -> list[Candidate]:
    return [c for rule in PERIODIC_RULES if office or rule.scope == "unit"
            for c in rule.produce(reg, t, units)]
