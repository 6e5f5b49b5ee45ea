"""The register as the exports read it: plain selects, the session passed in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.exports.common import ExportError
from store.models import Event, RegistrationForm, StatisticsForm, Status
from store.rules import HELD_STATUSES


@dataclass
class HeldEvent:
    event: Event
    form: StatisticsForm | None

    @property
    def held_at(self) -> datetime | None:
        return (self.form.held_at if self.form else None) or self.event.start_at


@dataclass
class Registration:
    event: Event
    form: RegistrationForm | None


def local_day_bounds(start: date, end: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start 00:00, day after end 00:00) in the deployment's zone, as aware datetimes."""
    return datetime.combine(start, time(), tz), datetime.combine(end + timedelta(days=1), time(), tz)


async def held_events(session: AsyncSession, *, start: date, end: date, tz: tzinfo) -> list[HeldEvent]:
    """Held or reported events whose time falls in the period (local dates, inclusive).

    The statistics form's time wins over the event's; an event held without any recorded
    time counts by the first day of its window, so that it is never silently left out.
    """
    lo, hi = local_day_bounds(start, end, tz)
    when = func.coalesce(StatisticsForm.held_at, Event.start_at)
    stmt = (
        select(Event, StatisticsForm)
        .outerjoin(StatisticsForm, StatisticsForm.event_id == Event.id)
        .where(Event.status.in_([str(s) for s in HELD_STATUSES]))
        .where(or_(
            and_(when >= lo, when < hi),
            and_(when.is_(None), Event.window_start >= start, Event.window_start <= end),
        ))
    )
    rows = [HeldEvent(ev, form) for ev, form in (await session.execute(stmt)).all()]
    rows.sort(key=lambda r: (_sort_time(r, tz), r.event.id))
    return rows


def _sort_time(row: HeldEvent, tz: tzinfo) -> datetime:
    return row.held_at or datetime.combine(row.event.window_start, time(), tz)


async def plan_events(session: AsyncSession, *, start: date, end: date) -> list[Event]:
    """Every event not cancelled whose window starts in the period, in plan order."""
    stmt = select(Event).where(
        Event.window_start >= start, Event.window_start <= end, Event.status != str(Status.CANCELLED)
    )
    events = list((await session.execute(stmt)).scalars().all())
    # By the end of the window, then the imported 序号: this reproduces the notices' order,
    # where "三季度" rows follow the "9月份" rows.
    events.sort(key=lambda e: (e.window_end, e.plan_seq is None, e.plan_seq or 0, e.window_start, e.id))
    return events


async def registration(session: AsyncSession, event_id: int) -> Registration:
    event = await session.get(Event, event_id)
    if event is None:
        raise ExportError(f"找不到编号为 {event_id} 的活动。")
    stmt = select(RegistrationForm).where(RegistrationForm.event_id == event_id)
    form = (await session.execute(stmt)).scalar_one_or_none()
    return Registration(event, form)
