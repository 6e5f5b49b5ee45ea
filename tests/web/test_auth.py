"""Nobody sees the dashboard or downloads a file without signing in or a valid signed link."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.web.auth import COOKIE, issue_login_link
from store.models import LoginToken, Person, Role

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

# Every page and action of the dashboard, and the download URL (the app's own list is checked too).
ADMIN_REQUESTS = [
    ("GET", "/admin"), ("GET", "/admin/"), ("GET", "/admin/events"), ("GET", "/admin/events/1"),
    ("GET", "/admin/quota"), ("GET", "/admin/attention"), ("GET", "/admin/upload"),
    ("POST", "/admin/upload"), ("POST", "/admin/upload/confirm"), ("GET", "/admin/exports"),
    ("GET", "/admin/assessment"),
    ("POST", "/admin/units/1/key"), ("POST", "/admin/inbox/1/again"),
    ("GET", "/admin/export?what=stats&fmt=xlsx&from=2026-01-01&to=2026-06-30"),
    ("POST", "/admin/logout"),
]


@pytest.mark.parametrize("method,path", ADMIN_REQUESTS, ids=[f"{m} {p}" for m, p in ADMIN_REQUESTS])
async def test_admin_pages_refuse_the_unauthenticated(site, method, path):
    resp = await site.client.request(method, path, allow_redirects=False)
    body = await resp.text()
    assert resp.status == 401
    assert "后台仅供政务公开办" in body and "发送“<b>后台</b>”" in body
    assert "全年总览" not in body  # nothing of the dashboard leaks


async def test_the_list_above_covers_every_admin_route(site):
    listed = {path.split("?")[0].replace("/1", "/{id}") for _, path in ADMIN_REQUESTS}
    open_ = {"/admin/signin", "/admin/login/{token}"}
    routes = {r.resource.canonical for r in site.app.router.routes()
              if r.resource is not None and r.resource.canonical.startswith("/admin")}
    routes = {r.replace(r"{id:\d+}", "{id}") for r in routes}
    assert routes - open_ <= listed | {"/admin/events/{id}"}


async def test_download_without_a_signature_is_401(site):
    resp = await site.client.get("/download/stats.xlsx?from=2026-01-01&to=2026-06-30")
    assert resp.status == 401
    assert "下载链接" in await resp.text()


async def test_a_forged_cookie_is_not_a_session(site):
    site.client.session.cookie_jar.update_cookies({COOKIE: "0.99999999999.forged"})
    assert (await site.client.get("/admin")).status == 401


async def test_wrong_admin_token_is_refused(site):
    resp = await site.client.post("/admin/signin", data={"token": "guess"})
    assert resp.status == 403
    assert "令牌不正确" in await resp.text()
    assert (await site.client.get("/admin")).status == 401


async def test_without_a_configured_token_no_token_signs_in(start_site):
    site = await start_site(PRESSBOT_ADMIN_TOKEN="")
    resp = await site.client.post("/admin/signin", data={"token": ""})
    assert resp.status == 403
    for token in ("", "pressbot-admin-token"):  # whatever is typed, the page says why (not "wrong token")
        resp = await site.client.post("/admin/signin", data={"token": token})
        text = await resp.text()
        assert resp.status == 403 and "没有设置管理令牌" in text and "令牌不正确" not in text
    assert "此方式不可用" in await (await site.client.get("/admin/signin")).text()


async def test_admin_token_signs_in_with_an_httponly_lax_cookie(site):
    resp = await site.client.post("/admin/signin", data={"token": "pressbot-admin-token"}, allow_redirects=False)
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "全年总览" in await site.text("/admin")


async def test_session_ends_after_twelve_hours(site):
    await site.sign_in()
    site.clock.advance(timedelta(hours=12, minutes=1))
    assert (await site.client.get("/admin")).status == 401


async def test_logout_ends_the_session(site):
    await site.sign_in()
    await site.client.post("/admin/logout")
    assert (await site.client.get("/admin")).status == 401


async def _link(site, user_id: str = "wangli") -> str:
    async with site.sessions() as s, s.begin():
        person = await s.scalar(select(Person).where(Person.user_id == user_id))
        return await issue_login_link(s, person, site.clock.now(), "http://pressbot.example")


async def test_login_link_signs_in_once(site):
    link = await _link(site)
    path = link.removeprefix("http://pressbot.example")
    page = await site.text(path)  # opening it (or a chat app's preview) does not spend it
    assert "王丽" in page and "登录后台" in page
    resp = await site.client.post(path, allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == "/admin"
    assert "王丽" in await site.text("/admin")
    again = await site.client.post(path, allow_redirects=False)
    assert again.status == 403
    assert "已使用或已过期" in await again.text()


async def test_login_link_is_stored_hashed(site):
    link = await _link(site)
    token = link.rsplit("/", 1)[1]
    async with site.sessions() as s:
        stored = await s.scalar(select(LoginToken.token_hash))
    assert token not in stored and len(stored) == 64


async def test_login_link_expires_after_fifteen_minutes(site):
    path = (await _link(site)).removeprefix("http://pressbot.example")
    site.clock.advance(timedelta(minutes=15, seconds=1))
    assert (await site.client.get(path)).status == 403
    assert (await site.client.post(path, allow_redirects=False)).status == 403
    assert (await site.client.get("/admin")).status == 401


async def test_a_made_up_login_link_is_refused(site):
    assert (await site.client.post("/admin/login/not-a-token", allow_redirects=False)).status == 403


async def test_no_link_for_a_liaison(site):
    with pytest.raises(PermissionError):
        await _link(site, "zhangsan")


async def test_leaving_the_office_ends_the_session(site):
    path = (await _link(site)).removeprefix("http://pressbot.example")
    await site.client.post(path)
    async with site.sessions() as s, s.begin():
        person = await s.scalar(select(Person).where(Person.user_id == "wangli"))
        person.role = Role.LIAISON
    assert (await site.client.get("/admin")).status == 401


async def test_in_a_group_the_link_is_sent_privately(site):
    from bot.app import INBOX
    from bot.channels.base import GROUP, Incoming
    from store.models import OutboxMessage

    await site.app[INBOX].accept(Incoming(
        platform="console", chat_id="group-1", chat_type=GROUP, user_id="wangli", user_name="王丽",
        text="后台", message_id="g-1", mentioned=True))
    await site.settle()
    async with site.sessions() as s:
        rows = list(await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    to_group = [r.body for r in rows if r.target.get("chat_type") == GROUP]
    private = [r.body for r in rows if r.target.get("chat_type") != GROUP]
    assert to_group and all("/admin/login/" not in body for body in to_group)
    assert "私聊" in to_group[0]
    assert any("/admin/login/" in body for body in private)
