"""Someone trying the demo (no WeCom, no DingTalk) opened /admin and was told to message the bot
in WeCom or DingTalk, which they do not have. When the playground is on, the sign-in page (and
the page of a spent link) says where to send "后台" instead: the playground, as office staff."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def main_text(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page[page.index("<main>"):page.index("</main>")])


async def test_the_signin_page_points_to_the_playground_when_it_is_on(start_site):
    site = await start_site(PRESSBOT_PLAYGROUND="on")
    resp = await site.client.get("/admin")
    page = await resp.text()
    assert resp.status == 401
    assert 'href="/playground' in page
    assert "试用页" in main_text(page) and "政务公开办" in main_text(page)


async def test_a_spent_link_also_points_to_the_playground(start_site):
    site = await start_site(PRESSBOT_PLAYGROUND="on")
    resp = await site.client.get("/admin/login/not-a-token")
    assert resp.status == 403 and 'href="/playground' in await resp.text()


async def test_without_the_playground_the_page_does_not_mention_it(start_site):
    site = await start_site(PRESSBOT_PLAYGROUND="off")
    page = await (await site.client.get("/admin")).text()
    assert "/playground" not in page and "企业微信或钉钉" in main_text(page)
