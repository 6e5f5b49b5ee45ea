"""Acknowledgements waited behind handling: one process stored a platform's callback and worked
out registrations on the same event loop, and a registration held SQLite's write lock while it
recomputed the event's reminders (a third of its time), so at 50 msg/s an acknowledgement's
p99 was 150–950 ms on a 2-core machine, where WeCom retries after 5 s.

Now ``pressbot serve`` handles messages in a process of its own beside the web one; reminders
of a changed event are recomputed just after the message's commit, holding no lock while they
read; an acknowledgement's insert goes before every other write waiting in its process; and
the reminder rounds read and compose before their first write."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time

import aiohttp
from sqlalchemy import select

import bot.reminders.reconcile as reconcile
import bot.reminders.triage as triage_module
from bot.app import DB
from bot.delivery.database import WriteLock
from store.models import Event, Reminder
from tests.channels.conftest import AES_KEY, CORP_ID, TOKEN, bot_env
from tests.channels.test_serve_process import directory_db, free_port, healthy, pressbot, wait_until
from tests.channels.test_wecom_app import post, text
from tests.fakes.messenger import WeComSigner, wecom_text_xml


def children(pid: int, role: str = "handle") -> list[int]:
    """serve's live processes beside it doing ``role`` (handle: messages; rounds: reminders)."""
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    found = []
    for child in map(int, out.stdout.split()):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except FileNotFoundError:
            continue
        if role.encode() in argv and alive(child):
            found.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead too
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


async def say(port: int, words: str, msg_id: str) -> int:
    signer = WeComSigner(TOKEN, AES_KEY, CORP_ID)
    now = int(time.time())
    query, body = signer.app_post(wecom_text_xml(user="zhangsan", content=words, msg_id=msg_id,
                                                 create_time=now, corp_id=CORP_ID), now)
    async with aiohttp.ClientSession() as s, \
            s.post(f"http://127.0.0.1:{port}/wecom/callback", params=query, data=body) as r:
        return r.status


async def metric(port: int, name: str) -> float:
    async with aiohttp.ClientSession() as s, s.get(f"http://127.0.0.1:{port}/metrics") as r:
        text_ = await r.text()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text_.splitlines() if line.startswith(name))


