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


def test_the_heads_read_off_the_files_are_alembics():
    """The at-head check every command makes reads the revisions without loading Alembic:
    it must name the heads Alembic finds (a new migration file is seen at once)."""
    from alembic.script import ScriptDirectory

    from store.migrate import alembic_config, script_heads

    assert script_heads() == set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def test_a_database_one_revision_behind_is_brought_to_the_head(fresh_url):
    """The fast path must not take "a version table" for "the latest schema"."""
    upgrade(fresh_url, "0008")
    upgrade(fresh_url)
    diff, tables = asyncio.run(_diff(fresh_url))
    assert diff == [] and "reminder_requests" in tables
