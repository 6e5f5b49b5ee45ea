"""/admin/assessment shows what the 考核 export holds, on the same register, with its chart."""
from __future__ import annotations

import html
import re

from sqlalchemy import select

from bot.exports.assessment_xlsx import export_assessment
from bot.web.config import WEB
from store.models import Event, Unit
from store.repo import update_event
from tests.exports.export_readers import read_sheets


def table_rows(page: str) -> list[list[str]]:
    body = page[page.index('id="assessment-table"'):]
    rows = re.findall(r'<tr data-unit="[^"]*">(.*?)</tr>', body, re.S)
    return [[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in rows]


async def test_the_page_and_the_export_agree(site):
    await site.sign_in()
    page = await site.text("/admin/assessment?year=2026")
    async with site.sessions() as s:
        sheet = read_sheets(await export_assessment(s, year=2026, tz=site.app[WEB].tz))["2026年考核"]
    exported = [[str(v) for v in row.values()] for row in sheet.rows]
    assert table_rows(page) == exported and len(exported) > 5


async def test_the_chart_has_a_bar_per_month_and_kind(site):
    await site.sign_in()
    page = await site.text("/admin/assessment?year=2026")
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert len(re.findall(r'<rect class="planned"', svg)) == 12 and len(re.findall(r'<rect class="held"', svg)) == 12
    assert "5月计划" in svg


async def test_the_export_button_gives_the_workbook(site):
    await site.sign_in()
    resp = await site.client.get("/admin/export?what=assessment&fmt=xlsx&from=2026-01-01&to=2026-12-31",
                                 allow_redirects=True)
    assert resp.status == 200
    assert "2026年考核" in read_sheets(await resp.read())


async def test_the_workbook_is_named_for_its_year_and_a_range_across_years_is_refused(site):
    """The 考核 is by calendar year: a range across two years gave the first year's (empty) sheet in
    a file named for the whole range."""
    from urllib.parse import unquote

    await site.sign_in()
    resp = await site.client.get("/admin/export?what=assessment&fmt=xlsx&from=2026-03-01&to=2026-06-30",
                                 allow_redirects=True)
    assert resp.status == 200
    assert unquote(resp.headers["Content-Disposition"]).endswith("2026年考核表.xlsx")

    resp = await site.client.get("/admin/export?what=assessment&fmt=xlsx&from=2025-07-01&to=2026-06-30",
                                 allow_redirects=True)
    assert resp.status == 400
    assert "考核表按自然年统计" in await resp.text()


async def test_the_quota_page_marks_a_key_department(site):
    await site.sign_in()
    async with site.sessions() as s:
        town = await s.scalar(select(Unit).where(Unit.name == "韩村镇"))
    assert town.is_key is False

    resp = await site.client.post(f"/admin/units/{town.id}/key", data={"key": "1", "year": "2026"},
                                  allow_redirects=False)

    assert resp.status == 303 and resp.headers["Location"] == "/admin/quota?year=2026"
    async with site.sessions() as s:
        assert (await s.get(Unit, town.id)).is_key is True
    page = await site.text("/admin/quota?year=2026")
    row = page[page.index('data-unit="韩村镇"'):]
    assert "取消重点" in row[:row.index("</form>")]
    await site.client.post(f"/admin/units/{town.id}/key", data={"key": "0"}, allow_redirects=False)
    async with site.sessions() as s:
        assert (await s.get(Unit, town.id)).is_key is False


async def test_an_events_history_shows_why(site):
    async with site.sessions() as s, s.begin():
        event = await s.scalar(select(Event).where(Event.topic == "稳就业工作发布会"))
        await update_event(s, event, {"status": "cancelled"}, actor="张三", now=site.clock.now(), note="取消",
                           reason="就业政策调整，改为集中解读")
    await site.sign_in()
    page = await site.text(f"/admin/events/{event.id}")
    history = page[page.index('id="history"'):]
    assert "原因：就业政策调整，改为集中解读" in history and "张三" in history


def quota_row(page: str, unit: str) -> str:
    start = page.index(f'<div class="row" data-unit="{unit}"')
    end = page.find('<div class="row"', start + 1)
    return page[start:end if end > 0 else None]


async def test_the_quota_page_says_whether_the_principal_leader_spoke(site):
    await site.sign_in()
    assert "主要负责同志未出席" in quota_row(await site.text("/admin/quota?year=2026"), "县发改委")
    async with site.sessions() as s, s.begin():
        event = await s.scalar(select(Event).where(Event.topic == "充电基础设施建设新闻发布会"))
        await update_event(s, event, {"status": "held", "principal_spoke": True, "principal_name": "主任 刘琦"},
                           actor="测试", now=site.clock.now())

    row = quota_row(await site.text("/admin/quota?year=2026"), "县发改委")
    assert "主要负责同志已出席" in row and "未出席" not in row
