"""aiohttp's own answers reached people in English: "404: Not Found" for a mistyped address,
"405: Method Not Allowed"."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_a_mistyped_address_gets_a_chinese_page(site):
    await site.sign_in()
    for path in ("/admin/evnets", "/nothing-here", "/admin/events/12/x"):
        resp = await site.client.get(path)
        body = await resp.text()
        assert resp.status == 404 and "找不到页面" in body and "Not Found" not in body, path


async def test_a_wrong_method_gets_a_chinese_page(site):
    await site.sign_in()
    resp = await site.client.put("/healthz")
    body = await resp.text()
    assert resp.status == 405 and "请求方式不对" in body and "Method Not Allowed" not in body
