"""On SQLite a message's whole handling held the one write lock, from its first read to its
commit, so every acknowledgement (the platform's message being stored) waited for the message
being handled: acknowledgement p99 1.6 s at 50 msg/s, where WeCom retries after 5 s.

Now a handling reads outside any transaction and holds the lock only from its first write to
its commit; several people's messages are handled at once, one person's in order; waiting for
another process's lock never stops the event loop."""
from __future__ import annotations

import asyncio
import sqlite3
import threading
import time

import pytest
from sqlalchemy import func, select

import store.db
from bot.app import INBOX
from bot.channels.base import Reply
from bot.delivery.database import Database
from store.models import Base, InboundMessage, Unit
from tests.channels.conftest import bot_env
from tests.channels.test_wecom_app import post, text


async def test_an_acknowledgement_does_not_wait_for_a_message_still_being_thought_about(
        start_bot, sqlite_url, wecom_api):
    thinking, go_on = asyncio.Event(), asyncio.Event()

    async def slow(incoming, ctx):
        if incoming.text == "第一条":
            await ctx.session.scalar(select(func.count()).select_from(InboundMessage))  # it reads
            thinking.set()
            await go_on.wait()  # ... and takes its time before writing anything
            ctx.session.add(Unit(name="区新设局", aliases=[], is_key=False))
        return [Reply(f"收到：{incoming.text}")]

    bot = await start_bot(bot_env(sqlite_url, wecom_api), dispatch=slow)
    assert (await post(bot, text(bot, "第一条", msg_id="a-1"), nonce="1")).status == 200
    handling = asyncio.create_task(bot.app[INBOX].drain())
    await asyncio.wait_for(thinking.wait(), 5)
    started = time.perf_counter()
    response = await asyncio.wait_for(post(bot, text(bot, "第二条", msg_id="a-2", user="lisi"), nonce="2"), 3)
    assert response.status == 200
    assert time.perf_counter() - started < 1.0  # stored and acknowledged while the first still thinks
    go_on.set()
    await asyncio.wait_for(handling, 10)
    await bot.settle()
    assert sorted(wecom_api.contents()) == ["收到：第一条", "收到：第二条"]
    assert await bot.count(Unit, name="区新设局") == 1


async def test_a_handling_that_fails_after_writing_leaves_nothing_of_it(start_bot, sqlite_url, wecom_api):
    async def breaks(incoming, ctx):
        ctx.session.add(Unit(name="区半截局", aliases=[], is_key=False))
        await ctx.session.flush()  # written inside the transaction ...
        raise KeyError("a bug after the write")  # ... then a defect

    bot = await start_bot(bot_env(sqlite_url, wecom_api), dispatch=breaks)
    assert (await post(bot, text(bot, "我局5月开发布会", msg_id="b-1"))).status == 200
    await bot.settle()
    assert await bot.count(Unit, name="区半截局") == 0
    assert await bot.count(status="failed") == 1
    assert len(wecom_api.sent) == 1 and "抱歉" in wecom_api.contents()[0]


async def test_one_persons_messages_keep_their_order_while_others_go_ahead(start_bot, sqlite_url, wecom_api):
    log: list[str] = []
    release_first = asyncio.Event()

    async def recorded(incoming, ctx):
        log.append(f"start {incoming.text}")
        if incoming.text == "张一":
            await release_first.wait()
        log.append(f"end {incoming.text}")
        return [Reply(incoming.text)]

    bot = await start_bot(bot_env(sqlite_url, wecom_api), dispatch=recorded)
    for n, (user, words) in enumerate([("zhangsan", "张一"), ("zhangsan", "张二"), ("lisi", "李一")]):
        assert (await post(bot, text(bot, words, msg_id=f"o-{n}", user=user), nonce=str(n))).status == 200
    handling = asyncio.create_task(bot.settle())
    for _ in range(200):
        if "end 李一" in log:
            break
        await asyncio.sleep(0.01)
    assert "end 李一" in log  # another person's message did not wait for 张一's
    assert "start 张二" not in log  # the same person's next message did
    release_first.set()
    await asyncio.wait_for(handling, 10)
    await bot.settle()
    assert log.index("end 张一") < log.index("start 张二")
    assert await bot.count(status="handled") == 3


@pytest.fixture
async def database(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'lazy.db'}"
    db = Database.open(url)
    async with db.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield db, tmp_path / "lazy.db"
    await db.close()


async def names(db: Database) -> list[str]:
    async with db.reading() as session:
        return list(await session.scalars(select(Unit.name).order_by(Unit.name)))


async def test_a_handling_session_holds_the_lock_from_its_first_write_to_its_end(database):
    db, _ = database
    assert db.write_lock is not None
    async with db.handling() as session:
        await session.scalar(select(func.count()).select_from(Unit))
        assert not db.write_lock.locked()  # reading: everyone else may write meanwhile
        session.add(Unit(name="区甲局", aliases=[], is_key=False))
        await session.flush()
        assert db.write_lock.locked()
        await session.commit()
        assert not db.write_lock.locked()
        await session.scalar(select(func.count()).select_from(Unit))
        session.add(Unit(name="区乙局", aliases=[], is_key=False))
        await session.flush()
        assert db.write_lock.locked()  # the next transaction takes it again
        await session.rollback()
    assert not db.write_lock.locked()
    assert await names(db) == ["区甲局"]


