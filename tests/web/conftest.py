"""The web side under test: the real app (inbox, conversation, outbox) with a fixed clock.

``site`` is the app on an aiohttp test client, with the demo data loaded, no messenger channel
(so the playground is on), handling and delivery run explicitly by ``settle()``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.app import DB, INBOX, WORKER, create_app
from bot.clock import FakeClock
from bot.settings import load_settings
from store.db import make_sessionmaker
from store.models import Event, Person

SECRET = "pressbot-test-secret"
ADMIN_TOKEN = "pressbot-admin-token"


@dataclass
class Site:
    app: Any
    client: TestClient
    clock: FakeClock

    async def settle(self) -> None:
        """Handle what was said, then deliver what is due (the background loops' work, now)."""
        await self.app[INBOX].drain()
        await self.app[WORKER].tick()

    async def sign_in(self) -> None:
        resp = await self.client.post("/admin/signin", data={"token": ADMIN_TOKEN}, allow_redirects=False)
        assert resp.status == 303
        # the session's form token, as the dashboard's forms carry it (bot.web.auth)
        page = await (await self.client.get("/admin")).text()
        token = re.search(r'name="csrf" value="([^"]+)"', page)
        assert token is not None, "the signed-in page has no form token"
        self.client.session.headers["X-CSRF-Token"] = token.group(1)

    async def text(self, path: str, status: int = 200) -> str:
        resp = await self.client.get(path)
        body = await resp.text()
        assert resp.status == status, body[:500]
        return body

    def sessions(self):
        return self.app[DB].sessions()

    async def count(self, model=Event, **where) -> int:
        async with self.sessions() as s:
            return await s.scalar(select(func.count()).select_from(model).filter_by(**where))

    async def person(self, user_id: str) -> Person:
        async with self.sessions() as s:
            return await s.scalar(select(Person).where(Person.user_id == user_id))


def site_env(db_url: str, **extra: str) -> dict[str, str]:
    return {"PRESSBOT_DATABASE_URL": db_url, "PRESSBOT_SECRET_KEY": SECRET,
            "PRESSBOT_ADMIN_TOKEN": ADMIN_TOKEN, **extra}


async def load_demo_data(engine, clock: FakeClock, *, living: bool = True) -> None:
    """``pressbot demo`` as of the clock; ``living=False``: the plans alone, every event planned."""
    from bot.demo import load_demo

    async with make_sessionmaker(engine)() as s, s.begin():
        await load_demo(s, now=clock.now(), living=living)


@pytest.fixture
async def start_site(clock, engine, db_url):
    """``await start_site(demo=True, living=True, **env)`` → a running Site on the test database."""
    clients: list[TestClient] = []

    async def start(*, demo: bool = True, living: bool = True, **env: str) -> Site:
        if demo:
            await load_demo_data(engine, clock, living=living)
        app = create_app(load_settings(site_env(db_url, **env)), clock=clock,
                         background=False)
        client = TestClient(TestServer(app))
        await client.start_server()
        clients.append(client)
        return Site(app, client, clock)

    yield start
    for client in clients:
        await client.close()


@pytest.fixture
async def site(start_site) -> Site:
    return await start_site()
