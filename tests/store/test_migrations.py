"""The migrations build exactly the schema of store/models.py, on both backends."""
import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from store.db import make_engine
from store.migrate import upgrade
from store.models import Base


async def _diff(url: str) -> list:
    engine = make_engine(url)
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync, opts={"compare_type": True}),
                                          Base.metadata)
        )
        tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    await engine.dispose()
    return diff, tables


def test_migrated_schema_matches_the_models(fresh_url):
    upgrade(fresh_url)
    diff, tables = asyncio.run(_diff(fresh_url))
    assert diff == [], "store/models.py changed without a migration: add one in store/migrations/versions"
    assert {"events", "inbound_messages", "outbox", "reminders", "conversation_states"} <= set(tables)


def test_upgrade_twice_changes_nothing(fresh_url, snapshot):
    upgrade(fresh_url)
    before = snapshot(fresh_url)
    upgrade(fresh_url)
    assert snapshot(fresh_url) == before


async def test_upgrade_works_from_inside_a_running_loop(fresh_url):
    # pressbot serve calls it from its start-up, where a loop is running.
    upgrade(fresh_url)
    diff, _ = await _diff(fresh_url)
    assert diff == []


def test_db_upgrade_command(cli):
    run = cli("db", "upgrade")
    assert run.code == 0
    assert "最新" in run.err
    diff, _ = asyncio.run(_diff(cli.url))
    assert diff == []
