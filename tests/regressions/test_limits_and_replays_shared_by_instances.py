"""The per-user rate limit and the nonce replay cache lived in memory: 3 instances let 40
messages in 60 s through a 30/min limit, and a restart forgot them."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.app import DB, METRICS, WORKER, create_app
from bot.settings import load_settings
from store.models import OutboxMessage
from tests.channels.conftest import bot_env, create_schema
from tests.channels.test_wecom_app import text


async def instances(clock, url, wecom_api, n):
    settings = load_settings(bot_env(url, wecom_api))
    clients = []
    for _ in range(n):
        client = TestClient(TestServer(create_app(settings, clock=clock, background=False)))
        await client.start_server()
        clients.append(client)
    return clients


async def queue_pushes(client, clock, pushes: list[tuple[str, int]]) -> None:
    """Reminders due now in the outbox: (WeCom member, number) each."""
    now = clock.now()
    async with client.app[DB].writing() as s:
        s.add_all(OutboxMessage(idempotency_key=f"push:{i}", platform="wecom",
                                target={"user_id": user, "chat_type": "single"}, content_type="text",
                                body=f"提醒 {i}", status="pending", attempts=0, next_attempt_at=now, created_at=now)
                  for user, i in pushes)


async def test_three_instances_keep_one_30_a_minute_limit(clock, db_url, wecom_api):
    await create_schema(db_url)
    clients = await instances(clock, db_url, wecom_api, 3)
    try:
        await queue_pushes(clients[0], clock, [("zhangsan", i) for i in range(40)])
        for client in clients:
            client.app[WORKER].policy = type(client.app[WORKER].policy)(batch=14)
            await client.app[WORKER].tick()
        assert len(wecom_api.sent) == 30
    finally:
        for client in clients:
            await client.close()
    # restarted: the minute is not over, so still nothing more goes out
    [again] = await instances(clock, db_url, wecom_api, 1)
    try:
        await again.app[WORKER].tick()
        assert len(wecom_api.sent) == 30
        async with again.app[DB].sessions() as s:
            assert await s.scalar(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.status == "pending")) == 10
    finally:
        await again.close()


async def test_a_request_replayed_to_another_instance_is_recognised(clock, sqlite_url, wecom_api):
    await create_schema(sqlite_url)
    first, second = await instances(clock, sqlite_url, wecom_api, 2)
    try:
        from tests.channels.conftest import Bot

        query, body = Bot.wecom.app_post(text(Bot(None, None, clock), msg_id="r-1"), int(clock.now().timestamp()))
        assert (await first.post("/wecom/callback", params=query, data=body)).status == 200
        assert (await second.post("/wecom/callback", params=query, data=body)).status == 200
        assert second.app[METRICS].rejected.get(channel="wecom", reason="replay") == 1
    finally:
        await first.close()
        await second.close()


async def test_sends_at_the_same_moment_on_three_instances_keep_the_limit(clock, db_url, wecom_api):
    """The slots of a batch of sends are taken in one transaction per instance; three
    instances sending at once still let exactly 30 a minute through to one member."""
    import asyncio

    await create_schema(db_url)
    clients = await instances(clock, db_url, wecom_api, 3)
    try:
        await queue_pushes(clients[0], clock, [("zhangsan" if i % 2 else "lisi", i) for i in range(90)])
        for client in clients:
            client.app[WORKER].policy = type(client.app[WORKER].policy)(batch=30, concurrency=10)
        await asyncio.gather(*(client.app[WORKER].tick() for client in clients))
        to = [call.body["touser"] for call in wecom_api.sent]
        assert (to.count("zhangsan"), to.count("lisi")) == (30, 30)
    finally:
        for client in clients:
            await client.close()


async def test_concurrent_takes_in_one_process_count_exactly(tmp_path):
    import asyncio
    from datetime import datetime

    from bot.delivery.database import Database
    from bot.delivery.limits import Limits, Rule
    from store.migrate import upgrade

    url = f"sqlite+aiosqlite:///{tmp_path}/limits.db"
    upgrade(url)
    db = Database.open(url)
    try:
        limits, now = Limits(db), datetime(2026, 5, 1, 9, 0).astimezone()
        waits = await asyncio.gather(*(limits.try_take(f"k{i % 2}", Rule(20, 60), now) for i in range(50)))
        assert [w is None for w in waits[0::2]].count(True) == 20
        assert [w is None for w in waits[1::2]].count(True) == 20
        assert all(w is not None and 59 <= w <= 60 for w in waits[40:])
    finally:
        await db.close()
