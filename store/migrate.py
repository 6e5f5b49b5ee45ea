"""Schema migrations, run from code: ``upgrade(url)`` brings any database to the latest schema.

No alembic.ini on the working directory is needed: the Config is built here. Safe to call
at start-up from inside a running event loop too (the migration then runs in a thread of its
own, since Alembic's async env uses ``asyncio.run``).
"""
from __future__ import annotations

import ast
import asyncio
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser treats "%" as interpolation; URLs may carry %-escaped passwords.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _in_running_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@lru_cache(maxsize=1)
def script_heads() -> frozenset[str]:
    """The head revisions as the migration files declare them (what Alembic's
    ``ScriptDirectory.get_heads`` answers): the revisions no other file names as its
    ``down_revision``. Read without loading Alembic, which every command would pay for."""
    revisions: set[str] = set()
    below: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
            if not isinstance(target, ast.Name) or getattr(node, "value", None) is None:
                continue
            value: Any = ast.literal_eval(node.value)  # type: ignore[attr-defined]
            if target.id == "revision":
                revisions.add(value)
            elif target.id == "down_revision" and value:
                below.update([value] if isinstance(value, str) else value)
    return frozenset(revisions - below)


def _at_head(url: str) -> bool:
    """A database already at the head revision, seen with one plain read: every CLI command
    upgrades first, and Alembic's own check would take SQLite's write lock (BEGIN IMMEDIATE)
    while a running ``pressbot serve`` needs it for the messages. False when unsure."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    try:
        if parsed.drivername.startswith("sqlite"):
            current = _sqlite_versions(parsed.database)
        elif parsed.drivername == "postgresql+asyncpg":
            dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
            current = _off_the_loop(lambda: asyncio.run(_postgres_versions(dsn)))
        else:
            return False
    except Exception:  # noqa: BLE001 - no table, no database, no server: Alembic says what is wrong
        return False
    return current is not None and current == set(script_heads())


def _sqlite_versions(database: str | None) -> set[str] | None:
    import sqlite3

    if not database or database == ":memory:" or not Path(database).exists():
        return None
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as conn:
        return {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}


async def _postgres_versions(dsn: str) -> set[str]:
    import asyncpg

    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        return {row[0] for row in await conn.fetch("SELECT version_num FROM alembic_version")}
    finally:
        await conn.close()


def _off_the_loop(work: Callable[[], Any]) -> Any:
    """``work()`` here, or in a thread of its own when this thread runs an event loop: Alembic's
    async env and the PostgreSQL version check run loops of their own."""
    if not _in_running_loop():
        return work()
    result: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(exc)

    worker = threading.Thread(target=run, name="pressbot-migrate")
    worker.start()
    worker.join()
    if errors:
        raise errors[0]
    return result[0]


def upgrade(url: str, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` (synchronous; idempotent)."""
    if revision == "head" and _at_head(url):
        return
    from alembic import command

    cfg = alembic_config(url)
    _off_the_loop(lambda: command.upgrade(cfg, revision))


def current(url: str) -> None:
    """Print the database's revision (for ``pressbot db current``)."""
    from alembic import command

    command.current(alembic_config(url))
