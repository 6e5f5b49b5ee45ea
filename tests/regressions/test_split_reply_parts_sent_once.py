"""A reply split by the sender went out again from part 1 when part 2 failed; after a
kill -9 during a send, the lease expiry sent one reply twice."""
from __future__ import annotations

from datetime import timedelta

from bot.app import DB, WORKER
from store.models import OutboxMessage


async def queue(bot, body: str, target: dict) -> None:
    now = bot.clock.now()
    async with bot.app[DB].writing() as s:
        s.add(OutboxMessage(idempotency_key="push:long", platform=target.pop("platform"), target=target,
                            content_type="text", body=body, status="pending", attempts=0,
                            next_attempt_at=now, created_at=now))


async def test_a_failed_later_part_does_not_resend_the_earlier_ones(bot, wecom_api):
    # a robot answer whose response_url is spent goes to the person through the app, in 2,048-byte parts
    body = "\n".join(f"第{i}行：" + "发布会安排" * 20 for i in range(60))
    await queue(bot, body, {"platform": "wecom_aibot", "user_id": "zhangsan", "chat_type": "single"})
    wecom_api.switch.fail_after = 1  # part 1 goes out, part 2 fails
    await bot.app[WORKER].tick()
    assert len(wecom_api.sent) == 1
    for _ in range(10):
        bot.clock.advance(timedelta(minutes=5))
        await bot.app[WORKER].tick()
    contents = wecom_api.contents()
    assert len(contents) == len(set(contents)) > 2  # every part once
    assert contents[-1].endswith(f"（{len(contents)}/{len(contents)}）")


async def test_a_send_cut_off_by_a_crash_reaches_the_person_once(bot, wecom_api, monkeypatch):
    await queue(bot, "明天上午9点新闻发布会", {"platform": "wecom", "user_id": "zhangsan", "chat_type": "single"})
    worker = bot.app[WORKER]

    async def crash(outcomes):  # the process dies after the send, before recording it
        raise SystemExit("kill -9")

    monkeypatch.setattr(worker, "_record", crash)
    try:
        await worker.tick()
    except SystemExit:
        pass
    monkeypatch.undo()
    bot.clock.advance(timedelta(seconds=worker.policy.lease + 1))  # the lease expires
    await worker.tick()
    assert wecom_api.contents() == ["明天上午9点新闻发布会"]


async def test_a_crash_in_the_middle_of_a_batch_resends_only_what_was_in_flight(bot, wecom_api, monkeypatch):
    """Outcomes were stored once the whole batch was sent: a kill -9 in the middle of a batch
    left every reply already delivered 'sending', and DingTalk (no duplicate check) got them
    all again after the lease expired. Each outcome is now stored as soon as it is known."""
    import asyncio

    from sqlalchemy import select

    now = bot.clock.now()
    async with bot.app[DB].writing() as s:
        for n, user in enumerate(["zhangsan", "lisi", "wangwu"]):
            s.add(OutboxMessage(idempotency_key=f"push:{n}", platform="wecom",
                                target={"user_id": user, "chat_type": "single"}, content_type="text",
                                body=f"第{n + 1}条通知", status="pending", attempts=0, next_attempt_at=now,
                                created_at=now))
    worker = bot.app[WORKER]
    sender = worker.senders["wecom"]
    original, stuck = sender.send, asyncio.Event()

    async def slow_for_wangwu(item, when):
        if item.target["user_id"] == "wangwu":
            stuck.set()
            await asyncio.sleep(30)  # the process dies during this send
        return await original(item, when)

    monkeypatch.setattr(sender, "send", slow_for_wangwu)
    tick = asyncio.create_task(worker.tick())
    await asyncio.wait_for(stuck.wait(), 5)
    for _ in range(50):  # the two finished sends are stored while the third is still out
        async with bot.app[DB].reading() as s:
            states = dict((await s.execute(select(OutboxMessage.body, OutboxMessage.status))).all())
        if states["第1条通知"] == states["第2条通知"] == "sent":
            break
        await asyncio.sleep(0.02)
    assert states == {"第1条通知": "sent", "第2条通知": "sent", "第3条通知": "sending"}
    tick.cancel()  # kill -9
    try:
        await tick
    except asyncio.CancelledError:
        pass
    monkeypatch.undo()
    bot.clock.advance(timedelta(seconds=worker.policy.lease + 1))
    await worker.tick()
    assert sorted(wecom_api.contents()) == ["第1条通知", "第2条通知", "第3条通知"]
