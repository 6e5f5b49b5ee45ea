"""A file asked for in chat downloads under the very name the chat announced (issue 14)."""
from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from store.models import Event
from tests.web.test_playground import say

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def announced_and_downloaded(site, request: str) -> tuple[str, str]:
    lines = await say(site, "wangli", request)
    text = "\n".join(line["text"] for line in lines if line["who"] != "me")
    name = re.search(r"文件《([^》]+)》", text).group(1)
    link = re.search(r"https?://\S+/download/\S+", text).group(0)
    resp = await site.client.get(link[link.index("/download/"):])
    assert resp.status == 200, await resp.text()
    sent = re.search(r"filename\*=UTF-8''(\S+)", resp.headers["Content-Disposition"]).group(1)
    return name, unquote(sent)


@pytest.mark.parametrize("request_text, expected", [
    ("导出上半年统计表", "2026年上半年统计表.xlsx"),
    ("导出今年的计划", "2026年度计划安排.xlsx"),
    ("导出年度计划（Word）", "2026年度计划安排.docx"),
])
async def test_the_download_keeps_the_announced_name(site, request_text, expected):
    name, downloaded = await announced_and_downloaded(site, request_text)
    assert name == downloaded == expected


async def test_a_registration_form_keeps_its_announced_name(site):
    async with site.sessions() as s:
        event_id = await s.scalar(select(Event.id).where(Event.kind == "press_conference").limit(1))
    name, downloaded = await announced_and_downloaded(site, f"导出编号{event_id}的登记表")
    assert name == downloaded and name.endswith(f"登记表（编号{event_id}）.docx")
