"""The office's and the tryer's paths in a real browser (the machine's Chromium, headless),
each at desktop width (1280 px) and phone width (390 px, a phone's viewport and touch).

Needs the Python package ``playwright`` and Debian's ``chromium``; never ``playwright install``.
Without them the tests are skipped with the reason, unless PRESSBOT_REQUIRE_SERVICES=1.
Each test leaves screenshots named ``<page>-<width>.png`` in PRESSBOT_SCREENSHOT_DIR (``.ci/run``
sets ``artifacts/screenshots``; default: the test's tmp dir). The phone bar is checked from the
layout boxes: the page never scrolls sideways and no two header items overlap.
"""
from __future__ import annotations

import io
import os
import re
import socket
from itertools import combinations
from pathlib import Path

import openpyxl
import pytest
from aiohttp import web

from bot.app import create_app
from bot.settings import load_settings
from store.db import make_sessionmaker
from tests.web.conftest import load_demo_data, site_env

CHROMIUM = os.environ.get("PRESSBOT_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
TIMEOUT = 15_000  # ms: generous for a loaded 2-core machine; waits end as soon as the page is ready

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
WIDTHS = {"desktop": 1280, "phone": 390}
HEADER_ITEMS = "header.top .brand, header.top nav a, header.top .who"


def _unavailable() -> str | None:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "Python package playwright is not installed (pip install -e .[test])"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"
    return None


@pytest.fixture
async def browser():
    reason = _unavailable()
    if reason:
        if os.environ.get("PRESSBOT_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        await chromium.close()


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request) -> int:
    return WIDTHS[request.param]


@pytest.fixture
async def page(browser, width):
    """A fresh browser context at ``width``; at phone width it behaves as a phone (meta viewport)."""
    phone = width < 600
    context = await browser.new_context(viewport={"width": width, "height": 844 if phone else 900},
                                        is_mobile=phone, has_touch=phone, accept_downloads=True,
                                        locale="zh-CN", timezone_id="Asia/Shanghai")
    tab = await context.new_page()
    tab.set_default_timeout(TIMEOUT)
    yield tab
    await context.close()


@pytest.fixture
def shots(tmp_path, width):
    """``await shot(page, "grid")`` saves grid-390.png (full page) in the screenshot folder."""
    folder = Path(os.environ.get("PRESSBOT_SCREENSHOT_DIR") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)

    async def shot(tab, name: str) -> Path:
        path = folder / f"{name}-{width}.png"
        await tab.screenshot(path=str(path), full_page=True)
        return path

    shot.folder = folder  # type: ignore[attr-defined]
    return shot


async def assert_fits(tab) -> None:
    """No sideways scroll of the page; header items inside the viewport and apart from each other."""
    scroll, client = await tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"{tab.url}: the page is {scroll} px wide in a {client} px viewport"
    boxes = await tab.evaluate("""sel => [...document.querySelectorAll(sel)].map(e => {
        const r = e.getBoundingClientRect();
        return [e.textContent.trim().slice(0, 12), r.left, r.top, r.right, r.bottom]; })""", HEADER_ITEMS)
    for name, left, _, right, _ in boxes:
        assert left >= 0 and right <= client + 0.5, f"{tab.url}: header item {name} sticks out ({left}–{right})"
    for a, b in combinations(boxes, 2):
        apart = a[3] <= b[1] + 0.5 or b[3] <= a[1] + 0.5 or a[4] <= b[2] + 0.5 or b[4] <= a[2] + 0.5
        assert apart, f"{tab.url}: header items {a[0]!r} and {b[0]!r} overlap"


async def sign_in_with_token(tab, base: str) -> None:
    await tab.goto(f"{base}/admin/signin")
    await tab.fill("input[name=token]", "pressbot-admin-token")
    await tab.click("button:has-text('登录')")
    await tab.wait_for_url(f"{base}/admin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def server(engine, db_url, clock):
    """``await server(demo=...)`` → the base URL of the whole app on 127.0.0.1, loops running."""
    runners = []

    async def start(*, demo: str) -> str:
        if demo == "all":
            await load_demo_data(engine, clock)
        elif demo == "people":
            await _load_people(engine)
        app = create_app(load_settings(site_env(db_url)), clock=clock)
        runner = web.AppRunner(app)
        await runner.setup()
        port = _free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        runners.append(runner)
        return f"http://127.0.0.1:{port}"

    yield start
    for runner in runners:
        await runner.cleanup()


async def _load_people(engine) -> None:
    from bot.demo import PEOPLE
    from store.people import import_people, read_people

    async with make_sessionmaker(engine)() as s, s.begin():
        await import_people(s, read_people(PEOPLE))


async def chat(page, text: str) -> str:
    """Type ``text`` on the playground and wait for the bot's answer to it; the answer's text."""
    before = await page.locator(".msg.bot").count()
    await page.fill("#text", text)
    await page.click("#compose button[type=submit]")
    answer = page.locator(".msg.bot").nth(before)
    await answer.wait_for(timeout=TIMEOUT)
    return await answer.inner_text()


async def as_person(page, base: str, name: str) -> None:
    await page.goto(f"{base}/playground")
    await page.click(f"#people a:has-text('{name}')")
    await page.wait_for_selector("#chat")


async def test_office_signs_in_from_the_bot_uploads_a_plan_and_exports(page, server, data_dir, shots, width):
    base = await server(demo="people")

    await page.goto(f"{base}/admin")
    assert "后台仅供政务公开办" in await page.content()  # not signed in: the explanation, no data
    await assert_fits(page)

    await as_person(page, base, "王丽")
    answer = await chat(page, "后台")
    link = re.search(r"http://\S+/admin/login/\S+", answer).group(0)
    anchor = page.locator(".msg.bot a[href*='/admin/login/']").last
    assert await anchor.get_attribute("href") == link  # a link one can tap, not text to copy
    await page.goto(link)
    await assert_fits(page)
    await shots(page, "login-link")
    await page.click("#confirm-login")
    await page.wait_for_url(f"{base}/admin")

    await page.goto(f"{base}/admin/upload")
    await page.set_input_files("input[name=file]", str(data_dir / "plan_tongguan_2024.txt"))
    await page.click("button:has-text('上传并预览')")
    await page.wait_for_selector("#upload-preview")
    assert "新单位" in await page.inner_text("#upload-preview")
    await assert_fits(page)
    await shots(page, "upload-preview")
    await page.click("#confirm-import")
    await page.wait_for_selector("#upload-result")
    assert "新增 28 项" in await page.inner_text("#upload-result")
    await assert_fits(page)
    await shots(page, "upload")

    await page.click("a:has-text('查看 2024 年总览')")
    bar = page.locator("#year-grid .bar a", has_text="充电基础设施建设新闻发布会")
    await bar.wait_for()
    await assert_fits(page)
    await shots(page, "grid-2024")

    await bar.scroll_into_view_if_needed()
    await bar.click()
    await page.wait_for_selector("#history")
    history = await page.inner_text("#history")
    assert "年度计划导入" in history and "创建" in history
    assert not re.search(r"\d{4}-\d\d-\d\d|planned|scheduled", history)  # dates and statuses in words
    await assert_fits(page)
    await shots(page, "event")

    await page.goto(f"{base}/admin/exports")
    await assert_fits(page)
    await page.fill("#export-stats input[name=from]", "2024-01-01")
    await page.fill("#export-stats input[name=to]", "2024-12-31")
    async with page.expect_download() as info:
        await page.click("#export-stats button")
    download = await info.value
    assert download.suggested_filename == "2024年度统计表.xlsx"  # the name the chat announces
    saved = shots.folder / f"统计表-{width}.xlsx"
    await download.save_as(str(saved))
    book = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()))
    assert book.active.max_row >= 3
    await shots(page, "exports")


