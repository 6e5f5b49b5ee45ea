"""预告 and 实录 of each event (interviews also 视频): recorded from chat, due by the policy.

A 预告 is due ``preview_days_before`` days before the event's exact time; a 实录 (and an
interview's 视频) within ``record_days_after`` days after it. ``overdue`` is what the
attention page and the reminders show.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.procedure.config import Procedure
from store.models import Event, EventChange, Kind, Publication, Status

ITEM_LABELS = {"preview": "预告", "record": "实录", "video": "视频"}
INTERVIEW_LABELS = {"preview": "访谈预告", "record": "图文实录", "video": "现场视频"}
ITEMS: dict[str, tuple[str, ...]] = {Kind.PRESS_CONFERENCE: ("preview", "record"),
                                     Kind.ONLINE_INTERVIEW: ("preview", "record", "video")}
NOT_DUE = (Status.CANCELLED,)


def label(item: str, kind: str) -> str:
    return (INTERVIEW_LABELS if kind == Kind.ONLINE_INTERVIEW else ITEM_LABELS).get(item, item)


def due_at(event: Event, item: str, proc: Procedure) -> datetime | None:
    if event.start_at is None:
        return None
    if item == "preview":
        return event.start_at - timedelta(days=proc.preview_days_before)
    return event.start_at + timedelta(days=proc.record_days_after)


async def publications_of(session: AsyncSession, event_id: int) -> dict[str, Publication]:
    rows = (await session.execute(select(Publication).where(Publication.event_id == event_id))).scalars()
    return {p.item: p for p in rows}


async def record(session: AsyncSession, event: Event, item: str, *, link: str | None, contents: list[str],
                 now: datetime, actor: str, person_id: int | None, inbound_id: int | None) -> Publication:
    """Store (or correct) what was published; one history row either way."""
    existing = (await publications_of(session, event.id)).get(item)
    old = f"{existing.link or ''}" if existing else None
    row = existing or Publication(event_id=event.id, item=item)
    row.published_at, row.link, row.contents = now, link, list(contents)
    row.person_id, row.inbound_id = person_id, inbound_id
    session.add(row)
    what = f"（{'、'.join(contents)}）" if contents else ""
    session.add(EventChange(event_id=event.id, at=now, person_id=person_id, actor=actor,
                            field=f"publication_{item}", old_value=old,
                            new_value=f"{label(item, event.kind)}已发布 {link or ''}{what}".strip(),
                            inbound_id=inbound_id))
    await session.flush()
    return row


@dataclass(frozen=True)
class Overdue:
    event: Event
    item: str
    due: datetime

    @property
    def label(self) -> str:
        return label(self.item, self.event.kind)

    def days_late(self, now: datetime) -> int:
        return days_late(self.due, now)


def days_late(due: datetime, now: datetime) -> int:
    """Calendar days past due in the deployment's zone (the zone of ``now``): 0 when on time."""
    if now <= due:
        return 0
    return max(1, (now.date() - due.astimezone(now.tzinfo).date()).days)


async def overdue(session: AsyncSession, now: datetime, proc: Procedure, *, within_days: int = 120) -> list[Overdue]:
    """Events whose 预告 / 实录 is past due and not recorded, those of the last ``within_days`` days."""
    since = now - timedelta(days=within_days)
    events = (await session.execute(select(Event).where(
        Event.start_at.is_not(None), Event.start_at >= since,
        Event.start_at <= now + timedelta(days=proc.preview_days_before),
        Event.status.not_in(NOT_DUE)).order_by(Event.start_at))).scalars().all()
    found = []
    for event in events:
        done = await publications_of(session, event.id)
        for item in ITEMS.get(event.kind, ("preview", "record")):
            due = due_at(event, item, proc)
            if due is not None and due <= now and item not in done:
                if item == "preview" and event.start_at is not None and event.start_at <= now:
                    continue  # a preview after the event is pointless: no longer asked for
                found.append(Overdue(event, item, due))
    return found
