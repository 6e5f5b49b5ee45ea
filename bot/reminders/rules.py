"""Event rules: rule name → function turning one event into candidate reminders.

Every rule yields its candidates whatever ``now`` is (the due day only depends on the event),
so a recompute at any time gives the same keys; whether a candidate is still worth sending is
decided by its expiry and by re-running the rule at send time.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.reminders.candidates import Candidate, Shift, Timing
from bot.reminders.register import EventView, Register
from bot.timefmt import day_text
from store.models import Role, Status
from store.rules import postpone_limit

log = logging.getLogger(__name__)

LIAISON, DIRECTOR, OFFICE = Role.LIAISON, Role.DIRECTOR, Role.OFFICE
STALE_AFTER = timedelta(days=30)  # an escalation older than this after downtime is noise, not news


@dataclass(frozen=True)
class Rule:
    name: str
    produce: Callable[[EventView, Register, Timing], Iterable[Candidate]]


def to_roles(rule: str, roles: tuple[str, ...], ev: EventView, reg: Register, due: datetime,
             expires: datetime | None, **context) -> list[Candidate]:
    ctx = {"event": ev.describe(), **context}
    return [Candidate(rule, person, due, expires, ev.id, ev.unit_id, ctx)
            for role in roles for person in reg.recipients(role, ev.unit_id)]


def month_begins_undated(ev: EventView, reg: Register, t: Timing) -> list[Candidate]:
    if ev.status != Status.PLANNED or ev.start_at is not None:
        return []
    due = t.at(ev.window_start.replace(day=1))
    return to_roles("month_begins_undated", (LIAISON,), ev, reg, due, t.end_of(ev.window_end))


def registration_due(ev: EventView, reg: Register, t: Timing) -> list[Candidate]:
    deadline = _form_deadline(ev, t, "registration")
    if deadline is None:
        return []
    return to_roles("registration_due", (LIAISON, DIRECTOR), ev, reg, t.at(deadline), ev.start_at,
                    deadline=day_text(deadline))


def registration_overdue(ev: EventView, reg: Register, t: Timing) -> list[Candidate]:
    deadline = _form_deadline(ev, t, "registration")
    if deadline is None:
        return []
    due = t.at(deadline + timedelta(days=t.policy.escalate_after_days), Shift.FORWARD)
    if ev.start_at is None or due >= ev.start_at:
        return []
    return to_roles("registration_overdue", (OFFICE,), ev, reg, due, ev.start_at, deadline=day_text(deadline))


def _form_deadline(ev: EventView, t: Timing, form: str) -> date | None:
    lead = t.policy.lead(form, ev.kind)
    if lead is None or ev.status not in (Status.PLANNED, Status.SCHEDULED) or ev.day is None:
        return None
    return None if ev.registration_sent else ev.day - timedelta(days=lead)


def materials_due(ev: EventView, reg: Register, t: Timing) -> list[Candidate]:
    lead = t.policy.lead("materials", ev.kind)
    if lead is None or not ev.active or ev.day is None or ev.materials_complete:
        return []
    deadline = ev.day - timedelta(days=lead)
    # the form not yet sent takes the texts in; after it, materials come as files
    return to_roles("materials_due", (LIAISON,), ev, reg, t.at(deadline), ev.start_at,
                    deadline=day_text(deadline), form_sent=ev.registration_sent)


def outline_due(ev: EventView, reg: Register, t: Timing) -> list[Candidate]:
    """An interview's plan and outline; a registration form sent for it counts as sent."""
    lead = t.policy.lead("outline", ev.kind)
    if lead is None or not ev.active or ev.registration_sent or ev.outline_sent:
        return []
    deadline = (ev.day or ev.window_start) - timedelta(days=lead)
    expires = ev.start_at or t.end_of(ev.window_end)
    return to_roles("outline_due", (LIAISON,), ev, reg, t.at(deadline), expires, deadline=day_text(deadline))


