"""A reply held back by the per-user rate limit went out as a "resend", with WeCom's duplicate
check, so an answer equal to one sent lately was dropped by WeCom and still stored as sent
(24 of 54 replies lost when one person asked 40 questions in 16 s). And a platform that could
not be reached counted as "our database was busy": retried every second for ever, no try
counted, never given up, and ``pressbot outbox`` said nothing had failed."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from bot.app import DB, WORKER
from bot.delivery.report import row_line
from store.models import OutboxMessage


async def queue(bot, bodies: list[str], user: str = "zhangsan") -> None:
    now = bot.clock.now()
    async with bot.app[DB].writing() as s:
        for n, body in enumerate(bodies):
            s.add(OutboxMessage(idempotency_key=f"reply:{n}", platform="wecom",
                                target={"user_id": user, "chat_type": "single"}, content_type="text",
                                body=body, status="pending", attempts=0, next_attempt_at=now, created_at=now))


def point(sender, cfg) -> None:
    """The WeCom API where ``cfg`` says (a closed port: the platform cannot be reached)."""
    sender.cfg = cfg
    sender.tokens = type(sender.tokens)(sender._fetch_token)


async def rows(bot) -> list[OutboxMessage]:
    async with bot.app[DB].reading() as s:
        return list((await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def test_replies_held_back_by_the_rate_limit_all_reach_the_person(bot, wecom_api):
    answers = ["没太明白您的意思，可以换个说法吗？", "本月共3场发布会", "帮助：可以问我本月有哪些发布会"]
    await queue(bot, [answers[n % 3] for n in range(45)])  # more than WeCom's 30 a minute
    worker = bot.app[WORKER]
    for _ in range(6):
        await worker.tick()
        bot.clock.advance(timedelta(seconds=31))
    await worker.tick()

    assert wecom_api.deduplicated == 0
    assert len(wecom_api.contents()) == 45
    assert {r.status for r in await rows(bot)} == {"sent"}


async def test_an_unreachable_platform_is_tried_with_backoff_and_then_reported(bot, wecom_api, unused_tcp_port):
    worker = bot.app[WORKER]
    sender = worker.senders["wecom"]
    point(sender, replace(sender.cfg, api_base=f"http://127.0.0.1:{unused_tcp_port}"))
    await queue(bot, ["明天上午9点新闻发布会"])

    await worker.tick()
    [row] = await rows(bot)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at - bot.clock.now() > timedelta(seconds=1.5)  # a backoff
    for _ in range(worker.policy.max_attempts + 2):
        bot.clock.advance(timedelta(hours=2))
        await worker.tick()
    [row] = await rows(bot)
    assert (row.status, row.attempts) == ("dead", worker.policy.max_attempts)
    assert wecom_api.contents() == []
    line = row_line(row, bot.clock.now().tzinfo)  # what ``pressbot outbox`` lists for the office
    assert "[已放弃] 企业微信" in line
    assert "原因：连不上平台的服务器（网络或平台故障），已放弃（用 --retry 重发）" in line
    assert "ClientConnectorError" not in line


async def test_a_refused_connection_is_not_a_resend(bot, wecom_api, unused_tcp_port):
    """The request never left, so the next try goes out without the duplicate check: a person
    who was sent the same text a minute ago still gets this one."""
    worker = bot.app[WORKER]
    sender = worker.senders["wecom"]
    await queue(bot, ["本月共3场发布会"])
    await worker.tick()
    good = sender.cfg
    point(sender, replace(good, api_base=f"http://127.0.0.1:{unused_tcp_port}"))
    now = bot.clock.now()
    async with bot.app[DB].writing() as s:
        s.add(OutboxMessage(idempotency_key="reply:again", platform="wecom",
                            target={"user_id": "zhangsan", "chat_type": "single"}, content_type="text",
                            body="本月共3场发布会", status="pending", attempts=0, next_attempt_at=now, created_at=now))
    await worker.tick()
    point(sender, good)
    bot.clock.advance(timedelta(minutes=5))
    await worker.tick()

    assert wecom_api.contents() == ["本月共3场发布会", "本月共3场发布会"]
    assert wecom_api.deduplicated == 0
