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


def upgrade(url: str, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` (synchronous; idempotent)."""
    cfg = alembic_config(url)
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
