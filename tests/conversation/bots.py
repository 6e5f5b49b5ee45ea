"""The bot as the conversation scripts meet it: through the real routes of a messenger, or
straight into the conversation core.

``await bot.talk("zhangsan", "我局6月份开发布会")`` → the replies that reached 张三 in that chat,
in order (``bot.say`` joins them into one text); what went to other people (the office's
notices, a liaison's verdict) is read with ``bot.pushes_to("wangwu")``. ``chat=`` speaks in a
group, ``mentioned=False`` without @-ing the bot. The register is read with ``events``, ``one``,
``all``, ``person`` and ``form``. Nothing moves the clock but the test.
"""
from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import DB, INBOX, WORKER, create_app
from bot.channels.base import GROUP, SINGLE, Incoming
from bot.channels.split import MAX_BYTES, byte_len
from bot.clock import FakeClock
from bot.core import build_core
from bot.delivery.database import Database, WriteLock
from bot.delivery.inbox import Inbox
from bot.metrics import Metrics
from bot.settings import load_settings
from store.db import make_sessionmaker
from store.models import ConversationState, Event, InboundMessage, OutboxMessage, Person, Role, Unit
from store.units import key_concept

UNITS = ("区教育局", "区民政局", "区卫健委", "区文旅局", "区统计局", "区人社局", "区城管局", "区档案馆")
PEOPLE = (
    # who, name, unit, role
    ("zhangsan", "张三", "区教育局", Role.LIAISON),
    ("lisi", "李四", "区民政局", Role.LIAISON),
    ("wangwu", "王五", None, Role.OFFICE),
    ("zhaoliu", "赵六", "区教育局", Role.DIRECTOR),
    ("qianqi", "钱七", "区卫健委", Role.LIAISON),
    ("wushi", "吴十", None, Role.PROPAGANDA),  # 宣传部: copied on cancellations and new topics
)
NAMES = {who: name for who, name, _, _ in PEOPLE}


async def seed(engine: AsyncEngine, platform: str, user_id=lambda who: who) -> None:
    """The units and the directory, on the messenger under test."""
    async with make_sessionmaker(engine)() as s, s.begin():
        units = {name: Unit(name=name, aliases=[], level="区", is_key=key_concept(name) is not None)
                 for name in UNITS}
        s.add_all(units.values())
        await s.flush()
        s.add_all(Person(platform=platform, user_id=user_id(who), name=name, role=role,
                         unit_id=units[unit].id if unit else None, active=True)
                  for who, name, unit, role in PEOPLE)


class ScriptBot:
    """What every way of talking shares: the script's words and the register."""

    platform: str  # wecom / dingtalk / core
    clock: FakeClock
    engine: AsyncEngine  # the test's own connection to the bot's database

    async def talk(self, user: str, text: str, *, chat: str | None = None, mentioned: bool = True,
                   message_id: str | None = None) -> list[str]:
        raise NotImplementedError

    async def say(self, user: str, text: str, **kwargs: Any) -> str:
        return "\n".join(await self.talk(user, text, **kwargs))

    def sent(self) -> list[str]:
        """Every message the bot sent, to anyone."""
        raise NotImplementedError

    def user_id(self, who: str) -> str:
        return who

    def chat_id(self, user: str, chat: str | None) -> str:
        return chat or user

    @property
    def reply_limit(self) -> int:
        """Bytes one message may carry on this platform."""
        return MAX_BYTES["wecom"]

    # -- the register -------------------------------------------------------------------------
    async def events(self) -> list[Event]:
        async with make_sessionmaker(self.engine)() as s:
            return list((await s.execute(select(Event).order_by(Event.id))).scalars())

    async def one(self, model, **where):
        async with make_sessionmaker(self.engine)() as s:
            return (await s.execute(select(model).filter_by(**where))).scalars().first()

    async def all(self, model, **where) -> list:
        async with make_sessionmaker(self.engine)() as s:
            return list((await s.execute(select(model).filter_by(**where))).scalars())

    async def person(self, who: str) -> Person | None:
        return await self.one(Person, user_id=self.user_id(who))

    async def form(self, who: str, chat: str | None = None) -> ConversationState | None:
        """The open form (or choice) of ``who`` in that chat."""
        user = self.user_id(who)
        return await self.one(ConversationState, user_id=user, chat_id=self.chat_id(user, chat))


