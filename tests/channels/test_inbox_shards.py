"""``PRESSBOT_HANDLERS=2``: two handler processes share the senders. Each takes only its own
senders' messages (``shard_of``), so together they handle every message exactly once and one
person's messages in one chat still in the order they came."""
from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.channels.base import Reply
from bot.delivery.database import Database
from bot.delivery.inbox import Inbox, shard_of
from bot.metrics import Metrics
from store.models import InboundMessage, OutboxMessage, Unit
from tests.channels.conftest import create_schema


def test_a_sender_always_belongs_to_the_same_handler_and_senders_spread():
    owners = [("wecom", f"chat{i % 7}", f"user{i}") for i in range(400)]
    first = [shard_of(o, 2) for o in owners]
    assert first == [shard_of(o, 2) for o in owners]  # stable, across processes too (crc32)
    assert 120 < first.count(0) < 280  # both get a fair part
    assert shard_of(("wecom", None, "u1"), 3) in (0, 1, 2) and shard_of(("wecom", "c", "u"), 1) == 0


async def test_two_handlers_take_their_own_senders_each_message_once_in_order(clock, sqlite_url):
    await create_schema(sqlite_url)
    db = Database.open(sqlite_url)
    try:
        async with db.writing() as session:
            for i in range(60):  # 12 people, 5 messages each, interleaved
                session.add(InboundMessage(platform="wecom", message_id=f"m{i}", chat_type="single",
                                           chat_id=None, user_id=f"user{i % 12}", text=f"{i // 12}",
                                           received_at=clock.now() + timedelta(milliseconds=i),
                                           status="received", reply_handle={}))
        seen: list[tuple[int, str, str]] = []

        def dispatcher(k: int):
            async def dispatch(incoming, ctx):
                seen.append((k, incoming.user_id, incoming.text))
                await asyncio.sleep(0)
                return []
            return dispatch

        inboxes = [Inbox(db, clock, Metrics(), dispatcher(k), shard=(k, 2)) for k in range(2)]
        handled = await asyncio.gather(*(inbox.drain() for inbox in inboxes))
    finally:
        async with db.reading() as session:
            left = list(await session.scalars(select(InboundMessage.id).where(InboundMessage.status == "received")))
        await db.close()
    assert sum(handled) == 60 and not left and len(seen) == 60
    assert all(handled)  # both had work
    for user in {u for _, u, _ in seen}:
        mine = [(k, text) for k, u, text in seen if u == user]
        assert {k for k, _ in mine} == {shard_of(("wecom", None, user), 2)}  # one handler per person
        assert [text for _, text in mine] == ["0", "1", "2", "3", "4"]  # in the order they came


async def test_a_message_another_handler_answered_after_this_one_looked_is_not_answered_again(clock, sqlite_url):
    """Two handlers over one SQLite file (a restart's overlap, a shard count changed): the
    second read the waiting row, then the first answered it. The second's turn writes nothing
    that lasts and queues no second answer."""
    await create_schema(sqlite_url)
    db = Database.open(sqlite_url)
    try:
        async with db.writing() as session:
            session.add(InboundMessage(platform="wecom", message_id="m1", chat_type="single", chat_id=None,
                                       user_id="zhangsan", text="我局5月中旬开发布会", received_at=clock.now(),
                                       status="received", reply_handle={}))
        answered: list[str] = []

        def dispatcher(name: str):
            async def dispatch(incoming, ctx):
                answered.append(name)
                ctx.session.add(Unit(name=f"{name}写的局", aliases=[], is_key=False))  # the turn's effect
                return [Reply(f"{name}：收到")]
            return dispatch

        first, late = (Inbox(db, clock, Metrics(), dispatcher(n)) for n in ("甲", "乙"))
        looked = await late._waiting()  # the late one has read the row as waiting ...
        assert await first.drain() == 1  # ... the first answers it meanwhile ...
        assert await late.handle(looked[0].id, looked[0]) == 0  # ... and the late one's turn is undone
        async with db.reading() as session:
            units = list(await session.scalars(select(Unit.name).where(Unit.name.like("%写的局"))))
            bodies = list(await session.scalars(select(OutboxMessage.body)))
    finally:
        await db.close()
    assert answered == ["甲", "乙"]  # it did think about it ...
    assert units == ["甲写的局"] and bodies == ["甲：收到"]  # ... but only the first answer stands
