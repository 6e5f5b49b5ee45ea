"""Through the real routes: signed platform requests in, the conversation, replies at the fake APIs.

The app runs the conversation ``build_core`` makes (in the Inbox's transaction, notifications
to the office queued as pushes in it).
"""
from __future__ import annotations

import json

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import INBOX, create_app
from bot.settings import load_settings
from store.db import make_engine, make_sessionmaker
from store.models import Event, Person, Role, Unit
from tests.channels.conftest import CORP_ID, Bot, bot_env, create_schema
from tests.fakes.messenger import dingtalk_headers, dingtalk_text, wecom_text_xml

PEOPLE = (("wecom", "zhangsan", "张三", Role.LIAISON), ("wecom", "wangwu", "王五", Role.OFFICE),
          ("dingtalk", "staff1", "钉钉联络员", Role.LIAISON), ("dingtalk", "boss", "钉钉办公室", Role.OFFICE))


async def seed(url: str) -> None:
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as s, s.begin():
        unit = Unit(name="区教育局", aliases=[], is_key=True)
        s.add(unit)
        await s.flush()
        s.add_all(Person(platform=p, user_id=u, name=n, role=r, unit_id=None if r == Role.OFFICE else unit.id)
                  for p, u, n, r in PEOPLE)
    await engine.dispose()


@pytest.fixture
async def running(clock, tmp_path, wecom_api, dingtalk):
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    settings = load_settings(bot_env(url, wecom_api, dingtalk))
    await create_schema(url, people=False)
    await seed(url)
    client = TestClient(TestServer(create_app(settings, clock=clock)))
    await client.start_server()
    yield Bot(client.app, client, clock)
    await client.close()


async def events(bot: Bot) -> list[Event]:
    from sqlalchemy import select

    from bot.app import DB

    async with bot.app[DB].sessions() as s:
        return list(await s.scalars(select(Event)))


async def wecom_say(bot: Bot, user: str, content: str, msg_id: str):
    xml = wecom_text_xml(user=user, content=content, msg_id=msg_id, create_time=bot.now_s, corp_id=CORP_ID)
    query, body = bot.wecom.app_post(xml, bot.now_s, nonce=msg_id)
    resp = await bot.client.post("/wecom/callback", params=query, data=body)
    assert resp.status == 200
    await bot.settle()


async def test_wecom_register_then_postpone_tells_the_office(running, wecom_api):
    await wecom_say(running, "zhangsan", "我局5月中旬开招生发布会", "5001")
    await wecom_say(running, "zhangsan", "我局5月中旬开招生发布会", "5001")  # a retry

    [registered] = wecom_api.sent
    assert registered.body["touser"] == "zhangsan"
    assert "已登记" in registered.content and "2026年5月中旬（具体日期待定）" in registered.content
    assert len(await events(running)) == 1

    await wecom_say(running, "zhangsan", "我局5月的发布会推迟到8月下旬", "5002")

    to = {s.body["touser"]: s.content for s in wecom_api.sent[1:]}
    assert "已改期" in to["zhangsan"] and "延期超过一个月" in to["wangwu"]
    assert len(running.app[INBOX].dispatch.locks) == 0  # each key's lock ended with the Inbox's transaction


async def test_dingtalk_register_through_the_session_webhook(running, dingtalk):
    payload = dingtalk_text(user="staff1", content="我局5月中旬开招生发布会", msg_id="d-1",
                            created_ms=int(running.clock.now().timestamp() * 1000),
                            session_webhook=dingtalk.session_url())
    for _ in range(2):
        headers = dingtalk_headers(dingtalk.app_secret, int(running.clock.now().timestamp() * 1000))
        resp = await running.client.post("/dingtalk/callback", headers=headers,
                                         data=json.dumps(payload, ensure_ascii=False).encode())
        assert resp.status == 200
    await running.settle()

    [sent] = dingtalk.sent
    assert sent.api == "session" and "已登记" in sent.content and "招生" in sent.content
    [event] = await events(running)
    assert event.unit.name == "区教育局"
