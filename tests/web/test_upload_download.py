"""Plan upload through the page (the command line's importer) and exports through signed links."""
from __future__ import annotations

import io
import re
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

import openpyxl
import pytest
from aiohttp import FormData
from sqlalchemy import func, select

from store.models import Event, EventChange, Unit

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def form(name: str, content: bytes, **fields: str) -> FormData:
    data = FormData()
    data.add_field("file", content, filename=name, content_type="application/octet-stream")
    for key, value in fields.items():
        data.add_field(key, value)
    return data


async def snapshot(site) -> tuple[int, int, int]:
    async with site.sessions() as s:
        return tuple([await s.scalar(select(func.count()).select_from(m)) for m in (Event, Unit, EventChange)])


def token_of(page: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', page)
    assert match, page[:800]
    return match[1]


async def preview(site, name: str, content: bytes, **fields: str) -> str:
    resp = await site.client.post("/admin/upload", data=form(name, content, **fields))
    page = await resp.text()
    assert resp.status == 200, page
    return page


async def confirm(site, page: str) -> str:
    resp = await site.client.post("/admin/upload/confirm", data={"token": token_of(page)})
    return await resp.text()


async def test_upload_previews_then_imports_on_confirm_and_shows_it_in_the_grid(start_site, data_dir):
    site = await start_site(demo=False)
    await site.sign_in()
    content = (data_dir / "plan_tongguan_2024.txt").read_bytes()
    shown = await preview(site, "铜官区2024年计划.txt", content)
    main = shown[shown.index('id="upload-preview"'):]
    assert "共读出 28 行" in main and "2024年（表题“2024年度政府信息公开新闻发布会计划”）" in main
    assert "发改委【新单位】" in main and "充电基础设施建设新闻发布会" in main
    assert await site.count() == 0  # the preview writes nothing
    page = await confirm(site, shown)
    main = page[page.index("<main>"):]
    assert "铜官区2024年计划.txt 已导入" in main and "新增 28 项" in main, main[:600]
    assert await site.count() == 28
    grid = await site.text("/admin?year=2024")
    assert "充电基础设施建设新闻发布会" in grid and 'data-unit="发改委"' in grid


async def test_a_confirmed_upload_cannot_be_confirmed_again(start_site, data_dir):
    site = await start_site(demo=False)
    await site.sign_in()
    shown = await preview(site, "plan.txt", (data_dir / "plan_tongguan_2024.txt").read_bytes())
    await confirm(site, shown)
    before = await snapshot(site)
    resp = await site.client.post("/admin/upload/confirm", data={"token": token_of(shown)})
    assert resp.status == 410 and "已过期或已导入" in await resp.text()
    assert await snapshot(site) == before


async def test_uploading_the_same_plan_again_changes_nothing(start_site, data_dir):
    site = await start_site(demo=False)
    await site.sign_in()
    content = (data_dir / "plan_tongguan_2024.txt").read_bytes()
    await confirm(site, await preview(site, "plan.txt", content))
    before = await snapshot(site)
    shown = await preview(site, "plan.txt", content)
    assert "【新单位】" not in shown and 'id="preview-new-units"' not in shown
    page = await confirm(site, shown)
    assert "新增 0 项，更新 0 项，未变 28 项" in page
    assert await snapshot(site) == before


WRONG_FILES = [
    ("plan.pdf", b"%PDF-1.4 not a plan", "不支持的文件类型"),
    ("plan.xlsx", b"this is not a spreadsheet", "文件已损坏或格式不符"),
    ("notes.txt", "会议纪要：今天天气很好。".encode(), "找不到计划表格"),
]


@pytest.mark.parametrize("name,content,message", WRONG_FILES, ids=[w[0] for w in WRONG_FILES])
async def test_a_wrong_file_shows_the_importers_error_and_changes_nothing(site, name, content, message):
    await site.sign_in()
    before = await snapshot(site)
    resp = await site.client.post("/admin/upload", data=form(name, content))
    page = await resp.text()
    assert resp.status == 422
    errors = page[page.index('id="upload-errors"'):]
    assert message in errors, errors[:500]
    assert await snapshot(site) == before


async def test_an_unreadable_row_is_shown_and_the_rest_imports_on_confirm(start_site, data_dir):
    site = await start_site(demo=False)
    await site.sign_in()
    text = (data_dir / "plan_tongguan_2024.txt").read_text(encoding="utf-8").replace("4 月份", "13 月份", 1)
    shown = await preview(site, "plan.txt", text.encode())
    errors = shown[shown.index('id="preview-errors"'):]
    assert "第 38 行：时间“13月份”不存在：一年只有12个月，没有13月" in errors
    assert await site.count() == 0
    page = await confirm(site, shown)
    assert "新增 27 项" in page and "未导入 第 38 行" in page
    assert await site.count() == 27


async def test_upload_without_a_file_says_so(site):
    await site.sign_in()
    resp = await site.client.post("/admin/upload", data=FormData({"year": "2026"}))
    assert "请选择计划文件" in await resp.text()


async def _signed(site, query: str) -> str:
    resp = await site.client.get(f"/admin/export?{query}", allow_redirects=False)
    assert resp.status == 303, await resp.text()
    return resp.headers["Location"]


async def test_statistics_export_downloads_an_xlsx(site):
    await site.sign_in()
    link = await _signed(site, "what=stats&fmt=xlsx&from=2026-01-01&to=2026-06-30")
    assert link.startswith("/download/stats.xlsx?") and "sig=" in link and "exp=" in link
    site.client.session.cookie_jar.clear()  # the link alone is enough: it can be handed on
    resp = await site.client.get(link)
    assert resp.status == 200
    assert "attachment" in resp.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(await resp.read()))
    assert "统计表" in "".join(str(c.value or "") for row in book.active.iter_rows() for c in row)


