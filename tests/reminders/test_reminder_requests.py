"""A message that changes an event leaves a request for its reminders; the rounds work it off.

Before, the handler recomputed the event's reminders itself just after the message's commit,
so the next message (anyone's) waited for it: 50-130 ms per registration on an 8-unit soak,
half a second when a unit had many liaisons; and a handler killed in between lost the
recompute until the next day's full one."""
from __future__ import annotations

import asyncio
from datetime import date

from sqlalchemy import delete, func, select

from bot.clock import FakeClock
from bot.delivery.database import Database
from bot.reminders import requests as requests_module
from bot.reminders.requests import request, run_requests, work_requests
from store.models import Reminder, ReminderRequest
from tests.reminders.reminder_helpers import at

NOW = at(date(2026, 4, 14), 9, 30)


async def registered(office) -> int:
    await office.unit("县统计局", liaison="刘联络", director="马局长", is_key=True)
    return await office.event("县统计局", "一季度经济运行情况", date(2026, 4, 1), date(2026, 4, 30), NOW,
                              window_text="4月份")


async def count(maker, model) -> int:
    async with maker() as s:
        return await s.scalar(select(func.count()).select_from(model))


async def test_a_request_left_by_a_message_brings_the_events_reminders_and_is_deleted(office, maker, policy):
    eid = await registered(office)
    wanted = {r.key for r in await office.reminders(event_id=eid) if r.status == "pending"}
    async with maker() as s, s.begin():  # as if the handler died after its commit: no reminders yet
        await s.execute(delete(Reminder))
        request(s, [eid, eid])
    assert await work_requests(maker, lambda: NOW, policy) == 1
    assert {r.key for r in await office.reminders(event_id=eid) if r.status == "pending"} == wanted
    assert await count(maker, ReminderRequest) == 0
    assert await work_requests(maker, lambda: NOW, policy) == 0  # nothing left to do twice


async def test_a_request_written_while_the_rounds_work_is_not_deleted_unread(office, maker, policy, monkeypatch,
                                                                              engine):
    db = Database.open(engine.url.render_as_string(hide_password=False))  # the sessions serve's rounds use
    eid = await registered(office)
    async with maker() as s, s.begin():
        request(s, [eid])
    calls: list[list[int]] = []
    original = requests_module.recompute

    async def busy(session, now, policy_, *, event_ids, commit):
        calls.append(event_ids)
        if len(calls) == 1:  # another message changes the event meanwhile
            async with maker() as other, other.begin():
                request(other, [eid])
        return await original(session, now, policy_, event_ids=event_ids, commit=commit)

    monkeypatch.setattr(requests_module, "recompute", busy)
    try:
        assert await work_requests(db.handling_sessions, lambda: NOW, policy) == 2
    finally:
        await db.close()
    assert calls == [[eid], [eid]] and await count(maker, ReminderRequest) == 0


async def test_the_rounds_loop_works_requests_off_when_woken_and_stops(office, maker, policy):
    eid = await registered(office)
    async with maker() as s, s.begin():
        await s.execute(delete(Reminder))
    wake, stop = asyncio.Event(), asyncio.Event()
    loop = asyncio.create_task(run_requests(maker, FakeClock(NOW), policy, wake=wake, stop=stop))
    await asyncio.sleep(0.05)
    async with maker() as s, s.begin():
        request(s, [eid])
    wake.set()
    for _ in range(100):
        if await count(maker, ReminderRequest) == 0 and await count(maker, Reminder):
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(loop, 5)
    assert await count(maker, ReminderRequest) == 0
    assert await office.reminders(event_id=eid)


async def test_an_event_whose_dates_no_arithmetic_survives_never_stops_the_others(office, maker, policy, caplog):
    """An event stored for "9999年12月" (before the register refused such years) made every
    recompute fail: the requests stayed, and no event registered after it got any reminder."""
    from sqlalchemy import update

    from store.models import Event

    good = await registered(office)
    bad = await office.event("县统计局", "键盘滑了", date(2026, 12, 1), date(2026, 12, 31), NOW)
    async with maker() as s, s.begin():
        await s.execute(update(Event).where(Event.id == bad)
                        .values(window_start=date(9999, 12, 1), window_end=date(9999, 12, 31)))
        await s.execute(delete(Reminder))
        request(s, [good, bad])
    assert await work_requests(maker, lambda: NOW, policy) == 2
    assert [r for r in await office.reminders(event_id=good) if r.status == "pending"]  # the good one's came
    assert not [r for r in await office.reminders(event_id=bad) if r.status == "pending"]
    assert await count(maker, ReminderRequest) == 0
    assert f"活动 {bad} 的时间无法计算提醒" in caplog.text
    from bot.reminders.reconcile import recompute

    async with maker() as s:  # the scheduler's full recompute at start-up gets past it too
        await recompute(s, NOW, policy, commit=s.commit)
    assert [r for r in await office.reminders(event_id=good) if r.status == "pending"]
