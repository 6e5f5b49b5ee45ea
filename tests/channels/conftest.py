"""Fixtures for the channel tests: fake platforms, a running bot, and signers of real requests."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.app import DB, INBOX, METRICS, WORKER, create_app
from bot.clock import FakeClock
from bot.settings import load_settings
from store.models import Base, InboundMessage, OutboxMessage
from tests.fakes.dingtalk_api import FakeDingTalk
from tests.fakes.messenger import WeComSigner
from tests.fakes.wecom_api import FakeWeComAPI

CORP_ID = "wwcorp"
AGENT_ID = 1000002
TOKEN = "pressbot-callback-token"
AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
BOT_TOKEN = "pressbot-aibot-token"
BOT_AES_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"


@pytest.fixture
async def wecom_api():
    async with FakeWeComAPI(corp_id=CORP_ID) as fake:
        yield fake


@pytest.fixture
async def dingtalk():
    async with FakeDingTalk() as fake:
        yield fake


def bot_env(db_url: str, wecom_api: FakeWeComAPI | None = None, dingtalk: FakeDingTalk | None = None,
            *, dingtalk_mode: str = "http", **extra: str) -> dict[str, str]:
    env = {"PRESSBOT_DATABASE_URL": db_url}
    if wecom_api is not None:
        env.update(PRESSBOT_WECOM_CORP_ID=CORP_ID, PRESSBOT_WECOM_AGENT_ID=str(AGENT_ID),
                   PRESSBOT_WECOM_SECRET=wecom_api.secret, PRESSBOT_WECOM_TOKEN=TOKEN,
                   PRESSBOT_WECOM_AES_KEY=AES_KEY, PRESSBOT_WECOM_API_BASE=wecom_api.url,
                   PRESSBOT_WECOM_BOT_TOKEN=BOT_TOKEN, PRESSBOT_WECOM_BOT_AES_KEY=BOT_AES_KEY,
                   PRESSBOT_WECOM_WEBHOOK_KEY=wecom_api.webhook_key)
    if dingtalk is not None:
        env.update(PRESSBOT_DINGTALK_APP_KEY=dingtalk.app_key,
                   PRESSBOT_DINGTALK_APP_SECRET=dingtalk.app_secret,
                   PRESSBOT_DINGTALK_MODE=dingtalk_mode, PRESSBOT_DINGTALK_API_BASE=dingtalk.url,
                   PRESSBOT_DINGTALK_OAPI_BASE=dingtalk.url,
                   PRESSBOT_DINGTALK_WEBHOOK_TOKEN=dingtalk.robot_token,
                   PRESSBOT_DINGTALK_WEBHOOK_SECRET=dingtalk.robot_secret)
    return {**env, **extra}


@dataclass
class Bot:
    app: Any
    client: TestClient
    clock: FakeClock
    wecom = WeComSigner(TOKEN, AES_KEY, CORP_ID)
    aibot = WeComSigner(BOT_TOKEN, BOT_AES_KEY, "")

    @property
    def now_s(self) -> int:
        return int(self.clock.now().timestamp())

    @property
    def metrics(self):
        return self.app[METRICS]

    async def settle(self) -> None:
        """Wait for handling to finish, then for one outbox pass over what is due."""
        await self.app[INBOX].drain()
        await self.app[WORKER].tick()

    async def count(self, model=InboundMessage, **where: Any) -> int:
        async with self.app[DB].sessions() as session:
            query = select(func.count()).select_from(model).filter_by(**where)
            return await session.scalar(query)

    async def outbox(self) -> list[OutboxMessage]:
        async with self.app[DB].sessions() as session:
            return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


# The directory people who write in the channel tests: a liaison of 区教育局 on each platform.
DIRECTORY = (("wecom", "zhangsan", "张三"), ("wecom", "wangwu", "王五"), ("dingtalk", "staff2", "李四"))


async def create_schema(db_url: str, *, people: bool = True) -> None:
    from store.db import make_engine
    from store.models import Person, Unit

    engine = make_engine(db_url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
        if people:
            unit_id = (await conn.execute(Unit.__table__.insert().values(
                name="区教育局", aliases=[], is_key=True))).inserted_primary_key[0]
            await conn.execute(Person.__table__.insert(), [
                {"platform": p, "user_id": u, "name": n, "unit_id": unit_id, "role": "liaison",
                 "active": True} for p, u, n in DIRECTORY])
    await engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
async def start_bot(clock):
    """``await start_bot(env, senders=...)`` → a running Bot; stopped after the test."""
    started: list[TestClient] = []

    async def start(env: dict[str, str], **kwargs: Any) -> Bot:
        settings = load_settings(env)
        await create_schema(settings.database_url)
        kwargs.setdefault("background", False)  # the test drives handling and delivery
        app = create_app(settings, clock=clock, **kwargs)
        client = TestClient(TestServer(app))
        await client.start_server()
        started.append(client)
        return Bot(app, client, clock)

    yield start
    for client in started:
        await client.close()


@pytest.fixture
async def bot(start_bot, sqlite_url, wecom_api, dingtalk) -> Bot:
    return await start_bot(bot_env(sqlite_url, wecom_api, dingtalk))