async def test_plan_export_in_both_formats(site):
    await site.sign_in()
    for fmt, magic in (("xlsx", b"PK"), ("docx", b"PK")):
        resp = await site.client.get(await _signed(site, f"what=plan&fmt={fmt}&from=2026-01-01&to=2026-12-31"))
        assert resp.status == 200 and (await resp.read()).startswith(magic)
        assert resp.headers["Content-Type"].startswith("application/vnd.openxmlformats")


async def test_registration_export_of_one_event(site):
    await site.sign_in()
    async with site.sessions() as s:
        event_id = await s.scalar(select(Event.id).limit(1))
    resp = await site.client.get(await _signed(site, f"what=registration&fmt=docx&event={event_id}"))
    assert resp.status == 200
    assert "%E7%99%BB%E8%AE%B0%E8%A1%A8" in resp.headers["Content-Disposition"]  # 登记表


async def test_an_expired_link_is_refused(site):
    await site.sign_in()
    link = await _signed(site, "what=stats&fmt=xlsx&from=2026-01-01&to=2026-06-30")
    site.clock.advance(timedelta(minutes=31))
    resp = await site.client.get(link)
    assert resp.status == 403
    assert "已过期" in await resp.text()


def _tamper(link: str, **changes: str) -> str:
    parts = urlsplit(link)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return f"{parts.path}?{urlencode(query)}"


@pytest.mark.parametrize("change", [
    {"to": "2026-12-31"},  # a longer period than was signed
    {"exp": "9999999999"},  # a later expiry
    {"sig": "A" * 43},
], ids=["period", "expiry", "signature"])
async def test_a_tampered_link_is_refused(site, change):
    await site.sign_in()
    link = await _signed(site, "what=stats&fmt=xlsx&from=2026-01-01&to=2026-06-30")
    resp = await site.client.get(_tamper(link, **change))
    assert resp.status == 403
    assert "无效" in await resp.text()


async def test_a_link_for_another_document_is_refused(site):
    await site.sign_in()
    link = await _signed(site, "what=stats&fmt=xlsx&from=2026-01-01&to=2026-06-30")
    resp = await site.client.get(link.replace("/download/stats.xlsx", "/download/plan.xlsx"))
    assert resp.status == 403


async def test_export_with_bad_dates_explains(site):
    await site.sign_in()
    resp = await site.client.get("/admin/export?what=stats&fmt=xlsx&from=2026-07-01&to=2026-06-30")
    assert resp.status == 400
    assert "起止日期" in await resp.text()


async def test_registration_of_an_unknown_event_explains(site):
    await site.sign_in()
    resp = await site.client.get(await _signed(site, "what=registration&fmt=docx&event=999999"))
    assert resp.status == 400
    assert "找不到编号为 999999 的活动" in await resp.text()


async def test_only_the_uploader_may_confirm(start_site, data_dir):
    import json

    from bot.web.upload import uploads_dir

    site = await start_site(demo=False)
    await site.sign_in()
    shown = await preview(site, "plan.txt", (data_dir / "plan_tongguan_2024.txt").read_bytes())
    meta = uploads_dir() / token_of(shown) / "upload.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "by": 424242}))  # someone else's upload
    resp = await site.client.post("/admin/upload/confirm", data={"token": token_of(shown)})
    assert resp.status == 403 and "只能确认自己上传的计划" in await resp.text()
    assert await site.count() == 0
