"""Every sentence the bot says comes from ``templates/`` (Jinja2, strict undefined)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # the templates ship with the code: no stat() of each file per message
        cache_size=-1,
    )
    return env


def render(name: str, /, **context: Any) -> str:
    """Render ``templates/<name>`` (e.g. ``"reminders/registration_due.j2"``), stripped."""
    return environment().get_template(name).render(**context).strip()