async def test_serve_handles_in_a_second_process_that_is_restarted_and_never_outlives_it(tmp_path, wecom_api):
    env = bot_env(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", wecom_api)
    port = free_port()
    server = pressbot("serve", "--port", str(port), env=env)
    try:
        await wait_until(lambda: healthy(port), timeout=60, what="serve")
        [handler] = await wait_until(lambda: children(server.pid), what="the handler process")
        [rounds] = await wait_until(lambda: children(server.pid, "rounds"), what="the rounds process")
        assert await say(port, "本月有哪些发布会", "h-1") == 200
        await wait_until(lambda: len(wecom_api.sent) == 1, what="the first answer")
        # the handling was done next door, and the web process's /metrics still counts it
        assert await metric(port, "pressbot_handling_seconds_count") == 1

        os.kill(handler, signal.SIGKILL)  # the handler dies: serve starts another one
        assert await say(port, "帮助", "h-2") == 200  # stored and acknowledged meanwhile
        [second] = await wait_until(lambda: [p for p in children(server.pid) if p != handler and alive(p)],
                                    timeout=30, what="a new handler process")
        await wait_until(lambda: len(wecom_api.sent) == 2, timeout=30, what="the answer after the restart")
        assert children(server.pid, "rounds") == [rounds]  # the rounds went on beside it

        server.send_signal(signal.SIGKILL)  # kill -9 of serve: its handler goes too, soon
        server.communicate(timeout=10)
        await wait_until(lambda: not alive(second) and not alive(rounds), timeout=20,
                         what="the orphaned handler and rounds to exit")
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate(timeout=10)
    assert len(wecom_api.sent) == 2


async def test_an_urgent_writer_goes_before_those_already_waiting():
    lock, order = WriteLock(), []
    await lock.acquire()

    async def wait(name: str, urgent: bool) -> None:
        await lock.acquire(urgent=urgent)
        order.append(name)
        lock.release()

    tasks = [asyncio.create_task(wait("send", False)), asyncio.create_task(wait("round", False))]
    await asyncio.sleep(0)
    tasks.append(asyncio.create_task(wait("acknowledgement", True)))
    await asyncio.sleep(0)
    lock.release()
    await asyncio.gather(*tasks)
    assert order == ["acknowledgement", "send", "round"]
    assert not lock.locked()


async def test_a_waiter_cancelled_as_its_turn_comes_passes_the_lock_on():
    lock = WriteLock()
    await lock.acquire()
    first = asyncio.create_task(lock.acquire())
    second = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    lock.release()  # handed to ``first`` ...
    first.cancel()  # ... which is cancelled before it runs
    await asyncio.gather(first, return_exceptions=True)
    assert await asyncio.wait_for(second, 1) is True
    lock.release()
    assert not lock.locked()


async def test_a_registrations_reminders_are_worked_out_after_its_commit_holding_no_lock(
        start_bot, sqlite_url, wecom_api, monkeypatch):
    bot = await start_bot(bot_env(sqlite_url, wecom_api))
    db = bot.app[DB]
    held_while_reading: list[bool] = []
    original = reconcile._recompute_events

    async def watched(session, now, timing, ids, commit=None):
        held_while_reading.append(db.write_lock.locked())
        return await original(session, now, timing, ids, commit)

    monkeypatch.setattr(reconcile, "_recompute_events", watched)
    assert (await post(bot, text(bot, "我局5月中旬开就业政策发布会", msg_id="r-1"))).status == 200
    await bot.settle()
    assert held_while_reading == [False]  # before: True, inside the message's write transaction
    async with db.reading() as session:
        event_id = await session.scalar(select(Event.id).where(Event.topic.contains("就业政策")))
        reminders = list(await session.scalars(select(Reminder.rule).where(Reminder.event_id == event_id)))
    assert event_id is not None and reminders  # the event's reminders are in place all the same
    assert "已登记" in wecom_api.contents()[0] or "登记" in wecom_api.contents()[0]


async def test_a_reminder_recompute_that_fails_after_the_commit_loses_nothing_of_the_message(
        start_bot, sqlite_url, wecom_api, monkeypatch):
    bot = await start_bot(bot_env(sqlite_url, wecom_api))

    async def broken(*args, **kwargs):
        raise RuntimeError("the reminder rules have a bug")

    monkeypatch.setattr(reconcile, "_recompute_events", broken)
    assert (await post(bot, text(bot, "我局6月上旬开招生政策发布会", msg_id="r-2"))).status == 200
    await bot.settle()
    assert await bot.count(status="handled") == 1  # not failed: the registration stands
    assert await bot.count(Event, topic="招生政策") + await bot.count(Event) >= 1
    assert len(wecom_api.sent) == 1 and "抱歉" not in wecom_api.contents()[0]


async def test_a_reminder_round_composes_its_messages_before_it_takes_the_write_lock(tmp_path, monkeypatch):
    from datetime import datetime, timedelta

    from bot.delivery.database import Database
    from bot.reminders.delivery import run_round
    from bot.reminders.policy import Policy
    from store.models import Base, Person, Unit

    db = Database.open(f"sqlite+aiosqlite:///{tmp_path / 'r.db'}")
    now = datetime(2026, 5, 6, 9, 0).astimezone()
    async with db.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        unit = (await conn.execute(Unit.__table__.insert().values(name="区教育局", aliases=[], is_key=True)))
        unit_id = unit.inserted_primary_key[0]
        person = await conn.execute(Person.__table__.insert().values(
            platform="wecom", user_id="zhangsan", name="张三", unit_id=unit_id, role="liaison", active=True))
        event = await conn.execute(Event.__table__.insert().values(
            kind="press_conference", unit_id=unit_id, topic="招生政策", status="planned", source="chat",
            start_at=now + timedelta(days=1), window_start=(now + timedelta(days=1)).date(),
            window_end=(now + timedelta(days=1)).date(), created_at=now, updated_at=now))
        await conn.execute(Reminder.__table__.insert().values(
            key="event_eve:e1:x", rule="event_eve", event_id=event.inserted_primary_key[0], unit_id=unit_id,
            recipient_id=person.inserted_primary_key[0], recipient_role="liaison", due_at=now - timedelta(hours=1),
            status="pending", payload={}))
    held_while_composing: list[bool] = []
    original = triage_module.triage

    async def watched(*args, **kwargs):
        held_while_composing.append(db.write_lock.locked())
        return await original(*args, **kwargs)

    monkeypatch.setattr("bot.reminders.delivery.triage", watched)
    try:
        await run_round(db.handling_sessions, now, Policy(), worker_id="t")  # as serve's scheduler does
    finally:
        await db.close()
    assert held_while_composing and not any(held_while_composing)


async def test_serve_works_a_registrations_reminders_out_in_the_rounds_process(tmp_path, wecom_api):
    """The handler leaves a request in the message's transaction and goes on; the rounds
    process (woken through the front) recomputes the event's reminders and deletes it."""
    import sqlite3

    db = tmp_path / "bot.db"
    url = directory_db(db)

    def reminders_and_requests() -> tuple[int, int]:
        with sqlite3.connect(db) as conn:
            return (conn.execute("select count(*) from reminders r join events e on e.id = r.event_id "
                                 "where e.topic like '%秋季招生%'").fetchone()[0],
                    conn.execute("select count(*) from reminder_requests").fetchone()[0])

    port = free_port()
    server = pressbot("serve", "--port", str(port), env=bot_env(url, wecom_api))
    try:
        await wait_until(lambda: healthy(port), timeout=60, what="serve")
        assert await say(port, "我局5月中旬开秋季招生政策解读发布会", "rr-1") == 200
        await wait_until(lambda: any("已登记" in c for c in wecom_api.contents()), timeout=30,
                         what="the registration's answer")  # beside the due reminders the rounds send
        await wait_until(lambda: reminders_and_requests()[0] > 0 and reminders_and_requests()[1] == 0,
                         timeout=30, what="the event's reminders, worked out beside the handler")
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)
