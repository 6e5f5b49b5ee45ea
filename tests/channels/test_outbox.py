"""Delivery: a failing, token-expiring or rate-limiting platform still gets each reply once."""
from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest

from bot.app import DB, METRICS, WORKER
from bot.delivery.outbox import enqueue_push
from bot.delivery.report import show_outbox
from bot.delivery.worker import OutboxWorker
from bot.settings import load_settings
from tests.channels.conftest import bot_env
from tests.channels.test_wecom_app import post, text

pytestmark = pytest.mark.asyncio


async def push(bot, platform="wecom", key="push:1", target=None, body="明天上午9点召开发布会"):
    async with bot.app[DB].writing() as session:
        enqueue_push(session, key=key, platform=platform, target=target or {"user_id": "zhangsan"},
                     text=body, now=bot.clock.now())
    return await bot.app[WORKER].tick()


async def test_a_failing_platform_gets_the_reply_once_after_a_backoff(bot, wecom_api):
    wecom_api.switch.fail_next = 2
    await post(bot, text(bot))
    await bot.settle()
    assert wecom_api.sent == []
    [row] = await bot.outbox()
    assert row.status == "pending" and row.attempts == 1 and "502" in row.last_error
    bot.clock.advance(timedelta(seconds=1))
    assert await bot.app[WORKER].tick() == 0  # not due yet: the backoff is 2 s
    bot.clock.advance(timedelta(seconds=2))
    await bot.app[WORKER].tick()  # second failure, next try after 4 s
    bot.clock.advance(timedelta(seconds=4))
    await bot.app[WORKER].tick()
    await bot.app[WORKER].tick()
    assert len(wecom_api.sent) == 1
    [row] = await bot.outbox()
    assert row.status == "sent" and row.attempts == 3


async def test_an_expired_token_is_refetched_once_and_the_reply_sent_once(bot, wecom_api):
    await push(bot, key="warm-up")  # a cached token
    wecom_api.switch.expire_next = 1
    await push(bot, key="after-expiry")
    assert len(wecom_api.sent) == 2
    assert wecom_api.token_requests == 2
    rows = await bot.outbox()
    assert [r.attempts for r in rows] == [1, 1]


async def test_concurrent_sends_share_one_token_refresh(bot, wecom_api):
    async with bot.app[DB].writing() as session:
        for i in range(6):
            enqueue_push(session, key=f"p{i}", platform="wecom", target={"user_id": f"u{i}"},
                         text="通知", now=bot.clock.now())
    await bot.app[WORKER].tick()
    assert len(wecom_api.sent) == 6
    assert wecom_api.token_requests == 1


async def test_a_rate_limited_reply_is_queued_not_dropped_and_not_counted_as_a_failure(bot, wecom_api):
    wecom_api.switch.rate_limit_next = 1
    await push(bot)
    [row] = await bot.outbox()
    assert row.status == "pending" and row.attempts == 0 and "45009" in row.last_error
    bot.clock.advance(timedelta(seconds=30))
    assert await bot.app[WORKER].tick() == 0
    bot.clock.advance(timedelta(seconds=31))
    await bot.app[WORKER].tick()
    assert len(wecom_api.sent) == 1


async def test_more_than_30_messages_a_minute_to_one_person_wait_for_the_next_minute(bot, wecom_api):
    async with bot.app[DB].writing() as session:
        for i in range(32):
            enqueue_push(session, key=f"p{i}", platform="wecom", target={"user_id": "zhangsan"},
                         text=f"第{i}条", now=bot.clock.now())
    await bot.app[WORKER].tick()
    assert len(wecom_api.sent) == 30
    bot.clock.advance(timedelta(seconds=61))
    await bot.app[WORKER].tick()
    assert len(wecom_api.sent) == 32
    assert all(r.status == "sent" for r in await bot.outbox())


async def test_group_robot_keeps_to_20_a_minute(bot, wecom_api):
    async with bot.app[DB].writing() as session:
        for i in range(21):
            enqueue_push(session, key=f"r{i}", platform="wecom_webhook", target={}, text=f"第{i}条",
                         now=bot.clock.now())
    await bot.app[WORKER].tick()
    assert len(wecom_api.contents("webhook/send")) == 20
    bot.clock.advance(timedelta(seconds=61))
    await bot.app[WORKER].tick()
    assert len(wecom_api.contents("webhook/send")) == 21


