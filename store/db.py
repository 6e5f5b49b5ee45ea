"""Engines and sessions. SQLite (WAL) by default, PostgreSQL in production.

On SQLite every transaction starts as ``BEGIN IMMEDIATE``: it takes the write lock at once
(waiting in the busy timeout if another holds it), so a transaction that reads and then
writes can never fail with "database is locked" on the upgrade from a stale snapshot, the way
a deferred one does (the busy timeout does not apply there). pysqlite's own transaction
handling is switched off for this (SQLAlchemy's "Serializable isolation / Savepoints /
Transactional DDL" recipe). Readers that never write may ask for ``immediate=False``.

The statements run on the event loop's own thread (``InlineConnection``): an SQLite statement
on this data takes tens of microseconds, while a hop to aiosqlite's worker thread and back
costs more than that and lets other work in while a transaction holds the write lock. Only
waiting for the lock could block, so the driver's busy timeout is short and a ``BEGIN
IMMEDIATE`` that finds the lock taken by another process waits asynchronously
(``begin_immediate``), up to ``LOCK_WAIT`` seconds, then fails as "database is locked".
"""
from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.util import await_only

from store import DEFAULT_DATABASE_URL


def make_engine(url: str = DEFAULT_DATABASE_URL, *, immediate: bool = True, begin: bool = True,
                **kwargs) -> AsyncEngine:
    if url.startswith("sqlite+aiosqlite:") and "async_creator" not in kwargs:
        from sqlalchemy.engine import make_url

        database = make_url(url).database or ":memory:"
        kwargs["async_creator"] = lambda: inline_connect(database)
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if not begin:
            return engine
        verb = "BEGIN IMMEDIATE" if immediate else "BEGIN"
        event.listen(engine.sync_engine, "begin",
                     lambda conn: begin_immediate(conn.connection.dbapi_connection, verb))
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # no implicit BEGIN from the driver: the "begin" listener emits ours
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)


LOCK_WAIT = 5.0  # seconds a transaction waits for another process's write lock
BUSY_MS = 1  # the driver's own wait blocks the loop's thread: the waiting is done by begin_immediate
LOCK_POLL = (0.0005, 0.005)  # its pauses between tries: first, longest (a lock is held for milliseconds)


class InlineConnection(aiosqlite.Connection):
    """aiosqlite's connection, its statements run on the caller's thread (see the module)."""

    async def _execute(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


async def inline_connect(database: str) -> InlineConnection:
    def connector() -> sqlite3.Connection:
        uri = database.startswith("file:")
        return sqlite3.connect(database, uri=uri, check_same_thread=False, isolation_level=None)

    connection = InlineConnection(connector, iter_chunk_size=64)
    connection._thread.daemon = True  # it only opens and closes the connection
    await connection
    return connection


def begin_immediate(dbapi_conn: Any, verb: str = "BEGIN IMMEDIATE") -> None:
    """Begin; while another process holds the write lock, wait for it without blocking the
    loop (called inside SQLAlchemy's greenlet, where ``await_only`` may wait)."""
    deadline, pause = time.monotonic() + LOCK_WAIT, LOCK_POLL[0]
    while True:
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(verb)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
        finally:
            cursor.close()
        await_only(asyncio.sleep(pause))
        pause = min(LOCK_POLL[1], pause * 1.5)
