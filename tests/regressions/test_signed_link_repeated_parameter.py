"""A signed download link cannot be bent with a repeated parameter into another document."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from bot.web.config import WEB
from bot.web.downloads import download_link

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def bend(link: str, key: str, value: str, *, first: bool) -> str:
    parts = urlsplit(link)
    pairs = parse_qsl(parts.query)
    pairs = [(key, value), *pairs] if first else [*pairs, (key, value)]
    return f"{parts.path}?{urlencode(pairs)}"


@pytest.mark.parametrize("first", [True, False], ids=["extra-first", "extra-last"])
async def test_a_repeated_event_parameter_is_refused(site, first):
    link = download_link(site.app[WEB], what="registration", fmt="docx", now=site.clock.now(),
                         event_id=1, absolute=False)
    resp = await site.client.get(bend(link, "event", "2", first=first))
    assert resp.status == 403
    assert "下载链接无效" in await resp.text()


async def test_a_repeated_period_is_refused(site):
    from datetime import date

    link = download_link(site.app[WEB], what="stats", fmt="xlsx", now=site.clock.now(),
                         start=date(2026, 1, 1), end=date(2026, 6, 30), absolute=False)
    resp = await site.client.get(bend(link, "from", "2025-01-01", first=True))
    assert resp.status == 403


async def test_the_signed_link_itself_still_works(site):
    link = download_link(site.app[WEB], what="registration", fmt="docx", now=site.clock.now(),
                         event_id=1, absolute=False)
    resp = await site.client.get(link)
    assert resp.status == 200
