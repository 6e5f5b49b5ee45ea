"""The engine, sessions, and the write lock that keeps SQLite writers in a fair queue."""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from store.db import make_engine, make_sessionmaker


@dataclass
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker
    # SQLite has one writer; waiting on an asyncio lock is fair and cheap, while waiting in
    # SQLite's busy handler sleeps in coarse steps and shows up as acknowledgement latency.
    write_lock: asyncio.Lock | None

    @classmethod
    def open(cls, url: str) -> Database:
        engine = make_engine(url)
        lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None
        return cls(engine, make_sessionmaker(engine), lock)

    def writer(self) -> contextlib.AbstractAsyncContextManager:
        return self.write_lock if self.write_lock is not None else contextlib.nullcontext()

    @contextlib.asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed under the write lock."""
        async with self.writer(), self.sessions() as session, session.begin():
            yield session

    async def close(self) -> None:
        await self.engine.dispose()


async def migrate(url: str) -> None:
    """Bring the schema up to date (Alembic, ``store.migrate``) from inside a running loop."""
    from store.migrate import upgrade

    # alembic's async env runs its own event loop: keep it off ours
    await asyncio.to_thread(upgrade, url)