async def test_savepoints_asked_for_before_the_first_write_still_undo_what_they_cover(database):
    db, _ = database
    async with db.handling() as session:
        async with session.begin_nested():  # before any write: the lock is not taken for it
            await session.scalar(select(func.count()).select_from(Unit))
        assert not db.write_lock.locked()
        outer = await session.begin_nested()
        session.add(Unit(name="区留下局", aliases=[], is_key=False))
        inner = await session.begin_nested()
        session.add(Unit(name="区撤回局", aliases=[], is_key=False))
        await session.flush()
        await inner.rollback()
        await outer.commit()
        with pytest.raises(Exception):  # noqa: B017,PT011 - the unique name, inside a savepoint
            async with session.begin_nested():
                session.add(Unit(name="区留下局", aliases=[], is_key=False))
        await session.commit()
    assert await names(db) == ["区留下局"]


async def test_waiting_for_another_processes_lock_does_not_stop_the_loop(database, monkeypatch):
    db, path = database
    held = threading.Event()

    def other_process() -> None:  # e.g. ``pressbot remind`` writing its round
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(0.6)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=other_process)
    thread.start()
    await asyncio.to_thread(held.wait, 5)
    beats: list[float] = []

    async def ticker() -> None:
        while True:
            await asyncio.sleep(0.01)
            beats.append(time.perf_counter())

    beat = asyncio.create_task(ticker())
    started = time.perf_counter()
    async with db.writing() as session:
        session.add(Unit(name="区等候局", aliases=[], is_key=False))
    waited = time.perf_counter() - started
    beat.cancel()
    await asyncio.to_thread(thread.join)
    assert waited >= 0.4  # it did wait for the other writer ...
    # ... and the loop went on meanwhile (acknowledgements, other messages): a loop blocked by the
    # wait would beat once after it; a busy machine only spaces the beats (it measured 7 to 50)
    pauses = [b - a for a, b in zip([started, *beats], beats, strict=False)]
    assert len(beats) >= 3 and max(pauses) < waited / 2, (len(beats), max(pauses), waited)
    assert await names(db) == ["区等候局"]

    monkeypatch.setattr(store.db, "LOCK_WAIT", 0.2)  # a lock held too long: a transient failure
    held.clear()
    thread = threading.Thread(target=other_process)
    thread.start()
    await asyncio.to_thread(held.wait, 5)
    from bot.delivery.database import is_transient

    with pytest.raises(Exception) as caught:  # noqa: PT011
        async with db.writing() as session:
            session.add(Unit(name="区超时局", aliases=[], is_key=False))
    await asyncio.to_thread(thread.join)
    assert is_transient(caught.value)
    assert await names(db) == ["区等候局"]


async def test_a_handling_cancelled_while_it_writes_does_not_keep_the_lock(database):
    db, _ = database
    wrote = asyncio.Event()

    async def handling() -> None:  # e.g. shut down in the middle of a message
        async with db.handling() as session:
            session.add(Unit(name="区中断局", aliases=[], is_key=False))
            await session.flush()
            wrote.set()
            await asyncio.sleep(30)

    task = asyncio.create_task(handling())
    await asyncio.wait_for(wrote.wait(), 5)
    assert db.write_lock.locked()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not db.write_lock.locked()
    async with db.writing() as session:  # the next writer is not stuck
        session.add(Unit(name="区后来局", aliases=[], is_key=False))
    assert await names(db) == ["区后来局"]


async def test_an_event_changed_meanwhile_is_not_overwritten(database):
    """Reads are no longer inside the write lock: a change another message committed between
    this one's read and its write must not be lost (the event's version, ``updated_at``)."""
    from datetime import date, datetime, timedelta

    from sqlalchemy.orm.exc import StaleDataError

    from bot.clock import DEFAULT_TZ
    from bot.delivery.database import is_transient
    from store.models import Event
    from store.repo import update_event

    db, _ = database
    t0 = datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ)
    async with db.writing() as session:
        unit = Unit(name="区统计局", aliases=[], is_key=False)
        session.add(unit)
        await session.flush()
        event = Event(kind="press_conference", unit_id=unit.id, topic="统计公报", window_start=date(2026, 5, 1),
                      window_end=date(2026, 5, 31), status="planned", source="chat", created_at=t0, updated_at=t0)
        session.add(event)
    async with db.handling() as mine:
        read = await mine.get(Event, event.id)  # this message read the event ...
        async with db.writing() as other:  # ... another cancelled it meanwhile ...
            theirs = await other.get(Event, event.id)
            await update_event(other, theirs, {"status": "cancelled"}, actor="李四", now=t0 + timedelta(seconds=1))
        with pytest.raises(StaleDataError) as caught:  # ... so this one's change is refused
            await update_event(mine, read, {"topic": "统计公报解读"}, actor="张三", now=t0 + timedelta(seconds=2))
        assert is_transient(caught.value)  # and the message is handled again from fresh reads
    async with db.reading() as session:
        stored = await session.get(Event, event.id)
        assert stored.status == "cancelled" and stored.topic == "统计公报"
