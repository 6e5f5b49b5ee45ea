"""A restarted instance rehearses a registration, a question and a change before it takes
requests (bot.core.warm_up): the first acknowledgements no longer queue behind the templates,
the SQL statements and the unit directory being compiled. The rehearsal keeps nothing."""
from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.core import build_core, warm_up
from bot.delivery.database import Database
from bot.settings import load_settings
from store.models import Event, EventChange, InboundMessage, OutboxMessage, Reminder
from tests.channels.conftest import bot_env, create_schema


async def counts(db: Database) -> dict[str, int]:
    async with db.reading() as s:
        return {m.__name__: await s.scalar(select(func.count()).select_from(m))
                for m in (Event, EventChange, InboundMessage, OutboxMessage, Reminder)}


async def test_the_rehearsal_leaves_the_register_as_it_was(clock, sqlite_url, wecom_api):
    settings = load_settings(bot_env(sqlite_url, wecom_api))
    await create_schema(settings.database_url)  # with 区教育局 and its liaisons
    db = Database.open(settings.database_url)
    try:
        before = await counts(db)
        conversation = build_core(settings, clock)
        await warm_up(conversation, db)
        assert await counts(db) == before
        assert conversation.units is not None  # the unit directory is loaded
        assert db.write_lock is not None and not db.write_lock.locked()
    finally:
        await db.close()


async def test_a_failing_rehearsal_does_not_stop_the_start(clock, sqlite_url, wecom_api, caplog):
    settings = load_settings(bot_env(sqlite_url, wecom_api))
    await create_schema(settings.database_url)
    db = Database.open(settings.database_url)
    try:
        conversation = build_core(settings, clock)

        def broken(*args, **kwargs):
            raise RuntimeError("parser broken")

        conversation.parse = broken
        await warm_up(conversation, db)
        assert "warm-up rehearsal failed" in caplog.text
        assert (await counts(db))["InboundMessage"] == 0
    finally:
        await db.close()


async def test_a_start_with_messages_waiting_handles_them_instead_of_rehearsing(clock, sqlite_url, wecom_api):
    """A restart under load: the rehearsal's writes would queue behind the platforms' retries;
    the messages waiting are handled at once and warm up the same."""
    from bot.channels.base import Incoming
    from bot.delivery.background import Loops
    from bot.delivery.inbox import Inbox
    from bot.delivery.tasks import TaskTracker
    from bot.metrics import Metrics

    settings = load_settings(bot_env(sqlite_url, wecom_api))
    await create_schema(settings.database_url)
    db = Database.open(settings.database_url)
    tasks = TaskTracker()
    try:
        conversation = build_core(settings, clock)
        parsed: list[str] = []
        real = conversation.parser()

        def recording(text, **kwargs):
            parsed.append(text)
            return real(text, **kwargs)

        conversation.parse = recording
        inbox = Inbox(db, clock, Metrics(), conversation)
        await inbox.accept(Incoming(platform="wecom", chat_id=None, chat_type="single", user_id="zhangsan",
                                    user_name=None, text="本月有哪些发布会", message_id="w-1", mentioned=False))
        loops = Loops(db, clock, settings, inbox, tasks)
        await loops.start(reminders=False, rounds=False)
        for _ in range(100):
            if (await counts(db))["OutboxMessage"]:
                break
            await asyncio.sleep(0.02)
        assert parsed == ["本月有哪些发布会"]  # handled, nothing rehearsed
        assert (await counts(db))["OutboxMessage"] == 1
        loops.stop()
        inbox.stop()
        await tasks.wait_idle(5)
    finally:
        await db.close()
