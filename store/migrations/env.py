"""Alembic environment: async engines (aiosqlite, asyncpg), batch mode on SQLite.

The URL comes from the Config (``store.migrate`` sets it); no alembic.ini is needed.
A caller may also hand over an open sync connection in ``config.attributes["connection"]``.
"""
from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from store import DEFAULT_DATABASE_URL
from store.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    # The column is a plain DateTime in the database; UTC handling lives in the model only.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def _configure(connection: Connection | None = None, **kwargs) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        render_item=render_item,
        compare_type=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run_sync(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    from store.db import make_engine

    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            await conn.run_sync(_run_sync)
            await conn.commit()
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_sync(connection)
    else:
        asyncio.run(_run_async(config.get_main_option("sqlalchemy.url") or DEFAULT_DATABASE_URL))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
