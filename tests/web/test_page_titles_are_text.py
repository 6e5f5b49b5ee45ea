"""A merge left the attention page's late-publication and waiting-step tables inside its
<title> (and so twice on the page): every dashboard page's title is plain text, each section once."""
from __future__ import annotations

import re

import pytest

PAGES = ["/admin", "/admin/events", "/admin/quota", "/admin/attention", "/admin/upload", "/admin/exports",
         "/admin/assessment"]


@pytest.mark.parametrize("path", PAGES)
async def test_the_title_is_plain_text(site, path):
    await site.sign_in()
    page = await site.text(path)
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and "<" not in title.group(1) and title.group(1).endswith("新闻发布会助手")


async def test_each_attention_section_appears_once(site):
    await site.sign_in()
    page = await site.text("/admin/attention")
    for section in ("overdue", "no-registration", "late-publications", "waiting-steps", "failed"):
        assert page.count(f'id="{section}"') == 1, section