class CoreBot(ScriptBot):
    """The production path without a platform in front: the Inbox stores the message and runs
    the conversation ``build_core`` makes in its transaction; the replies are read back from the
    outbox rows it queued. ``channel`` names the platform the messages claim to come from."""

    platform = "core"

    def __init__(self, engine: AsyncEngine, clock: FakeClock, channel: str = "wecom",
                 settings: dict[str, str] | None = None) -> None:
        self.engine, self.clock, self.channel = engine, clock, channel
        self.settings = load_settings(settings or {})
        lock = WriteLock() if engine.dialect.name == "sqlite" else None
        self.db = Database(engine, make_sessionmaker(engine), lock)
        self.inbox = self._inbox()
        self.pushed: list[tuple[str, str]] = []
        self.everything: list[str] = []
        self._ids = itertools.count(1)

    def _inbox(self) -> Inbox:
        core = build_core(self.settings, self.clock)
        return Inbox(self.db, self.clock, Metrics(), core)

    @property
    def ctx(self) -> Any:
        """The conversation (its locks, its unit directory)."""
        return self.inbox.dispatch

    @property
    def reply_limit(self) -> int:
        return MAX_BYTES[self.channel]

    def incoming(self, user: str, text: str, *, chat: str | None = None, mentioned: bool = True,
                 message_id: str | None = None) -> Incoming:
        return Incoming(platform=self.channel, chat_id=chat, chat_type=GROUP if chat else SINGLE,
                        user_id=user, user_name=None, text=text,
                        message_id=message_id or f"m{next(self._ids)}", mentioned=mentioned)

    async def talk(self, user: str, text: str, **kwargs: Any) -> list[str]:
        return await self.send(self.incoming(user, text, **kwargs))

    async def send(self, incoming: Incoming) -> list[str]:
        row_id = await self.inbox.accept(incoming)
        if row_id is None:  # a duplicate: stored once, answered once
            return []
        return await self.handle(row_id)

    async def handle(self, row_id: int) -> list[str]:
        """Handle the stored message ``row_id``; its replies to the chat, in order."""
        await self.inbox.handle(row_id)
        keys = or_(OutboxMessage.idempotency_key.like(f"reply:{row_id}:%"),
                   OutboxMessage.idempotency_key.like(f"notify:{row_id}:%"))
        async with self.db.sessions() as s:
            rows = list(await s.scalars(select(OutboxMessage).where(keys).order_by(OutboxMessage.id)))
        own = [r.body for r in rows if r.idempotency_key.startswith("reply:")]
        pushes = [(r.target["user_id"], r.body) for r in rows if r.idempotency_key.startswith("notify:")]
        self.everything += own + [text for _, text in pushes]
        self.pushed += pushes
        return own

    def pushes_to(self, who: str) -> list[str]:
        return [text for user, text in self.pushed if user == who]

    def sent(self) -> list[str]:
        return list(self.everything)

    async def restart(self) -> None:
        """A new process: new conversation (locks, caches) on the same database."""
        self.inbox = self._inbox()


