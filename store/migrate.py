"""Schema migrations, run from code: ``upgrade(url)`` brings any database to the latest schema.

No alembic.ini on the working directory is needed: the Config is built here. Safe to call
at start-up from inside a running event loop too (the migration then runs in a thread of its
own, since Alembic's async env uses ``asyncio.run``).
"""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
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


def _sqlite_at_head(url: str, cfg: Config) -> bool:
    """An SQLite database already at the head revision, seen with one plain read: every CLI
    command upgrades first, and Alembic's own check would take the write lock (BEGIN
    IMMEDIATE) while a running ``pressbot serve`` needs it for the messages."""
    import sqlite3

    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database or parsed.database == ":memory:":
        return False
    if not Path(parsed.database).exists():
        return False
    try:
        with sqlite3.connect(f"file:{parsed.database}?mode=ro", uri=True, timeout=5) as conn:
            current = {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
    except sqlite3.Error:
        return False
    return current == set(ScriptDirectory.from_config(cfg).get_heads())


def upgrade(url: str, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` (synchronous; idempotent)."""
    cfg = alembic_config(url)
    if revision == "head" and _sqlite_at_head(url, cfg):
        return
    if not _in_running_loop():
        command.upgrade(cfg, revision)
        return
    errors: list[BaseException] = []

    def run() -> None:
        try:
            command.upgrade(cfg, revision)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(exc)

    worker = threading.Thread(target=run, name="pressbot-migrate")
    worker.start()
    worker.join()
    if errors:
        raise errors[0]


def current(url: str) -> None:
    """Print the database's revision (for ``pressbot db current``)."""
    command.current(alembic_config(url))
