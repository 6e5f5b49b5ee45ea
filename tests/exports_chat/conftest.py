"""Exports asked for in chat, through the real routes: the bot against the fake WeCom and
DingTalk servers, a small register with held and planned events, people who ask."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.clock import DEFAULT_TZ
from bot.settings import load_settings
from store.db import make_engine, make_sessionmaker
from store.models import Event, Person, Role, Status, Unit
from tests.channels.conftest import CORP_ID, Bot, bot_env, create_schema
from tests.fakes.dingtalk_api import FakeDingTalk
from tests.fakes.messenger import aibot_text, dingtalk_headers, dingtalk_text, wecom_text_xml

PEOPLE = (("wecom", "wangwu", "王五", Role.OFFICE), ("wecom", "zhangsan", "张三", Role.LIAISON),
          ("dingtalk", "boss", "钉钉办公室", Role.OFFICE), ("dingtalk", "staff1", "钉钉联络员", Role.LIAISON))


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=DEFAULT_TZ)


@dataclass(frozen=True)
class Planned:
    unit: str
    kind: str
    topic: str
    window: tuple[date, date]
    status: str
    start_at: datetime | None = None


# The register on 2026-04-14: two events held in the first half, one held last year, two to come.
REGISTER = (
    Planned("区教育局", "press_conference", "春季招生政策发布会", (date(2026, 3, 1), date(2026, 3, 31)),
            Status.HELD, local(2026, 3, 10, 15, 0)),
    Planned("区民政局", "online_interview", "养老服务在线访谈", (date(2026, 2, 1), date(2026, 2, 28)),
            Status.REPORTED, local(2026, 2, 5, 9, 30)),
    Planned("区教育局", "press_conference", "去年的发布会", (date(2025, 11, 1), date(2025, 11, 30)),
            Status.HELD, local(2025, 11, 20, 10, 0)),
    Planned("区民政局", "press_conference", "社区服务发布会", (date(2026, 5, 11), date(2026, 5, 20)),
            Status.PLANNED),
    Planned("区教育局", "online_interview", "暑期安全在线访谈", (date(2026, 7, 1), date(2026, 7, 31)),
            Status.PLANNED),
)
HELD_TOPICS_H1 = {"春季招生政策发布会", "养老服务在线访谈"}


async def seed(url: str, now: datetime) -> dict[str, int]:
    """People and the register; the events' ids by topic."""
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as s, s.begin():
        units = {name: Unit(name=name, aliases=[], is_key=True) for name in ("区教育局", "区民政局")}
        s.add_all(units.values())
        await s.flush()
        s.add_all(Person(platform=p, user_id=u, name=n, role=r, active=True,
                         unit_id=None if r == Role.OFFICE else units["区教育局"].id)
                  for p, u, n, r in PEOPLE)
        events = [Event(kind=e.kind, unit_id=units[e.unit].id, topic=e.topic, window_start=e.window[0],
                        window_end=e.window[1], start_at=e.start_at, status=e.status,
                        created_at=now, updated_at=now) for e in REGISTER]
        s.add_all(events)
        await s.flush()
        ids = {e.topic: e.id for e in events}
    await engine.dispose()
    return ids


@dataclass
class ChatBot(Bot):
    """The running bot, and people who write to it on each platform."""

    ids: dict[str, int] = None  # type: ignore[assignment]
    dingtalk: FakeDingTalk = None  # type: ignore[assignment]
    _serial: int = 0

    def _next_id(self) -> str:
        self._serial += 1
        return f"{self.now_s}{self._serial:03d}"

    async def wecom_says(self, user: str, content: str) -> None:
        msg_id = self._next_id()
        xml = wecom_text_xml(user=user, content=content, msg_id=msg_id, create_time=self.now_s, corp_id=CORP_ID)
        query, body = self.wecom.app_post(xml, self.now_s, nonce=msg_id)
        resp = await self.client.post("/wecom/callback", params=query, data=body)
        assert resp.status == 200

    async def dingtalk_says(self, user: str, content: str, *, group: bool = False) -> None:
        ms = int(self.clock.now().timestamp() * 1000)
        payload = dingtalk_text(user=user, content=content, msg_id=f"d-{self._next_id()}", created_ms=ms,
                                session_webhook=self.dingtalk.session_url(), group=group)
        resp = await self.client.post("/dingtalk/callback", headers=dingtalk_headers(self.dingtalk.app_secret, ms),
                                      data=json.dumps(payload, ensure_ascii=False).encode())
        assert resp.status == 200

    async def aibot_says(self, user: str, content: str, response_url: str) -> None:
        message = aibot_text(user=user, content=content, msg_id=f"ai-{self._next_id()}", response_url=response_url)
        query, body = self.aibot.aibot_post(message, self.now_s, nonce=self._next_id())
        resp = await self.client.post("/wecom/aibot", params=query, data=body)
        assert resp.status == 200


@pytest.fixture
async def start(clock, wecom_api, dingtalk):
    """``await start(url, seeded=True)`` → a running ChatBot on ``url``; all stopped after the test."""
    clients: list[TestClient] = []

    async def run(url: str, *, seeded: bool = True, ids: dict[str, int] | None = None) -> ChatBot:
        if seeded:
            await create_schema(url, people=False)
            ids = await seed(url, clock.now())
        settings = load_settings(bot_env(url, wecom_api, dingtalk, PRESSBOT_SECRET_KEY="test-signing-key"))
        client = TestClient(TestServer(create_app(settings, clock=clock, background=False)))
        await client.start_server()
        clients.append(client)
        return ChatBot(client.app, client, clock, ids=ids or {}, dingtalk=dingtalk)

    yield run
    for client in clients:
        await client.close()


@pytest.fixture
async def bot(start, tmp_path) -> ChatBot:
    return await start(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")


def by_topic(rows: list[dict[str, Any]]) -> set[str]:
    """Topics of a statistics sheet's rows (the interview sheet calls the column 访谈主题)."""
    return {str(row.get("发布主题", row.get("访谈主题"))) for row in rows}
