"""``pressbot demo`` on any day of the year: a register in the middle of its year, and a first
push the office can read (one message, each unreachable contact named once)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import DEFAULT_TZ
from bot.demo import load_demo
from bot.reminders import load_policy
from bot.reminders.delivery import run_round
from bot.reminders.reconcile import recompute
from store.db import make_sessionmaker
from store.models import Event, OutboxMessage, Person, RegistrationForm, Reminder, StatisticsForm

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
DAYS = [date(2026, 1, 5), date(2026, 4, 14), date(2026, 7, 1), date(2026, 9, 30), date(2026, 12, 1),
        date(2026, 12, 28)]


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=DEFAULT_TZ)


async def demo_on(session, day: date):
    async with session.begin():
        return await load_demo(session, now=at(day))


async def count(session, *where) -> int:
    return await session.scalar(select(func.count()).select_from(Event).where(*where))


@pytest.mark.parametrize("day", DAYS, ids=str)
async def test_the_year_is_under_way_around_today(session, day):
    loaded = await demo_on(session, day)

    overdue = await count(session, Event.window_end < day, Event.status == "planned")
    assert overdue == loaded.life.overdue and overdue <= 3  # a few, not a red screen
    done = await count(session, Event.window_end < day, Event.status.in_(("held", "reported")))
    assert done == loaded.life.held
    filed = await session.scalar(select(func.count()).select_from(StatisticsForm))
    assert filed == loaded.life.reported and done - filed <= 2
    soon = list(await session.scalars(select(Event).where(Event.start_at > at(day),
                                                          Event.start_at < at(day + timedelta(days=6)))))
    assert len(soon) == 3 and {e.status for e in soon} == {"approved", "registered", "scheduled"}
    assert await session.scalar(select(func.count()).select_from(RegistrationForm)) == 2
    first = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    next_month = await count(session, Event.window_start >= first, Event.window_start < first + timedelta(days=31))
    assert next_month >= 3


async def test_dated_events_keep_their_history(session):
    await demo_on(session, date(2026, 12, 1))
    reported = await session.scalar(select(Event).where(Event.status == "reported").limit(1))
    from store.repo import event_history

    fields = [c.field for c in await event_history(session, reported.id)]
    assert fields[0] == "created" and "start_at" in fields and fields.count("status") == 2


@pytest.mark.parametrize("day", [date(2026, 4, 14), date(2026, 12, 1)], ids=str)
async def test_the_first_push_is_one_message_and_each_unreachable_contact_is_named_once(engine, session, day):
    await demo_on(session, day)
    await session.commit()  # on SQLite every transaction holds the write lock: end the test's own
    maker, policy = make_sessionmaker(engine), load_policy({})

    for moment in (at(day), at(day, 10), at(day + timedelta(days=1)), at(day + timedelta(days=7))):
        async with maker() as s, s.begin():
            await recompute(s, moment, policy)
        await run_round(maker, moment, policy, worker_id="test")
        if moment == at(day):
            async with maker() as s:
                first_round = await _office_messages(s)
            assert len(first_round) == 1  # one digest, however much is due
        await session.rollback()  # end the read: SQLite lets the next round write

    texts = await _office_messages(session)
    reported = await session.scalar(select(func.count()).select_from(Reminder)
                                    .where(Reminder.rule == "unreachable"))
    named = sum(map(_contacts_named, texts))
    assert reported >= 1 and named == reported  # every contact once, over every round
    assert len(texts) <= 4


def _contacts_named(text: str) -> int:
    """How many contacts the message's 【提醒无法送达】 part names (one role word each)."""
    count, listing = 0, False
    for line in text.splitlines():
        if "【提醒无法送达】" in line:
            listing = "位联系人" in line
            count += 0 if listing else line.count("联络员") + line.count("主要负责同志")
        elif listing and line.startswith("- "):
            count += line.count("联络员") + line.count("主要负责同志")
        elif line.strip():
            listing = False
    return count


async def _office_messages(session) -> list[str]:
    office = await session.scalar(select(Person).where(Person.user_id == "wangli"))
    rows = await session.scalars(select(OutboxMessage.body)
                                 .where(OutboxMessage.target["user_id"].as_string() == office.user_id))
    texts = list(rows)
    await session.rollback()
    return texts