PAGES = {"overview": "/admin", "events": "/admin/events", "quota": "/admin/quota",
         "attention": "/admin/attention", "upload-form": "/admin/upload", "exports-form": "/admin/exports"}


async def test_every_dashboard_page_fits_the_screen(page, server, shots, width):
    base = await server(demo="all")
    await page.goto(f"{base}/admin/signin")
    await assert_fits(page)
    await shots(page, "signin")
    await sign_in_with_token(page, base)
    for name, path in PAGES.items():
        await page.goto(f"{base}{path}")
        await assert_fits(page)
        await shots(page, name)
    first = page.locator("#event-list a[href^='/admin/events/']").first
    await page.goto(f"{base}/admin/events")
    await first.click()
    await page.wait_for_selector("#history")
    await assert_fits(page)
    await shots(page, "event-demo")


async def test_the_grid_scrolls_inside_its_box_on_a_phone(page, server, shots, width):
    base = await server(demo="all")
    await sign_in_with_token(page, base)
    grid = page.locator("#year-grid")
    inner, outer = await grid.evaluate("g => [g.scrollWidth, g.clientWidth]")
    if width < 600:
        assert inner > outer  # twelve months do not fit 390 px: the box scrolls, not the page
        await grid.evaluate("g => { g.scrollLeft = g.scrollWidth; }")
        unit = page.locator("#year-grid .line .unit").nth(1)
        assert (await unit.bounding_box())["x"] >= 0  # the unit names stay in view while scrolling
    else:
        assert inner <= outer
    head, body = await page.evaluate("""() => [...document.querySelectorAll('#year-grid .line .bars')]
        .slice(0, 2).map(b => { const r = b.getBoundingClientRect(); return [r.left, r.width]; })""")
    assert head == pytest.approx(body, abs=1)  # the month headings stand over their columns
    await assert_fits(page)
    await shots(page, "grid-scrolled")


