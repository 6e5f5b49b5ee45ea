"""HTML pages: Jinja2 templates under ``templates/web/``, autoescaped, strict, in Chinese."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.render import TEMPLATES_DIR
from bot.timefmt import change_value, field_name, format_window, local_moment
from store.views import KIND_NAMES, STATUS_NAMES


@dataclass(frozen=True)
class Viewer:
    """Who is signed in to the dashboard (person_id 0: the configured admin token)."""

    person_id: int
    name: str


def when_text(start: date, end: date, text: str | None = None) -> str:
    """A planned window in dates ("2026年5月中旬"), never the liaison's phrase ("下周三下午3点"),
    which said it relative to a day the reader no longer knows."""
    return format_window(start, end)


def local_time(moment: datetime | None, tz: Any) -> str:
    """"2026年12月1日（周二）15:58" in the deployment's zone."""
    return local_moment(moment, tz)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False, cache_size=-1)  # shipped with the code: no stat() per page
    env.globals.update(KIND_NAMES=KIND_NAMES, STATUS_NAMES=STATUS_NAMES)
    env.filters.update(when=when_text)
    env.globals.update(change_value=change_value, field_name=field_name)
    return env


def page(name: str, /, *, status: int = 200, viewer: Viewer | None = None, **context: Any) -> web.Response:
    html = environment().get_template(f"web/{name}").render(viewer=viewer, **context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY",
                                 # "same-origin": our own form POSTs carry an Origin to check
                                 "Referrer-Policy": "same-origin"})


def message_page(title: str, text: str, *, status: int, viewer: Viewer | None = None,
                 link: tuple[str, str] | None = None) -> web.Response:
    """A page that only says something (an error, a refusal), with an optional way on."""
    return page("message.html", status=status, viewer=viewer, title=title, text=text, link=link)
