"""What a rule produces: a candidate reminder, and when it is due.

The key (rule, scope, recipient, due day) is what makes recomputing idempotent: the same
register at any later ``now`` yields the same keys, and a moved event yields new ones.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from bot.reminders.calendar import WorkCalendar
from bot.reminders.policy import Policy
from bot.reminders.register import Recipient


class Shift(StrEnum):
    BACK = "back"  # a notice: better a working day early than on a holiday nobody reads
    FORWARD = "forward"  # a check that something is late: never before it is late
    NONE = "none"  # the event is imminent: remind even on a holiday


@dataclass(frozen=True)
class Candidate:
    rule: str
    recipient: Recipient
    due_at: datetime
    expires_at: datetime | None = None
    event_id: int | None = None
    unit_id: int | None = None
    context: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def scope(self) -> str:
        if self.event_id is not None:
            return f"e{self.event_id}"
        return f"u{self.unit_id}" if self.unit_id is not None else "office"

    @property
    def key(self) -> str:
        return f"{self.rule}:{self.scope}:{self.recipient.ref}:{self.due_at.date().isoformat()}"

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at


@dataclass(frozen=True)
class Timing:
    policy: Policy
    calendar: WorkCalendar
    tz: tzinfo

    def at(self, day: date, shift: Shift = Shift.BACK, clock: time | None = None) -> datetime:
        """The send time on ``day``, moved off non-working days as ``shift`` says."""
        if shift is Shift.BACK:
            day = self.calendar.previous_workday(day)
        elif shift is Shift.FORWARD:
            day = self.calendar.next_workday(day)
        return datetime.combine(day, clock or self.policy.send_time, tzinfo=self.tz)

    def end_of(self, day: date) -> datetime:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.tz)


def make_timing(policy: Policy, tz: tzinfo, calendar: WorkCalendar | None = None) -> Timing:
    return Timing(policy, calendar or calendar_for(policy), tz)


_CALENDARS: dict[frozenset[date], WorkCalendar] = {}


def calendar_for(policy: Policy) -> WorkCalendar:
    """One calendar per set of quiet days, so the coverage warning is logged once per process."""
    if policy.quiet_days not in _CALENDARS:
        _CALENDARS[policy.quiet_days] = WorkCalendar(policy.quiet_days)
    return _CALENDARS[policy.quiet_days]
