"""DingTalk HTTP mode: signed callbacks in, replies through the sessionWebhook or the OpenAPI."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.app import INBOX, WORKER
from tests.fakes.messenger import dingtalk_headers, dingtalk_text

pytestmark = pytest.mark.asyncio


def now_ms(bot) -> int:
    return int(bot.clock.now().timestamp() * 1000)


def message(bot, dingtalk, msg_id="msg-1", content="我局5月中旬开发布会", **kw):
    return dingtalk_text(user="staff1", content=content, msg_id=msg_id, created_ms=now_ms(bot),
                         session_webhook=dingtalk.session_url(), **kw)


async def post(bot, dingtalk, payload, *, ts=None, secret=None, raw: bytes | None = None):
    headers = dingtalk_headers(secret or dingtalk.app_secret, now_ms(bot) if ts is None else ts)
    body = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode()
    return await bot.client.post("/dingtalk/callback", data=body, headers=headers)


async def test_message_is_answered_through_the_session_webhook(bot, dingtalk):
    resp = await post(bot, dingtalk, message(bot, dingtalk))
    assert resp.status == 200
    await bot.settle()
    [sent] = dingtalk.sent
    assert sent.api == "session"
    assert "新闻发布会" in sent.content


async def test_group_reply_mentions_the_sender(bot, dingtalk):
    await post(bot, dingtalk, message(bot, dingtalk, group=True))
    await bot.settle()
    assert dingtalk.sent[0].body["at"]["atUserIds"] == ["staff1"]


async def test_group_message_without_the_robot_mentioned_gets_no_answer(bot, dingtalk):
    await post(bot, dingtalk, message(bot, dingtalk, group=True, at_bot=False))
    await bot.settle()
    assert await bot.count() == 1 and dingtalk.sent == []


async def test_the_same_message_three_times_is_answered_once(bot, dingtalk):
    for _ in range(3):
        assert (await post(bot, dingtalk, message(bot, dingtalk))).status == 200
    await bot.settle()
    assert await bot.count() == 1
    assert len(dingtalk.sent) == 1


async def test_expired_session_webhook_falls_back_to_the_group_openapi(bot, dingtalk):
    await post(bot, dingtalk, message(bot, dingtalk, group=True))
    await bot.app[INBOX].drain()
    bot.clock.advance(timedelta(hours=2))
    await bot.app[WORKER].tick()
    [sent] = dingtalk.sent
    assert sent.api == "group"
    assert sent.body["openConversationId"] == "cidGroup1" and sent.body["robotCode"] == "ding-key"
    assert sent.body["msgKey"] == "sampleText"


async def test_refused_session_webhook_falls_back_to_one_to_one(bot, dingtalk):
    dingtalk.switch.session_fail_next = 1
    await post(bot, dingtalk, message(bot, dingtalk))
    await bot.settle()
    [sent] = dingtalk.sent
    assert sent.api == "oto" and sent.body["userIds"] == ["staff1"]


def bad_sign(bot, dingtalk):
    return dict(payload=message(bot, dingtalk), secret="not-the-secret")


def stale(bot, dingtalk):
    return dict(payload=message(bot, dingtalk), ts=now_ms(bot) - 3_601_000)


def not_a_number(bot, dingtalk):
    return dict(payload=message(bot, dingtalk), ts="yesterday")


def too_long_to_be_a_time(bot, dingtalk):  # 400 digits overflowed into a 500 before the sign check
    return dict(payload=message(bot, dingtalk), ts="9" * 400)


def malformed_json(bot, dingtalk):
    return dict(payload=None, raw=b'{"msgtype": "text", "text": ')


def text_without_text(bot, dingtalk):
    payload = message(bot, dingtalk)
    del payload["text"]
    return dict(payload=payload)


def oversize(bot, dingtalk):
    return dict(payload=message(bot, dingtalk, content="长" * 30_000))


@pytest.mark.parametrize("build, status, reason", [
    (bad_sign, 401, "signature"),
    (stale, 401, "timestamp"),
    (not_a_number, 401, "timestamp"),
    (too_long_to_be_a_time, 401, "timestamp"),
    (malformed_json, 400, "malformed"),
    (text_without_text, 400, "malformed"),
    (oversize, 413, "oversize"),
], ids=lambda v: v.__name__ if callable(v) else None)
async def test_bad_requests_are_refused_and_nothing_is_stored(bot, dingtalk, build, status, reason):
    kwargs = build(bot, dingtalk)
    resp = await post(bot, dingtalk, kwargs.pop("payload"), **kwargs)
    assert resp.status == status
    await bot.settle()
    assert await bot.count() == 0
    assert dingtalk.sent == []
    assert bot.metrics.rejected.get(channel="dingtalk", reason=reason) == 1
