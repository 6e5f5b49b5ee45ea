"""Time changes filed (备案) with the office: what moved in a span of days, one line per event.

The notices ask every changed time to be reported to the office; one message per move would
bury it, so the office gets them together in a daily digest (``periodic.time_changes_filed``).
Only changes people made count (in chat or on the dashboard: a person or a message is on the
history row); a plan import is the plan itself, not a change to file.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.timefmt import moment_text, window_text
from store.models import Event, EventChange, Unit
from store.rules import KIND_NAMES

TIME_FIELDS = ("window_start", "window_end", "start_at")
FILING_LOOK_BACK = timedelta(days=14)  # covers a digest held back by a long holiday


@dataclass(frozen=True)
class TimeChange:
    event_id: int
    unit_name: str
    kind: str
    topic: str
    at: datetime
    actor: str
    field: str
    old_value: str | None
    # the event's time now, from which any earlier state is found by undoing later changes
    window_start: date
    window_end: date
    start_at: datetime | None
    reason: str | None = None


async def load_time_changes(session: AsyncSession, since: datetime) -> list[TimeChange]:
    stmt = (select(EventChange.event_id, Unit.name, Event.kind, Event.topic, EventChange.at, EventChange.actor,
                   EventChange.field, EventChange.old_value, Event.window_start, Event.window_end,
                   Event.start_at, EventChange.reason)
            .join(Event, Event.id == EventChange.event_id).join(Unit, Unit.id == Event.unit_id)
            .where(EventChange.field.in_(TIME_FIELDS), EventChange.at >= since,
                   or_(EventChange.person_id.is_not(None), EventChange.inbound_id.is_not(None)))
            .order_by(EventChange.at, EventChange.id))
    return [TimeChange(*row) for row in await session.execute(stmt)]


def filed_moves(changes: list[TimeChange], first: date, last: date, tz: tzinfo) -> list[dict]:
    """Each event moved on local days ``first``..``last``: from when, to when, by whom."""
    lo, hi = datetime.combine(first, time(), tz), datetime.combine(last, time(23, 59, 59, 999999), tz)
    moved: dict[int, list[TimeChange]] = {}
    for change in changes:
        if lo <= change.at <= hi:
            moved.setdefault(change.event_id, []).append(change)
    out = []
    for event_id, rows in moved.items():
        mine = [c for c in changes if c.event_id == event_id]
        before, after = _state_at(mine, rows[0].at, tz), _state_at(mine, hi, tz, after=True)
        if before == after:
            continue  # moved and moved back the same day: nothing to file
        row = rows[-1]
        out.append({"id": event_id, "unit": row.unit_name, "kind": KIND_NAMES.get(row.kind, row.kind),
                    "topic": row.topic, "old": before, "new": after,
                    "by": "、".join(dict.fromkeys(c.actor for c in rows)),
                    "at": moment_text(row.at, tz)})
    return sorted(out, key=lambda m: (m["unit"], m["id"]))


def _state_at(changes: list[TimeChange], moment: datetime, tz: tzinfo, *, after: bool = False) -> str:
    """The event's time just before ``moment`` (or just after it): later changes undone."""
    state: dict[str, object] = {"window_start": changes[0].window_start, "window_end": changes[0].window_end,
                                "start_at": changes[0].start_at}
    for change in reversed(changes):
        if change.at > moment or (change.at == moment and not after):
            state[change.field] = _value(change.field, change.old_value)
    start_at = state["start_at"]
    if isinstance(start_at, datetime):
        return moment_text(start_at, tz)
    start, end = state["window_start"], state["window_end"]
    assert isinstance(start, date) and isinstance(end, date)
    return window_text(start, end)


def _value(field: str, text: str | None) -> object:
    if text is None:
        return None
    return datetime.fromisoformat(text) if field == "start_at" else date.fromisoformat(text[:10])
