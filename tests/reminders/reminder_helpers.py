"""Helpers for the reminder tests (imported as ``reminder_helpers``; pytest puts this folder on the path).

``Office`` builds the register the way the conversation handlers will: through the store's
``add_event``/``update_event`` (so the change history is real), then ``on_event_changed``.
"""
from __future__ import annotations

from datetime import date, datetime, time
from itertools import count

from sqlalchemy import func, insert, select

from bot.clock import DEFAULT_TZ
from bot.reminders.delivery import run_round
from bot.reminders.reconcile import on_event_changed, recompute
from store.models import Event, OutboxMessage, Person, RegistrationForm, Reminder, StatisticsForm, Unit
from store.repo import add_event, update_event
from store.units import key_concept

_ids = count(1)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=DEFAULT_TZ)


class Office:
    def __init__(self, maker, policy) -> None:
        self.maker, self.policy = maker, policy
        self.units: dict[str, Unit] = {}

    async def person(self, name: str, role: str, unit: Unit | None = None, *, reachable: bool = True) -> Person:
        async with self.maker() as s, s.begin():
            # unreachable: no platform account (the id stays unique, as (platform, user_id) must)
            p = Person(platform="wecom" if reachable else "", user_id=f"u{next(_ids)}", name=name,
                       role=role, unit_id=unit.id if unit else None)
            s.add(p)
        return p

    async def unit(self, name: str, *, liaison: str | None = None, director: str | None = None,
                   is_key: bool | None = None, director_reachable: bool = True) -> Unit:
        if is_key is None:  # as a unit created from its name is flagged (store.units)
            is_key = key_concept(name) is not None
        async with self.maker() as s, s.begin():
            unit = Unit(name=name, aliases=[], is_key=is_key)
            s.add(unit)
        if liaison:
            await self.person(liaison, "liaison", unit)
        if director:
            await self.person(director, "director", unit, reachable=director_reachable)
        self.units[name] = unit
        return unit

    async def event(self, unit: str, topic: str, start: date, end: date, now: datetime, *,
                    kind: str = "press_conference", window_text: str | None = None, **extra) -> int:
        async with self.maker() as s, s.begin():
            u = await s.get(Unit, self.units[unit].id)
            ev = await add_event(s, unit=u, kind=kind, topic=topic, window_start=start, window_end=end,
                                 window_text=window_text, now=now, actor="plan import", source="plan", **extra)
            await on_event_changed(s, ev.id, now, self.policy)
            return ev.id

    async def change(self, event_id: int, now: datetime, **changes) -> None:
        async with self.maker() as s, s.begin():
            ev = await s.get(Event, event_id)
            await update_event(s, ev, changes, actor="联络员", now=now)
            await on_event_changed(s, event_id, now, self.policy)

    async def submit(self, form: type, event_id: int, now: datetime, **fields) -> None:
        async with self.maker() as s, s.begin():
            s.add(form(event_id=event_id, submitted_at=now, **fields))
            await s.flush()
            await on_event_changed(s, event_id, now, self.policy)

    async def registration(self, event_id: int, now: datetime, *, complete: bool = True) -> None:
        materials = dict(press_release="通稿", questions=[{"q": "问", "a": "答"}] * 2, photo_count=3)
        await self.submit(RegistrationForm, event_id, now, **(materials if complete else {}))

    async def statistics(self, event_id: int, now: datetime) -> None:
        await self.submit(StatisticsForm, event_id, now)

    async def recompute(self, now: datetime):
        async with self.maker() as s, s.begin():
            return await recompute(s, now, self.policy)

    async def round(self, now: datetime, worker: str = "w1", **kw):
        return await run_round(self.maker, now, self.policy, worker_id=worker, **kw)

    async def reminders(self, **where) -> list[Reminder]:
        async with self.maker() as s:
            stmt = select(Reminder).filter_by(**where).order_by(Reminder.due_at, Reminder.key)
            return list((await s.execute(stmt)).scalars())

    async def outbox_count(self) -> int:
        async with self.maker() as s:
            return (await s.execute(select(func.count()).select_from(OutboxMessage))).scalar_one()

    async def outbox(self) -> list[OutboxMessage]:
        async with self.maker() as s:
            return list((await s.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


async def bulk_scheduled(maker, n: int, start_at: datetime, now: datetime) -> None:
    """``n`` units, each with a liaison, a director and one press conference at ``start_at``."""
    async with maker() as s, s.begin():
        await s.execute(insert(Unit), [{"id": i, "name": f"单位{i}", "aliases": []} for i in range(1, n + 1)])
        await s.execute(insert(Person), [
            {"platform": "wecom", "user_id": f"{role}{i}", "name": f"{role}{i}", "role": role, "unit_id": i}
            for i in range(1, n + 1) for role in ("liaison", "director")])
        day = start_at.astimezone(DEFAULT_TZ).date()
        await s.execute(insert(Event), [
            {"id": i, "kind": "press_conference", "unit_id": i, "topic": f"主题{i}", "window_start": day,
             "window_end": day, "start_at": start_at, "status": "scheduled", "created_at": now,
             "updated_at": now} for i in range(1, n + 1)])
