"""WeCom intelligent robot: group @-mentions as encrypted JSON, replies via response_url."""
from __future__ import annotations

import json

import pytest

from bot.app import DB, INBOX, WORKER
from bot.channels.base import Reply
from store.models import InboundMessage
from tests.fakes.messenger import aibot_text

pytestmark = pytest.mark.asyncio


def mention(bot, wecom_api, content="@发布助手 本月有哪些发布会", msg_id="ai-1", code="c1"):
    return aibot_text(user="wangwu", content=content, msg_id=msg_id, chat_id="wrgroup1",
                      response_url=wecom_api.response_url(code))


async def post(bot, message, nonce="111", timestamp=None):
    query, body = bot.aibot.aibot_post(message, timestamp or bot.now_s, nonce)
    return await bot.client.post("/wecom/aibot", params=query, data=body)


async def test_group_mention_is_answered_through_response_url(bot, wecom_api):
    resp = await post(bot, mention(bot, wecom_api))
    assert resp.status == 200
    await bot.settle()
    [sent] = wecom_api.sent
    assert sent.api == "aibot/response"
    assert "2026年4月" in sent.content and "新闻发布会" in sent.content
    async with bot.app[DB].sessions() as session:
        row = await session.get(InboundMessage, 1)
    assert row.chat_type == "group" and row.chat_id == "wrgroup1"
    assert row.text == "本月有哪些发布会"  # the @robot prefix is not part of the message


async def test_the_same_message_three_times_is_answered_once(bot, wecom_api):
    for nonce in ("1", "2", "3"):
        assert (await post(bot, mention(bot, wecom_api), nonce=nonce)).status == 200
    await bot.settle()
    assert await bot.count() == 1
    assert len(wecom_api.sent) == 1


async def test_replies_to_one_mention_are_one_robot_answer(start_bot, sqlite_url, wecom_api):
    from tests.channels.conftest import bot_env

    async def two_replies(incoming, ctx):
        return [Reply("第一条"), Reply("第二条")]

    bot = await start_bot(bot_env(sqlite_url, wecom_api), dispatch=two_replies)
    await post(bot, mention(bot, wecom_api))
    await bot.settle()
    # the response_url answers once: both replies stay in the group, as one message
    assert [(s.api, s.content) for s in wecom_api.sent] == [("aibot/response", "第一条\n\n第二条")]


async def test_a_part_beyond_the_robot_answer_goes_to_the_person_through_the_app(
        start_bot, sqlite_url, wecom_api):
    from tests.channels.conftest import bot_env

    line = "本月活动安排一览" * 40 + "\n"  # 960 bytes a line; the robot takes 20,480 a message
    async def long_reply(incoming, ctx):
        return [Reply(line * 30)]

    bot = await start_bot(bot_env(sqlite_url, wecom_api), dispatch=long_reply)
    await post(bot, mention(bot, wecom_api))
    await bot.settle()
    first, *rest = wecom_api.sent
    assert first.api == "aibot/response" and rest  # the rest through the app, in its 2,048-byte parts
    assert all(s.api == "message/send" and s.body["touser"] == "wangwu" for s in rest)
    assert "".join(s.content for s in wecom_api.sent).count("本月活动安排一览") == 40 * 30  # nothing cut


async def test_an_expired_response_url_falls_back_to_the_app(bot, wecom_api):
    from datetime import timedelta

    await post(bot, mention(bot, wecom_api))
    await bot.app[INBOX].drain()
    bot.clock.advance(timedelta(hours=2))  # the outbox was down for two hours
    await bot.app[WORKER].tick()
    [sent] = wecom_api.sent
    assert sent.api == "message/send" and sent.body["touser"] == "wangwu"


async def test_url_verification_answers_the_echo(bot):
    encrypt = bot.aibot.encrypt("echo-42")
    query = {**bot.aibot.query(encrypt, bot.now_s), "echostr": encrypt}
    resp = await bot.client.get("/wecom/aibot", params=query)
    assert resp.status == 200 and await resp.text() == "echo-42"


def forged(bot, wecom_api):
    query, body = bot.aibot.aibot_post(mention(bot, wecom_api), bot.now_s)
    return {**query, "msg_signature": "a" * 40}, body


def stale(bot, wecom_api):
    return bot.aibot.aibot_post(mention(bot, wecom_api), bot.now_s - 3600)


def too_long_to_be_a_time(bot, wecom_api):  # 400 digits overflowed into a 500 before the signature check
    query, body = bot.aibot.aibot_post(mention(bot, wecom_api), bot.now_s)
    return {**query, "timestamp": "9" * 400}, body


def wrong_receiver(bot, wecom_api):
    encrypt = bot.aibot.encrypt(json.dumps(mention(bot, wecom_api)), receive_id="wwcorp")
    return bot.aibot.query(encrypt, bot.now_s), json.dumps({"encrypt": encrypt}).encode()


def malformed_json(bot, wecom_api):
    query, body = bot.aibot.aibot_post(mention(bot, wecom_api), bot.now_s)
    return query, body[:-3]


def malformed_inner(bot, wecom_api):
    encrypt = bot.aibot.encrypt('{"msgid": "x", "from": ')
    return bot.aibot.query(encrypt, bot.now_s), json.dumps({"encrypt": encrypt}).encode()


def truncated(bot, wecom_api):
    encrypt = bot.aibot.encrypt(json.dumps(mention(bot, wecom_api)))[:-30]
    return bot.aibot.query(encrypt, bot.now_s), json.dumps({"encrypt": encrypt}).encode()


def oversize(bot, wecom_api):
    return bot.aibot.aibot_post(mention(bot, wecom_api, content="字" * 40_000), bot.now_s)


@pytest.mark.parametrize("build, status, reason", [
    (forged, 403, "signature"),
    (stale, 403, "timestamp"),
    (too_long_to_be_a_time, 403, "timestamp"),
    (wrong_receiver, 403, "corp_id"),
    (malformed_json, 400, "malformed"),
    (malformed_inner, 400, "malformed"),
    (truncated, 400, "ciphertext"),
    (oversize, 413, "oversize"),
], ids=lambda v: v.__name__ if callable(v) else None)
async def test_bad_requests_are_refused_and_nothing_is_stored(bot, wecom_api, build, status, reason):
    query, body = build(bot, wecom_api)
    resp = await bot.client.post("/wecom/aibot", params=query, data=body)
    assert resp.status == status
    await bot.settle()
    assert await bot.count() == 0
    assert wecom_api.sent == []
    assert bot.metrics.rejected.get(channel="wecom_aibot", reason=reason) == 1
