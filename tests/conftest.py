"""Shared fixtures: databases (SQLite file and the machine's PostgreSQL), a fixed clock.

PostgreSQL tests get a database of their own (created for the test session, dropped after),
so that several test runs on one server never see each other's rows. Without a server they
are skipped with the reason shown; with PRESSBOT_REQUIRE_SERVICES=1 (set by .ci/run) a
missing server is a failure instead.
"""
from __future__ import annotations

import asyncio
import os
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from bot.clock import DEFAULT_TZ, FakeClock

DATA = Path(__file__).parent / "data"
PG_ADMIN_URL = os.environ.get(
    "PRESSBOT_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REQUIRE_SERVICES = os.environ.get("PRESSBOT_REQUIRE_SERVICES") == "1"


@pytest.fixture(autouse=True)
def private_database(tmp_path_factory, monkeypatch) -> str:
    """Every command run by a test (in process or as a child) uses a database of its own.

    README's run command leaves ``pressbot.db`` (the default URL) in the working directory; no
    test may read it or write there. The file is not created here: a test that needs one makes it.
    """
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'pressbot.db'}"
    monkeypatch.setenv("PRESSBOT_DATABASE_URL", url)
    return url


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ))


async def _pg_execute(url: str, sql: str) -> None:
    import asyncpg

    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn, timeout=3)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_url():
    """URL of a fresh PostgreSQL database for this test session."""
    name = f"pressbot_t_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        asyncio.run(_pg_execute(PG_ADMIN_URL, f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        reason = f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"
        if REQUIRE_SERVICES:
            pytest.fail(reason)
        pytest.skip(reason)
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    try:
        asyncio.run(_pg_execute(PG_ADMIN_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    except Exception:  # noqa: BLE001
        pass


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A database URL on each backend; the schema is left to the test (or ``engine``)."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'pressbot.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
async def engine(db_url):
    """An engine on an empty, freshly created schema."""
    from store.db import make_engine
    from store.models import Base

    eng = make_engine(db_url)
    async with eng.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
    yield eng
    await eng.dispose()


@pytest.fixture
async def session(engine):
    from store.db import make_sessionmaker

    async with make_sessionmaker(engine)() as s:
        yield s


# The fake WeCom and DingTalk API servers, as fixtures for every test package.
from tests.channels.conftest import dingtalk as dingtalk  # noqa: E402
from tests.channels.conftest import wecom_api as wecom_api  # noqa: E402
