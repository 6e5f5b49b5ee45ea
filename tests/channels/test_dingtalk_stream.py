"""DingTalk Stream mode: the SDK in its thread, a fake gateway in another, replies via webhook."""
from __future__ import annotations

import asyncio

import pytest

from tests.channels.conftest import bot_env
from tests.fakes.dingtalk_gateway import FakeStreamGateway
from tests.fakes.messenger import dingtalk_text

pytestmark = pytest.mark.asyncio


@pytest.fixture
def gateway():
    gw = FakeStreamGateway().start()
    yield gw
    gw.stop()


@pytest.fixture
async def stream_bot(start_bot, sqlite_url, dingtalk, gateway):
    env = bot_env(sqlite_url, dingtalk=dingtalk, dingtalk_mode="stream",
                  PRESSBOT_DINGTALK_API_BASE=gateway.url)
    bot = await start_bot(env)
    await asyncio.to_thread(gateway.wait_connected)
    return bot


def message(bot, dingtalk, msg_id="stream-1"):
    return dingtalk_text(user="staff2", content="下周三的发布会改到周五", msg_id=msg_id,
                         created_ms=int(bot.clock.now().timestamp() * 1000),
                         session_webhook=dingtalk.session_url())


async def deliver(gateway, payload, frame_id=None):
    frame = await asyncio.to_thread(gateway.push, payload, frame_id)
    return await asyncio.to_thread(gateway.wait_ack, frame)


async def test_a_bot_frame_is_acknowledged_after_it_is_stored_and_answered(stream_bot, gateway, dingtalk):
    ack = await deliver(gateway, message(stream_bot, dingtalk))
    assert ack["code"] == 200
    assert await stream_bot.count() == 1  # stored before the ACK went out
    await stream_bot.settle()
    [sent] = dingtalk.sent
    assert sent.api == "session" and "没有找到区教育局" in sent.content  # nothing to move yet
    assert gateway.opens[0]["subscriptions"] == [
        {"type": "CALLBACK", "topic": "/v1.0/im/bot/messages/get"}]


async def test_the_same_message_three_times_is_answered_once(stream_bot, gateway, dingtalk):
    for i in range(3):  # duplicates may arrive with new frame ids
        ack = await deliver(gateway, message(stream_bot, dingtalk), f"f{i}")
        assert ack["code"] == 200
    await stream_bot.settle()
    assert await stream_bot.count() == 1
    assert len(dingtalk.sent) == 1


async def test_a_malformed_frame_is_refused_and_nothing_stored(stream_bot, gateway, dingtalk):
    payload = message(stream_bot, dingtalk)
    del payload["msgId"]
    ack = await deliver(gateway, payload)
    assert ack["code"] == 400
    await stream_bot.settle()
    assert await stream_bot.count() == 0 and dingtalk.sent == []
    assert stream_bot.metrics.rejected.get(channel="dingtalk_stream", reason="malformed") == 1


async def test_after_a_disconnect_the_client_reconnects_with_a_new_ticket(stream_bot, gateway, dingtalk):
    await asyncio.to_thread(gateway.disconnect)
    await asyncio.to_thread(gateway.wait_connected, 2)
    assert len(gateway.opens) == 2
    ack = await deliver(gateway, message(stream_bot, dingtalk, msg_id="after-reconnect"))
    assert ack["code"] == 200
    await stream_bot.settle()
    assert len(dingtalk.sent) == 1
