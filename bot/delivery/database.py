"""The engine, sessions, and the write lock that keeps SQLite writers in a fair queue.

``is_transient`` says which database errors are worth another try (a lock, a serialization
failure or deadlock, a lost connection) as opposed to a defect.

Handling a message reads much and writes a little at the end. On SQLite its session
(``Database.handling``) reads outside any transaction and takes the write lock only at its
first write (``LazyWriter``): the in-process lock, then ``BEGIN IMMEDIATE``, released at
COMMIT or ROLLBACK. So an acknowledgement waits for a handling's few writes, never for its
reading and thinking, and several messages are handled at once. The reads before the first
write are not one snapshot, as on PostgreSQL at READ COMMITTED; what depends on them is
checked again under the lock (the conversation state row's version, the inbound row's
status).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.util import await_only

from store.db import begin_immediate, make_engine, make_sessionmaker

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
    if isinstance(exc, StaleDataError):  # a row changed meanwhile (its version): read again
        return True
    if isinstance(exc, sqlite3.OperationalError):  # raised by begin_immediate as the driver's
        return any(m in str(exc).lower() for m in SQLITE_TRANSIENT)
    if isinstance(exc, sa_exc.TimeoutError | ConnectionError | TimeoutError):
        return True
    # ``raise … from None`` hides the context: a platform's network error re-raised as the
    # channel's TransientError is a failed try with backoff, not "our database was busy"
    cause = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return cause is not None and cause is not exc and is_transient(cause)


log = logging.getLogger("pressbot.database")


class WriteLock:
    """The process's turn at SQLite's one write lock, first come first served, except that
    an urgent waiter (an acknowledgement's insert) goes before every other: a platform waits
    for that answer, while a send or a reminder round can wait a few milliseconds more.

    Like ``asyncio.Lock`` (``async with``, ``acquire``, ``release``, ``locked``); a release
    hands the lock straight to the next waiter.
    """

    def __init__(self) -> None:
        self._held = False
        self._waiting: tuple[deque[asyncio.Future[None]], deque[asyncio.Future[None]]] = (deque(), deque())

    def locked(self) -> bool:
        return self._held

    async def acquire(self, urgent: bool = False) -> bool:
        if not self._held and not (self._waiting[0] or self._waiting[1]):
            self._held = True
            return True
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._waiting[0 if urgent else 1]
        queue.append(turn)
        try:
            await turn
        except BaseException:
            if turn.done() and not turn.cancelled():  # handed the lock, then cancelled: pass it on
                self.release()
            raise
        finally:
            with contextlib.suppress(ValueError):
                queue.remove(turn)
        return True

    def release(self) -> None:
        for queue in self._waiting:
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)  # still held: now by that waiter
                    return
        self._held = False

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self.release()

    @contextlib.asynccontextmanager
    async def urgent(self) -> AsyncIterator[None]:
        await self.acquire(urgent=True)
        try:
            yield
        finally:
            self.release()

HELD = "pressbot_write_lock_held"
PENDING = "pressbot_savepoints_pending"  # savepoints asked for before the first write
READS = ("SELECT", "PRAGMA")


class LazyWriter:
    """SQLite transactions that begin at their first write, under the process's write lock.

    The driver is in autocommit (``store.db``); this engine's "begin" emits nothing, so each
    read runs on its own. The first statement that is not a read acquires ``lock`` (awaited
    from inside SQLAlchemy's greenlet) and emits ``BEGIN IMMEDIATE``, then the savepoints
    asked for so far (a savepoint before any write marks nothing, so it waits); the
    transaction's end emits COMMIT or ROLLBACK itself and releases the lock right after it.
    """

    def __init__(self, lock: WriteLock) -> None:
        self.lock = lock

    def install(self, engine: AsyncEngine) -> None:
        sync = engine.sync_engine
        event.listen(sync, "before_cursor_execute", self._before)
        event.listen(sync, "commit", lambda conn: self._end(conn, "COMMIT"))
        event.listen(sync, "rollback", lambda conn: self._end(conn, "ROLLBACK"))
        event.listen(sync, "checkin", self._checkin)  # a transaction never ended (a cancelled task)
        dialect: Any = engine.dialect  # this engine's own dialect object
        savepoint, release, back = (dialect.do_savepoint, dialect.do_release_savepoint,
                                    dialect.do_rollback_to_savepoint)

        def do_savepoint(conn: Connection, name: str) -> None:
            if conn.info.get(HELD):
                savepoint(conn, name)
            else:
                conn.info.setdefault(PENDING, []).append(name)

        def do_release_savepoint(conn: Connection, name: str) -> None:
            pending = conn.info.get(PENDING) or []
            if name in pending:
                del pending[pending.index(name):]
            else:
                release(conn, name)

        def do_rollback_to_savepoint(conn: Connection, name: str) -> None:
            pending = conn.info.get(PENDING) or []
            if name in pending:  # nothing was written since
                del pending[pending.index(name) + 1:]
            else:
                back(conn, name)

        dialect.do_savepoint = do_savepoint
        dialect.do_release_savepoint = do_release_savepoint
        dialect.do_rollback_to_savepoint = do_rollback_to_savepoint

    def _before(self, conn: Connection, cursor: Any, statement: str, *_: Any) -> None:
        if conn.info.get(HELD) or statement.lstrip()[:6].upper().startswith(READS):
            return
        await_only(self.lock.acquire())
        conn.info[HELD] = True
        try:
            begin_immediate(conn.connection.dbapi_connection)
            for name in conn.info.pop(PENDING, []):
                cursor.execute(f'SAVEPOINT "{name}"')
        except BaseException:
            self._release(conn)
            raise

    def _end(self, conn: Connection, verb: str) -> None:
        if not conn.info.get(HELD):
            conn.info.pop(PENDING, None)
            return  # nothing written: the driver's commit or rollback has nothing to end
        try:
            dbapi = conn.connection.dbapi_connection
            if dbapi is not None and _in_transaction(dbapi):
                cursor = dbapi.cursor()
                try:
                    cursor.execute(verb)
                finally:
                    cursor.close()
        finally:
            self._release(conn)

    def _checkin(self, dbapi: Any, record: Any) -> None:
        if not record.info.get(HELD):
            return
        log.warning("a handling transaction was left open; rolled back and the write lock released")
        try:
            if _in_transaction(dbapi):
                dbapi.rollback()
        finally:
            self._release(record)

    def _release(self, holder: Connection | Any) -> None:
        """``holder``: the connection, or its pool record (they share ``info``)."""
        holder.info.pop(HELD, None)
        self.lock.release()


def _in_transaction(dbapi: Any) -> bool:
    inner = getattr(dbapi, "_connection", dbapi)  # SQLAlchemy's adapter around aiosqlite
    return bool(getattr(inner, "in_transaction", True))


@dataclass
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker
    # SQLite has one writer; waiting on an asyncio lock is fair and cheap, while waiting in
    # SQLite's busy handler sleeps in coarse steps and shows up as acknowledgement latency.
    write_lock: WriteLock | None
    # SQLite: readers that never write begin deferred, so they never take the write lock
    read_engine: AsyncEngine | None = None
    _reads: async_sessionmaker | None = field(default=None, repr=False)
    # SQLite: handling sessions that take the write lock at their first write (LazyWriter)
    handling_engine: AsyncEngine | None = None
    _handling: async_sessionmaker | None = field(default=None, repr=False)

    @classmethod
    def open(cls, url: str) -> Database:
        engine = make_engine(url)
        if engine.dialect.name != "sqlite":
            return cls(engine, make_sessionmaker(engine), None)
        lock = WriteLock()
        reader = make_engine(url, immediate=False)
        handler = make_engine(url, begin=False)
        LazyWriter(lock).install(handler)
        return cls(engine, make_sessionmaker(engine), lock, reader, make_sessionmaker(reader),
                   handler, make_sessionmaker(handler))

    @property
    def read_sessions(self) -> async_sessionmaker:
        return self._reads or self.sessions

    def reading(self) -> AsyncSession:
        """A session for reads only (on SQLite it never blocks or waits for writers)."""
        return (self._reads or self.sessions)()

    @property
    def handling_sessions(self) -> async_sessionmaker:
        """Sessions like ``handling()``: for work that reads much and writes a little at the
        end (the reminder rounds too), so the write lock is held for the writes alone."""
        return self._handling or self.sessions

    def handling(self) -> AsyncSession:
        """A session that may read and write; on SQLite it holds the write lock only from its
        first write to its end, so it must not be used inside ``writer()`` (not reentrant)."""
        return (self._handling or self.sessions)()

    def writer(self, *, urgent: bool = False) -> contextlib.AbstractAsyncContextManager:
        """This process's turn to write (SQLite); ``urgent``: before every other waiter."""
        if self.write_lock is None:
            return contextlib.nullcontext()
        return self.write_lock.urgent() if urgent else self.write_lock

    @contextlib.asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed under the write lock."""
        async with self.writer(), self.sessions() as session, session.begin():
            yield session

    async def close(self) -> None:
        await self.engine.dispose()
        for extra in (self.read_engine, self.handling_engine):
            if extra is not None:
                await extra.dispose()


async def migrate(url: str) -> None:
    """Bring the schema up to date (Alembic, ``store.migrate``) from inside a running loop."""
    from store.migrate import upgrade

    # alembic's async env runs its own event loop: keep it off ours
    await asyncio.to_thread(upgrade, url)