async def test_playground_register_then_ask_for_this_month(page, server, shots):
    base = await server(demo="all")
    await as_person(page, base, "张三")
    registered = await chat(page, "我局4月28日下午3点在县政府新闻发布厅开招生政策发布会")
    assert "招生" in registered
    assert "**" not in registered  # Markdown shown as formatting, never as its markers

    await as_person(page, base, "王丽")
    listing = await chat(page, "本月有哪些发布会")
    assert "招生" in listing and "稳就业" in listing
    await assert_fits(page)
    await shots(page, "playground")


async def test_reminders_arrive_on_the_playground(page, server, shots):
    base = await server(demo="all")
    await as_person(page, base, "张三")
    await chat(page, "我局4月16日上午9点开招生政策发布会")
    await page.click("#remind")
    push = page.locator(".msg.push", has_text="登记表")
    await push.first.wait_for()
    await assert_fits(page)
    await shots(page, "reminder")


async def test_a_wrong_upload_shows_the_importers_error(page, server, data_dir, shots, tmp_path):
    base = await server(demo="all")
    await sign_in_with_token(page, base)
    before = await page.inner_text("#year-grid")

    bad = tmp_path / "计划.txt"
    text = (data_dir / "plan_tongguan_2024.txt").read_text(encoding="utf-8").replace("4 月份", "13 月份", 1)
    bad.write_text(text, encoding="utf-8")
    await page.goto(f"{base}/admin/upload")
    await page.set_input_files("input[name=file]", str(bad))
    await page.click("button:has-text('上传并预览')")
    errors = await page.inner_text("#preview-errors")
    assert "第 38 行：时间“13月份”不存在：一年只有12个月，没有13月" in errors  # shown before anything is written
    await assert_fits(page)
    await shots(page, "upload-error")
    await page.goto(f"{base}/admin")
    assert await page.inner_text("#year-grid") == before


@pytest.mark.parametrize("width", [360, 414], ids=["small-phone", "large-phone"])
async def test_every_page_fits_small_and_large_phones(page, server, shots):
    base = await server(demo="all")
    await page.goto(f"{base}/playground")
    await assert_fits(page)
    await sign_in_with_token(page, base)
    for path in (*PAGES.values(), "/admin/events/1"):
        await page.goto(f"{base}{path}")
        await assert_fits(page)
    await shots(page, "event-1")
