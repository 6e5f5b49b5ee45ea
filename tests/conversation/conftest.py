"""Conversation scripts: a fixed clock, a small directory, and people who say things.

``bot`` gives ``await bot.say("zhangsan", "我局6月份开发布会")`` → the text the bot answers
in that conversation (replies for other people are kept in ``bot.pushed``), driving
``handle_message`` directly with channel ``Incoming`` objects.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from sqlalchemy import select

from bot.channels.base import GROUP, SINGLE, Incoming
from bot.clock import DEFAULT_TZ, FakeClock
from bot.conversation import ConversationContext, handle_message
from store.db import make_sessionmaker
from store.models import Event, Person, Role, Unit
from store.units import key_concept

UNITS = ("区教育局", "区民政局", "区卫健委", "区文旅局", "区统计局", "区人社局", "区城管局", "区档案馆")
PEOPLE = (
    # user_id, name, unit, role
    ("zhangsan", "张三", "区教育局", Role.LIAISON),
    ("lisi", "李四", "区民政局", Role.LIAISON),
    ("wangwu", "王五", None, Role.OFFICE),
    ("zhaoliu", "赵六", "区教育局", Role.DIRECTOR),
    ("qianqi", "钱七", "区卫健委", Role.LIAISON),
)


@dataclass
class Bot:
    """The bot as users meet it: one call per message, the answer as text."""

    engine: object
    clock: FakeClock
    ctx: ConversationContext
    platform: str = "wecom"
    pushed: list = field(default_factory=list)  # (user_id, text) for replies to other people
    last: list = field(default_factory=list)  # the replies of the last message
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def incoming(self, user: str, text: str, *, group: str | None = None, mentioned: bool = True,
                 message_id: str | None = None) -> Incoming:
        return Incoming(platform=self.platform, chat_id=group, chat_type=GROUP if group else SINGLE,
                        user_id=user, user_name=None, text=text,
                        message_id=message_id or f"m{next(self._ids)}", mentioned=mentioned)

    async def say(self, user: str, text: str, **kwargs) -> str:
        return await self.send(self.incoming(user, text, **kwargs))

    async def send(self, incoming: Incoming) -> str:
        replies = await handle_message(self.ctx, incoming)
        self.last = replies
        self.pushed += [(r.target.user_id, r.text) for r in replies if r.target is not None]
        return "\n".join(r.text for r in replies if r.target is None)

    def pushes_to(self, user: str) -> list[str]:
        return [text for uid, text in self.pushed if uid == user]

    def restart(self) -> None:
        """A new process: new context (locks, caches) and sessions on the same database."""
        self.ctx = ConversationContext(clock=self.clock, sessionmaker=make_sessionmaker(self.engine))

    async def events(self) -> list[Event]:
        async with make_sessionmaker(self.engine)() as s:
            return list((await s.execute(select(Event).order_by(Event.id))).scalars())

    async def one(self, model, **where):
        async with make_sessionmaker(self.engine)() as s:
            query = select(model).filter_by(**where)
            return (await s.execute(query)).scalars().first()

    async def all(self, model, **where) -> list:
        async with make_sessionmaker(self.engine)() as s:
            return list((await s.execute(select(model).filter_by(**where))).scalars())


async def seed(engine) -> None:
    async with make_sessionmaker(engine)() as s, s.begin():
        units = {name: Unit(name=name, aliases=[], level="区", is_key=key_concept(name) is not None)
                 for name in UNITS}
        s.add_all(units.values())
        await s.flush()
        for user_id, name, unit, role in PEOPLE:
            s.add(Person(platform="wecom", user_id=user_id, name=name, role=role,
                         unit_id=units[unit].id if unit else None, active=True))


@pytest.fixture
async def bot(engine) -> Bot:
    await seed(engine)
    clock = FakeClock(datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ))
    return Bot(engine, clock, ConversationContext(clock=clock, sessionmaker=make_sessionmaker(engine)))
