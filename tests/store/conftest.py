"""Store test helpers: a migrated-from-nothing database, the CLI, and a whole-database snapshot."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from store.db import make_engine
from store.models import Base


async def _drop_everything(url: str) -> None:
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    await engine.dispose()


async def _snapshot(url: str) -> dict[str, list]:
    engine = make_engine(url)
    tables = {}
    async with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = (await conn.execute(select(table).order_by(*table.primary_key.columns))).all()
            tables[table.name] = [tuple(r) for r in rows]
    await engine.dispose()
    return tables


@pytest.fixture
def fresh_url(db_url) -> str:
    """A database with no tables at all (the shared PostgreSQL one is emptied first)."""
    asyncio.run(_drop_everything(db_url))
    return db_url


@pytest.fixture
def snapshot():
    return lambda url: asyncio.run(_snapshot(url))


@dataclass
class CliRun:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(fresh_url, monkeypatch, capsys):
    """Run ``pressbot ...`` against ``fresh_url``; returns the exit code and what it printed."""
    from bot.cli import main

    monkeypatch.setenv("PRESSBOT_DATABASE_URL", fresh_url)
    monkeypatch.setenv("PRESSBOT_TIMEZONE", "Asia/Shanghai")

    def run(*argv: str) -> CliRun:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    run.url = fresh_url
    return run
