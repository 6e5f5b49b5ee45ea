"""The register: models, migrations, repository functions, plan and people import.

Kept free of imports so that a command can learn the database URL without loading SQLAlchemy.
"""
from __future__ import annotations

import os
from collections.abc import Mapping

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///pressbot.db"


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """``PRESSBOT_DATABASE_URL``, or the embedded SQLite file in the working directory."""
    return environ.get("PRESSBOT_DATABASE_URL") or DEFAULT_DATABASE_URL
