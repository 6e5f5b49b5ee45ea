"""Intake on both databases: concurrent repeats stored once; leftovers handled at start-up."""
from __future__ import annotations

import asyncio

from bot.app import create_app
from bot.channels.base import Incoming, Reply
from bot.settings import load_settings
from store.models import InboundMessage
from tests.channels.conftest import bot_env, create_schema
from tests.channels.test_wecom_app import text


async def test_concurrent_repeats_of_one_message_are_stored_and_answered_once(start_bot, db_url, wecom_api):
    bot = await start_bot(bot_env(db_url, wecom_api))
    requests = []
    for nonce in "12345":
        query, body = bot.wecom.app_post(text(bot, msg_id="42"), bot.now_s, nonce)
        requests.append(bot.client.post("/wecom/callback", params=query, data=body))
    responses = await asyncio.gather(*requests)
    assert [r.status for r in responses] == [200] * 5
    await bot.settle()
    assert await bot.count() == 1
    assert len(wecom_api.sent) == 1


async def test_messages_left_unhandled_by_a_crash_are_handled_at_start_up(clock, sqlite_url, wecom_api):
    from aiohttp.test_utils import TestClient, TestServer

    from bot.delivery.database import Database

    settings = load_settings(bot_env(sqlite_url, wecom_api))
    await create_schema(sqlite_url)
    db = Database.open(sqlite_url)
    async with db.writing() as session:
        session.add(InboundMessage(platform="wecom", message_id="left-1", chat_type="single",
                                   user_id="zhangsan", text="本月有哪些发布会", received_at=clock.now(),
                                   status="received", reply_handle={}))
    await db.close()
    client = TestClient(TestServer(create_app(settings, clock=clock)))  # with its loops running
    await client.start_server()
    try:
        for _ in range(100):
            if wecom_api.sent:
                break
            await asyncio.sleep(0.05)
    finally:
        await client.close()
    assert len(wecom_api.sent) == 1 and wecom_api.sent[0].body["touser"] == "zhangsan"


async def test_a_dispatcher_error_becomes_an_apology_and_a_failed_row(start_bot, sqlite_url, wecom_api):
    async def broken(incoming: Incoming, ctx) -> list[Reply]:
        raise RuntimeError("boom")

    bot = await start_bot(bot_env(sqlite_url, wecom_api), dispatch=broken)
    query, body = bot.wecom.app_post(text(bot), bot.now_s)
    await bot.client.post("/wecom/callback", params=query, data=body)
    await bot.settle()
    assert await bot.count(status="failed") == 1
    assert "出错" in wecom_api.sent[0].content
