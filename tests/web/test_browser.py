"""The office's and the tryer's paths in a real browser (the machine's Chromium, headless).

Needs the Python package ``playwright`` and Debian's ``chromium``; never ``playwright install``.
Without them the tests are skipped with the reason, unless PRESSBOT_REQUIRE_SERVICES=1.
Each test leaves a screenshot in PRESSBOT_SCREENSHOT_DIR (default: the test's tmp dir).
"""
from __future__ import annotations

import io
import os
import re
import socket
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


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("PRESSBOT_SCREENSHOT_DIR") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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


async def test_office_signs_in_from_the_bot_uploads_a_plan_and_exports(browser, server, data_dir, shots):
    base = await server(demo="people")
    page = await browser.new_page(accept_downloads=True)
    page.set_default_timeout(TIMEOUT)

    await page.goto(f"{base}/admin")
    assert "后台仅供政务公开办" in await page.content()  # not signed in: the explanation, no data

    await as_person(page, base, "王丽")
    answer = await chat(page, "后台")
    link = re.search(r"http://\S+/admin/login/\S+", answer).group(0)
    await page.goto(link)
    await page.click("#confirm-login")
    await page.wait_for_url(f"{base}/admin")

    await page.goto(f"{base}/admin/upload")
    await page.set_input_files("input[name=file]", str(data_dir / "plan_tongguan_2024.txt"))
    await page.click("button:has-text('上传并预览')")
    await page.wait_for_selector("#upload-preview")
    assert "新单位" in await page.inner_text("#upload-preview")
    await page.click("#confirm-import")
    await page.wait_for_selector("#upload-result")
    assert "新增 28 项" in await page.inner_text("#upload-result")
    await page.screenshot(path=str(shots / "upload.png"), full_page=True)

    await page.click("a:has-text('查看 2024 年总览')")
    bar = page.locator("#year-grid .bar a", has_text="充电基础设施建设新闻发布会")
    await bar.wait_for()
    await page.screenshot(path=str(shots / "grid.png"), full_page=True)

    await bar.click()
    await page.wait_for_selector("#history")
    history = await page.inner_text("#history")
    assert "年度计划导入" in history and "创建" in history
    await page.screenshot(path=str(shots / "history.png"), full_page=True)

    await page.goto(f"{base}/admin/exports")
    await page.fill("#export-stats input[name=from]", "2024-01-01")
    await page.fill("#export-stats input[name=to]", "2024-12-31")
    async with page.expect_download() as info:
        await page.click("#export-stats button")
    download = await info.value
    saved = shots / "统计表.xlsx"
    await download.save_as(str(saved))
    book = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()))
    assert book.active.max_row >= 3
    await page.screenshot(path=str(shots / "exports.png"), full_page=True)


async def test_playground_register_then_ask_for_this_month(browser, server, shots):
    base = await server(demo="all")
    page = await browser.new_page()
    page.set_default_timeout(TIMEOUT)
    await as_person(page, base, "张三")
    registered = await chat(page, "我局4月28日下午3点在县政府新闻发布厅开招生政策发布会")
    assert "招生" in registered

    await as_person(page, base, "王丽")
    listing = await chat(page, "本月有哪些发布会")
    assert "招生" in listing and "稳就业" in listing
    await page.screenshot(path=str(shots / "playground.png"), full_page=True)


async def test_reminders_arrive_on_the_playground(browser, server, shots):
    base = await server(demo="all")
    page = await browser.new_page()
    page.set_default_timeout(TIMEOUT)
    await as_person(page, base, "张三")
    await chat(page, "我局4月16日上午9点开招生政策发布会")
    await page.click("#remind")
    push = page.locator(".msg.push", has_text="登记表")
    await push.first.wait_for()
    await page.screenshot(path=str(shots / "reminder.png"), full_page=True)


async def test_a_wrong_upload_shows_the_importers_error(browser, server, data_dir, shots, tmp_path):
    base = await server(demo="all")
    page = await browser.new_page()
    page.set_default_timeout(TIMEOUT)
    await page.goto(f"{base}/admin/signin")
    await page.fill("input[name=token]", "pressbot-admin-token")
    await page.click("button:has-text('登录')")
    await page.wait_for_url(f"{base}/admin")
    before = await page.inner_text("#year-grid")

    bad = tmp_path / "计划.txt"
    text = (data_dir / "plan_tongguan_2024.txt").read_text(encoding="utf-8").replace("4 月份", "13 月份", 1)
    bad.write_text(text, encoding="utf-8")
    await page.goto(f"{base}/admin/upload")
    await page.set_input_files("input[name=file]", str(bad))
    await page.click("button:has-text('上传并预览')")
    errors = await page.inner_text("#preview-errors")
    assert "第 38 行：时间“13月份”无法识别或不存在" in errors  # shown before anything is written
    await page.screenshot(path=str(shots / "upload-error.png"), full_page=True)
    await page.goto(f"{base}/admin")
    assert await page.inner_text("#year-grid") == before
