"""The engine, sessions, and the write lock that keeps SQLite writers in a fair queue.

``is_transient`` says which database errors are worth another try (a lock, a serialization
failure or deadlock, a lost connection) as opposed to a defect.
"""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from store.db import make_engine, make_sessionmaker

# SQLite's messages, PostgreSQL's SQLSTATEs: serialization_failure, deadlock_detected,
# lock_not_available, the connection-exception class, admin/crash shutdown, too many connections
SQLITE_TRANSIENT = ("database is locked", "database table is locked", "database is busy")
PG_TRANSIENT = {"40001", "40P01", "55P03", "57P01", "57P02", "57P03", "53300"}


def is_transient(exc: BaseException) -> bool:
    """A failure that another try after a pause may not meet again."""
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        orig = exc.orig
        state = str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")
        if state in PG_TRANSIENT or state.startswith("08"):
            return True
        text = str(orig).lower()
        if any(m in text for m in SQLITE_TRANSIENT) or "connection" in text and "closed" in text:
            return True
        return isinstance(exc, sa_exc.InterfaceError)
    if isinstance(exc, sa_exc.TimeoutError | ConnectionError | TimeoutError):
        return True
    cause = exc.__cause__ or exc.__context__
    return cause is not None and cause is not exc and is_transient(cause)


@dataclass
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker
    # SQLite has one writer; waiting on an asyncio lock is fair and cheap, while waiting in
    # SQLite's busy handler sleeps in coarse steps and shows up as acknowledgement latency.
    write_lock: asyncio.Lock | None
    # SQLite: readers that never write begin deferred, so they never take the write lock
    read_engine: AsyncEngine | None = None
    _reads: async_sessionmaker | None = field(default=None, repr=False)

    @classmethod
    def open(cls, url: str) -> Database:
        engine = make_engine(url)
        if engine.dialect.name != "sqlite":
            return cls(engine, make_sessionmaker(engine), None)
        reader = make_engine(url, immediate=False)
        return cls(engine, make_sessionmaker(engine), asyncio.Lock(), reader, make_sessionmaker(reader))

    @property
    def read_sessions(self) -> async_sessionmaker:
        return self._reads or self.sessions

    def reading(self) -> AsyncSession:
        """A session for reads only (on SQLite it never blocks or waits for writers)."""
        return (self._reads or self.sessions)()

    def writer(self) -> contextlib.AbstractAsyncContextManager:
        return self.write_lock if self.write_lock is not None else contextlib.nullcontext()

    @contextlib.asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed under the write lock."""
        async with self.writer(), self.sessions() as session, session.begin():
            yield session

    async def close(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not None:
            await self.read_engine.dispose()


async def migrate(url: str) -> None:
    """Bring the schema up to date (Alembic, ``store.migrate``) from inside a running loop."""
    from store.migrate import upgrade

    # alembic's async env runs its own event loop: keep it off ours
    await asyncio.to_thread(upgrade, url)