def event_eve(ev: EventView, reg: Register, t: Timing) -> list[Candidate]:
    if not _dated(ev) or ev.day is None:
        return []
    due = t.at(ev.day - timedelta(days=1), Shift.NONE)
    return to_roles("event_eve", (DIRECTOR,), ev, reg, due, ev.start_at)


def event_morning(ev: EventView, reg: Register, t: Timing) -> list[Candidate]:
    if not _dated(ev) or ev.day is None or ev.start_at is None:
        return []
    # an 8:30 event is announced an hour ahead, not after it started
    due = min(t.at(ev.day, Shift.NONE), ev.start_at.astimezone(t.tz) - timedelta(hours=1))
    return to_roles("event_morning", (DIRECTOR,), ev, reg, due, ev.start_at)


def _dated(ev: EventView) -> bool:
    return ev.start_at is not None and ev.status in (Status.SCHEDULED, Status.REGISTERED, Status.APPROVED)


def window_passed(ev: EventView, reg: Register, t: Timing) -> list[Candidate]:
    if not ev.active:
        return []
    due = t.at(ev.last_day + timedelta(days=1), Shift.FORWARD)
    return to_roles("window_passed", (LIAISON, OFFICE), ev, reg, due, due + STALE_AFTER)


def postponed_too_long(ev: EventView, reg: Register, t: Timing) -> list[Candidate]:
    """Moved past the limit (told when it was moved), or still not held once the limit passed."""
    if not ev.active:
        return []
    original = ev.original_end or ev.window_end
    limit = postpone_limit(original, t.policy.postpone_limit_months)
    if ev.last_day > limit:
        day, reason = ev.rescheduled_on or original + timedelta(days=1), "moved"
    else:
        day, reason = limit + timedelta(days=1), "not_held"
    due = t.at(day, Shift.FORWARD)
    return to_roles("postponed_too_long", (OFFICE,), ev, reg, due, due + STALE_AFTER, reason=reason,
                    original_end=day_text(original), limit=day_text(limit))


def statistics_missing(ev: EventView, reg: Register, t: Timing) -> list[Candidate]:
    if ev.status != Status.HELD or ev.statistics_sent:
        return []
    held = ev.day or ev.window_end
    due = t.at(held + timedelta(days=t.policy.statistics_after_days), Shift.FORWARD)
    return to_roles("statistics_missing", (LIAISON,), ev, reg, due, due + STALE_AFTER)


EVENT_RULES: tuple[Rule, ...] = (
    Rule("month_begins_undated", month_begins_undated),
    Rule("registration_due", registration_due),
    Rule("registration_overdue", registration_overdue),
    Rule("materials_due", materials_due),
    Rule("outline_due", outline_due),
    Rule("event_eve", event_eve),
    Rule("event_morning", event_morning),
    Rule("window_passed", window_passed),
    Rule("postponed_too_long", postponed_too_long),
    Rule("statistics_missing", statistics_missing),
)


RULES_BY_NAME = {rule.name: rule for rule in EVENT_RULES}


def event_candidates(ev: EventView, reg: Register, t: Timing, only: set[str] | None = None) -> list[Candidate]:
    """The reminders one event calls for. An event whose dates no calendar arithmetic survives
    (one stored before the register refused years outside ``store.rules.YEARS``) gets none and
    is logged: it never stops the other events' reminders."""
    rules = EVENT_RULES if only is None else [RULES_BY_NAME[n] for n in only if n in RULES_BY_NAME]
    try:
        return [c for rule in rules for c in rule.produce(ev, reg, t)]
    except (OverflowError, ValueError) as exc:  # said each time it is recomputed: rarely
        log.error("活动 %s 的时间无法计算提醒（%s: %s），已跳过；请在后台或用 pressbot history %s 核对它的时间",
                  ev.id, type(exc).__name__, exc, ev.id)
        return []
