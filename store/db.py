"""Engines and sessions. SQLite (WAL) by default, PostgreSQL in production.

On SQLite every transaction starts as ``BEGIN IMMEDIATE``: it takes the write lock at once
(waiting in the busy timeout if another holds it), so a transaction that reads and then
writes can never fail with "database is locked" on the upgrade from a stale snapshot, the way
a deferred one does (the busy timeout does not apply there). pysqlite's own transaction
handling is switched off for this (SQLAlchemy's "Serializable isolation / Savepoints /
Transactional DDL" recipe). Readers that never write may ask for ``immediate=False``.
"""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from store import DEFAULT_DATABASE_URL


def make_engine(url: str = DEFAULT_DATABASE_URL, *, immediate: bool = True, **kwargs) -> AsyncEngine:
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"
        event.listen(engine.sync_engine, "begin", lambda conn: conn.exec_driver_sql(begin))
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # no implicit BEGIN from the driver: the "begin" listener emits ours
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)
