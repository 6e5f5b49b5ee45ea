"""Conversation scripts: a fixed clock, a small directory, and people who say things.

``bot`` (see ``tests.conversation.bots``) runs each script three times: through the real WeCom
routes, through the real DingTalk routes (both on SQLite, replies read at the fake platform),
and straight into the conversation core on PostgreSQL. ``@pytest.mark.transports("dingtalk")``
narrows a script to the ways it makes sense for. ``core`` is the conversation core alone on
both databases, for tests about the core itself (races, stale writes, the console).
"""
from __future__ import annotations

import pytest

from store.db import make_engine
from store.models import Base
from tests.channels.conftest import bot_env
from tests.conversation.bots import CoreBot, RouteBot, seed
from tests.conversation.messengers import DingTalkFake, DingTalkMessenger, WeComFake, WeComMessenger

TRANSPORTS = ("wecom", "dingtalk", "postgresql")
MESSENGERS = {"wecom": (WeComFake, WeComMessenger), "dingtalk": (DingTalkFake, DingTalkMessenger)}


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "transports(*names): run a conversation script only this way")
    config.addinivalue_line("markers", "settings(**env): PRESSBOT_* settings of the bot under test")


def pytest_generate_tests(metafunc) -> None:
    if "bot" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("transports")
        metafunc.parametrize("transport", marker.args if marker else TRANSPORTS, indirect=True)


@pytest.fixture
def transport(request) -> str:
    return request.param


@pytest.fixture
def bot_db_url(transport, request, tmp_path) -> str:
    # a plain fixture: pg_url creates its database with asyncio.run, outside the test's loop
    if transport == "postgresql":
        return request.getfixturevalue("pg_url")
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"


async def fresh_engine(url: str):
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
    return engine


@pytest.fixture
async def bot(transport, bot_db_url, clock, request):
    marker = request.node.get_closest_marker("settings")
    extra = dict(marker.kwargs) if marker else {}
    engine = await fresh_engine(bot_db_url)
    if transport == "postgresql":
        await seed(engine, "wecom")
        yield CoreBot(engine, clock, settings=extra)
        await engine.dispose()
        return
    fake_type, messenger_type = MESSENGERS[transport]
    async with fake_type() as fake:
        messenger = messenger_type(fake)
        await seed(engine, transport, messenger.user_id)
        env = {**bot_env(bot_db_url, **{"wecom_api" if transport == "wecom" else "dingtalk": fake}), **extra}
        running = RouteBot(messenger, env, engine, clock)
        await running.start()
        try:
            yield running
        finally:
            await running.stop()
            await engine.dispose()


@pytest.fixture
async def core(engine, clock) -> CoreBot:
    """The conversation core on SQLite and PostgreSQL (``engine`` from tests/conftest.py)."""
    await seed(engine, "wecom")
    return CoreBot(engine, clock)