async def test_after_the_last_try_the_message_is_dead_and_listed(start_bot, sqlite_url, wecom_api):
    bot = await start_bot(bot_env(sqlite_url, wecom_api, PRESSBOT_OUTBOX_MAX_ATTEMPTS="2"))
    wecom_api.switch.fail_next = 5
    await push(bot)
    bot.clock.advance(timedelta(seconds=3))
    await bot.app[WORKER].tick()
    [row] = await bot.outbox()
    assert row.status == "dead" and row.attempts == 2
    out = io.StringIO()
    await show_outbox(load_settings({"PRESSBOT_DATABASE_URL": sqlite_url}), statuses=("dead",),
                      as_json=True, retry=None, out=out)
    [listed] = json.loads(out.getvalue())
    assert listed["idempotency_key"] == "push:1" and "502" in listed["last_error"]
    out = io.StringIO()
    await show_outbox(load_settings({"PRESSBOT_DATABASE_URL": sqlite_url}), statuses=("dead",),
                      as_json=False, retry=None, out=out)
    assert "#1 [已放弃] 企业微信" in out.getvalue()
    assert "原因：平台暂时出错，已放弃（用 --retry 重发）" in out.getvalue() and "502" not in out.getvalue()


async def test_a_long_reply_is_split_on_line_boundaries_into_numbered_parts(bot, wecom_api):
    lines = [f"{i}. 市教育局 秋季招生政策解读新闻发布会 5月中旬" for i in range(60)]
    await push(bot, body="\n".join(lines))
    contents = wecom_api.contents("message/send")
    assert len(contents) > 1
    assert all(len(c.encode()) <= 2048 for c in contents)
    assert contents[0].endswith(f"（1/{len(contents)}）")
    joined = "\n".join(c.rsplit("\n", 1)[0] for c in contents)
    assert joined == "\n".join(lines)  # nothing cut


async def test_a_push_to_an_app_group_chat_uses_appchat_send(bot, wecom_api):
    await push(bot, target={"chat_type": "group", "chat_id": "pressgroup", "appchat": True})
    [sent] = wecom_api.sent
    assert sent.api == "appchat/send" and sent.body["chatid"] == "pressgroup"


async def test_two_workers_never_send_the_same_row(bot, wecom_api):
    other = OutboxWorker(bot.app[DB], bot.clock, bot.app[WORKER].senders, bot.app[METRICS])
    async with bot.app[DB].writing() as session:
        for i in range(10):
            enqueue_push(session, key=f"p{i}", platform="wecom", target={"user_id": f"u{i}"},
                         text="通知", now=bot.clock.now())
    import asyncio

    await asyncio.gather(bot.app[WORKER].tick(), other.tick(), other.tick())
    assert len(wecom_api.sent) == 10


async def test_dingtalk_token_expiry_and_qps_limit(bot, dingtalk):
    target = {"chat_type": "group", "conversation_id": "cid1"}
    await push(bot, platform="dingtalk", key="warm", target=target)
    dingtalk.switch.expire_next = 1
    await push(bot, platform="dingtalk", key="expired", target=target)
    assert len(dingtalk.contents("group")) == 2 and dingtalk.token_requests == 2
    dingtalk.switch.qps_next = 1
    await push(bot, platform="dingtalk", key="qps", target=target)
    assert len(dingtalk.contents("group")) == 2
    bot.clock.advance(timedelta(seconds=2))
    await bot.app[WORKER].tick()
    assert len(dingtalk.contents("group")) == 3


async def test_dingtalk_flow_controlled_user_is_retried_later(bot, dingtalk):
    dingtalk.switch.flow_next = 1
    await push(bot, platform="dingtalk", target={"chat_type": "single", "user_id": "staff1"})
    assert dingtalk.sent == []
    bot.clock.advance(timedelta(seconds=61))
    await bot.app[WORKER].tick()
    assert dingtalk.contents("oto") == ["明天上午9点召开发布会"]


async def test_dingtalk_custom_robot_push_is_signed(bot, dingtalk):
    await push(bot, platform="dingtalk_webhook", target={})
    [sent] = dingtalk.sent
    assert sent.api == "robot" and sent.body["msgUuid"] == "push:1"


async def test_metrics_show_traffic_backlog_and_rejections(bot, wecom_api):
    await post(bot, text(bot))
    await bot.client.post("/wecom/callback", params={"timestamp": "1"}, data=b"<xml/>")
    await bot.settle()
    body = await (await bot.client.get("/metrics")).text()
    assert 'pressbot_messages_in_total{channel="wecom"} 1' in body
    assert 'pressbot_messages_out_total{channel="wecom"} 1' in body
    assert 'pressbot_rejected_total{channel="wecom",reason="missing_params"} 1' in body
    assert 'pressbot_outbox_backlog{status="pending"} 0' in body
    assert 'pressbot_handling_seconds_count{channel="wecom"} 1' in body
    health = await (await bot.client.get("/healthz")).json()
    assert health["status"] == "ok" and "wecom" in health["channels"]