class RouteBot(ScriptBot):
    """The real app behind its real routes; the messenger is a fake platform on 127.0.0.1.
    Handling and delivery run when a message is posted (``background=False``: no sleeps)."""

    def __init__(self, messenger: Any, env: dict[str, str], engine: AsyncEngine, clock: FakeClock) -> None:
        self.messenger, self.env, self.engine, self.clock = messenger, env, engine, clock
        self.platform = messenger.platform
        self.client: TestClient | None = None
        self._ids = itertools.count(1)
        self._taken: set[int] = set()  # deliveries already returned as someone's replies

    @property
    def app(self):
        return self.client.app

    @property
    def reply_limit(self) -> int:
        return MAX_BYTES[self.platform]

    def user_id(self, who: str) -> str:
        return self.messenger.user_id(who)

    def chat_id(self, user: str, chat: str | None) -> str:
        return self.messenger.chat_id(user, chat)

    async def start(self) -> None:
        app = create_app(load_settings(self.env), clock=self.clock, background=False)
        self.client = TestClient(TestServer(app))
        await self.client.start_server()

    async def stop(self) -> None:
        if self.client is not None:
            await self.client.close()
            self.client = None

    async def restart(self) -> None:
        """Stop the server, then start a new app (new process state) on the same database."""
        await self.stop()
        await self.start()

    async def talk(self, who: str, text: str, *, chat: str | None = None, mentioned: bool = True,
                   message_id: str | None = None) -> list[str]:
        user = self.user_id(who)
        start = len(self.messenger.fake.sent)
        posted = await self.messenger.post(self.client, self.clock.now(), user, text,
                                           name=NAMES.get(who, who), chat=chat, mentioned=mentioned,
                                           message_id=message_id or f"{self.platform}-{next(self._ids)}")
        if not posted:
            return []
        await self.settle()
        return self._take(start, self.messenger.reply_places(user, chat))

    async def procedure_round(self, **kwargs: Any):
        """One round of the procedure's timed work (packs, reminders) as of now, then delivery."""
        from bot.app import SETTINGS
        from bot.procedure.config import procedure_of
        from bot.procedure.rounds import run_round

        report = await run_round(self.app[DB].sessions, self.clock.now(), procedure_of(self.app[SETTINGS]), **kwargs)
        await self.settle()
        return report

    async def send_file(self, who: str, filename: str, content: bytes, content_type: str, *,
                        msg_type: str = "file") -> str:
        """``who`` sends a file (or an image, a video) one-to-one; the bot's answer."""
        user = self.user_id(who)
        start = len(self.messenger.fake.sent)
        await self.messenger.post_media(self.client, self.clock.now(), user, msg_type=msg_type, filename=filename,
                                        content=content, content_type=content_type,
                                        message_id=f"{self.platform}-{next(self._ids)}")
        await self.settle()
        return "\n".join(self._take(start, self.messenger.reply_places(user, None)))

    async def settle(self) -> None:
        """Handle what was accepted, send what is due, and make sure nothing got stuck."""
        await self.app[INBOX].drain()
        await self.app[WORKER].tick()
        await self._check_delivered(self.clock.now())

    def _take(self, start: int, places: set) -> list[str]:
        replies = []
        for i, d in enumerate(self.messenger.deliveries()[start:], start):
            if i not in self._taken and (d.chat, d.user) in places:
                self._taken.add(i)
                replies.append(d.text)
        return replies

    def pushes_to(self, who: str) -> list[str]:
        """What reached ``who`` privately that was no reply to their own message."""
        user = self.user_id(who)
        return [d.text for i, d in enumerate(self.messenger.deliveries())
                if i not in self._taken and d.chat is None and d.user == user]

    def sent(self) -> list[str]:
        """Everything the platform accepted from the bot, to anyone."""
        return [d.text for d in self.messenger.deliveries()]

    async def _check_delivered(self, now: datetime) -> None:
        """A failed handling or a reply that could not be sent is a failure, not a silence."""
        async with self.app[DB].sessions() as s:
            failed = list(await s.scalars(select(InboundMessage).where(InboundMessage.status == "failed")))
            stuck = list(await s.scalars(select(OutboxMessage).where(or_(
                OutboxMessage.status == "dead",
                and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at > now)))))
        assert not failed, [(m.text, m.error) for m in failed]
        assert not stuck, [(m.idempotency_key, m.status, m.last_error) for m in stuck]
        too_long = [d.text[:40] for d in self.messenger.deliveries() if byte_len(d.text) > MAX_BYTES[d.channel]]
        assert not too_long, too_long
