"""A plan without a year uploaded on the dashboard said "请用 --year 指定": a command-line flag
the office cannot type on a web page. The message now says where the year goes on the page
(and still names the flag for the command line)."""
from __future__ import annotations

import pytest

from tests.web.test_upload_download import form

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

NO_YEAR = "序号,发布单位,发布主题,时间\n1,县教育局,招生政策解读,5月\n".encode()


async def test_a_plan_without_a_year_says_where_to_give_it_on_the_page(site):
    await site.sign_in()
    resp = await site.client.post("/admin/upload", data=form("计划.csv", NO_YEAR))
    page = await resp.text()
    errors = page[page.index('id="upload-errors"'):page.index("</ul>", page.index('id="upload-errors"'))]
    assert resp.status == 422
    assert "无法确定计划年度" in errors and "上传页的“年度”" in errors, errors
    assert "请用 --year" not in errors


async def test_the_same_plan_with_the_year_chosen_on_the_page_previews(site):
    await site.sign_in()
    resp = await site.client.post("/admin/upload", data=form("计划.csv", NO_YEAR, year="2026"))
    assert resp.status == 200 and "招生政策解读" in await resp.text()
