"""After a restart, the rounds process's first recompute of the day (24,000 reminders in the
soak) ran while the handler worked off the messages stored meanwhile, and the two shared the
cores: replies came 2-4 s late for 10-20 s. Now that recompute waits while messages are
waiting to be handled (and between its chunks), up to half a minute each time."""
from __future__ import annotations

import asyncio

from sqlalchemy import update

from bot.delivery.database import Database
from bot.reminders.scheduler import messages_first
from store.models import InboundMessage
from tests.channels.conftest import create_schema


async def test_the_days_recompute_waits_for_the_messages_waiting_then_goes(clock, tmp_path):
    sqlite_url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await create_schema(sqlite_url)
    db = Database.open(sqlite_url)
    try:
        pause = messages_first(db.read_sessions, most=10, every=0.01)
        await asyncio.wait_for(pause(), 1)  # nothing waiting: at once
        async with db.writing() as session:
            session.add(InboundMessage(platform="wecom", message_id="m1", chat_type="single", user_id="u1",
                                       text="本月有哪些发布会", received_at=clock.now(), status="received",
                                       reply_handle={}))
        waiting = asyncio.create_task(pause())
        await asyncio.sleep(0.1)
        assert not waiting.done()  # a message is waiting: the recompute waits too
        async with db.writing() as session:
            await session.execute(update(InboundMessage).values(status="handled"))
        await asyncio.wait_for(waiting, 2)  # handled: it goes on
        async with db.writing() as session:
            await session.execute(update(InboundMessage).values(status="received"))
        gave_up = messages_first(db.read_sessions, most=0.1, every=0.01)
        await asyncio.wait_for(gave_up(), 2)  # a message that stays waiting does not stop it for ever
    finally:
        await db.close()
