"""Who may see the dashboard: a one-time link from the bot, or the configured admin token.

The link's token is random, kept only as its SHA-256, valid for 15 minutes and once. Opening
the link shows a button; only pressing it uses the token, because chat apps fetch links to
preview them and would otherwise spend it. Signing in sets a signed session cookie (HttpOnly,
SameSite=Lax); every request re-checks that the person is still active office staff.
"""
from __future__ import annotations

import contextvars
import hashlib
import hmac
import math
import secrets
from datetime import datetime
from urllib.parse import urlsplit

from aiohttp import web
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.limits import Rule
from bot.keys import CLOCK, DB, LIMITS
from bot.web.config import LOGIN_LINK_TTL, SESSION_TTL, WEB
from bot.web.pages import Viewer, environment, message_page, page
from bot.web.signing import read_session, session_value, sign
from store.models import LoginToken, Person
from store.rules import OFFICE_ROLES

COOKIE = "pressbot_admin"
ADMIN_TOKEN_VIEWER = Viewer(0, "管理员（令牌登录）")
# Where the signed-in viewer is kept on the request (RequestKey where aiohttp has it).
VIEWER = web.RequestKey("viewer", Viewer) if hasattr(web, "RequestKey") else "viewer"
# Paths under /admin that are open: how to sign in, and signing in itself.
OPEN_PREFIXES = ("/admin/signin", "/admin/login/")
# POSTs checked for their origin; those of a session also for its token
GUARDED_PREFIXES = ("/admin", "/playground")
CSRF_FIELD, CSRF_HEADER = "csrf", "X-CSRF-Token"
SIGNIN_PER_ADDRESS = Rule(10, 600)
SIGNIN_OVERALL = Rule(60, 600)
# Bodies of the dashboard's small forms (the plan upload streams, with its own cap).
FORM_BODY_LIMIT = 64 * 1024
STREAMED = ("/admin/upload",)
_csrf: contextvars.ContextVar[str] = contextvars.ContextVar("pressbot_csrf", default="")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def may_sign_in(person: Person | None) -> bool:
    return person is not None and person.active and person.role in OFFICE_ROLES


async def issue_login_link(session: AsyncSession, person: Person, now: datetime, base_url: str) -> str:
    """A one-time sign-in link for an office person (the caller commits)."""
    if not may_sign_in(person):
        raise PermissionError("只有政务公开办人员可以登录后台")
    token = secrets.token_urlsafe(32)
    session.add(LoginToken(token_hash=_digest(token), person_id=person.id, created_at=now,
                           expires_at=now + LOGIN_LINK_TTL))
    await session.flush()
    return f"{base_url.rstrip('/')}/admin/login/{token}"


async def usable_token(session: AsyncSession, token: str, now: datetime) -> LoginToken | None:
    row = await session.scalar(select(LoginToken).where(LoginToken.token_hash == _digest(token)))
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    return row


async def spend_token(session: AsyncSession, token: str, now: datetime) -> int | None:
    """Mark the token used, atomically (two clicks race: one wins); the person id, or None."""
    result = await session.execute(
        update(LoginToken)
        .where(LoginToken.token_hash == _digest(token), LoginToken.used_at.is_(None),
               LoginToken.expires_at > now)
        .values(used_at=now).returning(LoginToken.person_id))
    return result.scalar()


async def viewer_of(request: web.Request) -> Viewer | None:
    config = request.app[WEB]
    value = request.cookies.get(COOKIE)
    if not value:
        return None
    person_id = read_session(config.secret, value, now=int(request.app[CLOCK].now().timestamp()))
    if person_id is None:
        return None
    if person_id == 0:
        return ADMIN_TOKEN_VIEWER if config.admin_token else None
    async with request.app[DB].sessions() as session:
        person = await session.get(Person, person_id)
    return Viewer(person.id, person.name) if may_sign_in(person) else None


def csrf_token_of(secret: bytes, cookie: str) -> str:
    """The session's form token: bound to this session cookie, useless with any other."""
    return sign(secret, f"csrf\n{cookie}")


def csrf_token() -> str:
    """For the templates: the token of the session the page is rendered for ("" without one)."""
    return _csrf.get()


environment().globals["csrf_token"] = csrf_token


def _own_origin(request: web.Request) -> set[str]:
    public = urlsplit(request.app[WEB].public_url)
    return {f"{request.scheme}://{request.host}", f"{public.scheme}://{public.netloc}"}


def _foreign(request: web.Request) -> bool:
    """True when the browser says the request comes from another site."""
    origin = request.headers.get("Origin")
    if origin is None:
        referer = request.headers.get("Referer")
        if not referer:
            return False  # not a browser form (a script, a test client): the token decides
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return origin not in _own_origin(request)


async def _given_token(request: web.Request) -> str:
    given = request.headers.get(CSRF_HEADER) or request.query.get(CSRF_FIELD)
    if given or request.path in STREAMED:
        return given or ""
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return str((await request.post()).get(CSRF_FIELD, ""))  # cached for the handler
    return ""


@web.middleware
async def csrf_protect(request: web.Request, handler):
    """POSTs under /admin and /playground: same origin, a capped body, and the session's token."""
    cookie = request.cookies.get(COOKIE, "")
    _csrf.set(csrf_token_of(request.app[WEB].secret, cookie) if cookie else "")
    if request.method in ("GET", "HEAD", "OPTIONS") or not request.path.startswith(GUARDED_PREFIXES):
        return await handler(request)
    if _foreign(request):
        return message_page("请求被拒绝", "这个请求来自其他网站，已拒绝。请在后台页面上操作。", status=403)
    if request.path not in STREAMED and (request.content_length or 0) > FORM_BODY_LIMIT:
        return message_page("请求太大", "提交的内容太大。", status=413)
    if request.path not in STREAMED and request.content_length is None and request.body_exists:
        # a form's length is known before it is sent (browsers always say it); a body sent
        # in chunks would pass the cap above unseen
        return message_page("请求无效", "提交的内容没有注明长度，已拒绝。请在后台页面上操作。", status=411)
    needs_token = cookie and request.path.startswith("/admin") and not request.path.startswith(OPEN_PREFIXES)
    if needs_token and not hmac.compare_digest(await _given_token(request), _csrf.get()):
        return message_page("请求已过期", "页面已过期或请求不是从后台页面发出的，请刷新页面后重试。",
                            status=403, link=("/admin", "回到后台"))
    return await handler(request)


async def _signin_wait(request: web.Request) -> float | None:
    """Seconds to wait before another sign-in try from this address (or from anyone), or None."""
    limits, now = request.app[LIMITS], request.app[CLOCK].now()
    wait = await limits.try_take(f"signin:addr:{request.remote}", SIGNIN_PER_ADDRESS, now)
    if wait is None:
        wait = await limits.try_take("signin:all", SIGNIN_OVERALL, now)
    return wait


def signin_page(request: web.Request, status: int = 401, error: str | None = None) -> web.Response:
    config = request.app[WEB]
    return page("signin.html", status=status, error=error, playground=config.playground,
                token_set=bool(config.admin_token))


@web.middleware
async def require_admin(request: web.Request, handler):
    """Every /admin page needs a signed-in office person; the sign-in pages themselves do not."""
    path = request.path
    if not path.startswith("/admin") or path.startswith(OPEN_PREFIXES):
        return await handler(request)
    viewer = await viewer_of(request)
    if viewer is None:
        return signin_page(request)
    request[VIEWER] = viewer
    return await handler(request)


def _signed_in(request: web.Request, person_id: int) -> web.Response:
    config = request.app[WEB]
    expires = int((request.app[CLOCK].now() + SESSION_TTL).timestamp())
    response = web.Response(status=303, headers={"Location": "/admin"})
    response.set_cookie(COOKIE, session_value(config.secret, person_id, expires), httponly=True,
                        samesite="Lax", secure=config.secure_cookies, path="/",
                        max_age=int(SESSION_TTL.total_seconds()))
    return response


async def signin_get(request: web.Request) -> web.Response:
    return signin_page(request, status=200)


async def signin_post(request: web.Request) -> web.Response:
    """Sign in with the configured admin token (PRESSBOT_ADMIN_TOKEN)."""
    config = request.app[WEB]
    wait = await _signin_wait(request)
    if wait is not None:
        response = signin_page(request, status=429, error=f"尝试次数过多，请 {math.ceil(wait / 60)} 分钟后再试。")
        response.headers["Retry-After"] = str(math.ceil(wait))
        return response
    form = await request.post()
    given = str(form.get("token", ""))
    if not config.admin_token:  # no token can be right: say so, not "wrong token"
        return signin_page(request, status=403, error="本系统没有设置管理令牌（PRESSBOT_ADMIN_TOKEN），"
                                                      "请用机器人发来的登录链接登录。")
    if not hmac.compare_digest(given.encode(), config.admin_token.encode()):
        return signin_page(request, status=403, error="令牌不正确。")
    return _signed_in(request, 0)


async def login_get(request: web.Request) -> web.Response:
    async with request.app[DB].sessions() as session:
        row = await usable_token(session, request.match_info["token"], request.app[CLOCK].now())
        person = await session.get(Person, row.person_id) if row else None
    if person is None or not may_sign_in(person):
        return _link_refused(request)
    return page("login.html", name=person.name, action=request.path)


async def login_post(request: web.Request) -> web.Response:
    now = request.app[CLOCK].now()
    async with request.app[DB].writing() as session:
        person_id = await spend_token(session, request.match_info["token"], now)
        person = await session.get(Person, person_id) if person_id else None
    if person is None or not may_sign_in(person):
        return _link_refused(request)
    return _signed_in(request, person.id)


async def logout(request: web.Request) -> web.Response:
    response = message_page("已退出", "您已退出后台。", status=200, link=("/admin/signin", "重新登录"))
    response.del_cookie(COOKIE, path="/")
    return response


def _link_refused(request: web.Request) -> web.Response:
    text = ("这个登录链接无效、已使用或已过期（有效期 15 分钟，只能用一次）。"
            "请在与机器人的私聊中再发送“后台”获取新链接。")
    if request.app[WEB].playground:
        return message_page("链接无效", f"{text}试用时在试用页以政务公开办人员的身份发送。", status=403,
                            link=("/playground", "到试用页获取新链接"))
    return message_page("链接无效", text, status=403, link=("/admin/signin", "其他登录方式"))


def routes() -> list[web.RouteDef]:
    return [
        web.get("/admin/signin", signin_get), web.post("/admin/signin", signin_post),
        web.get("/admin/login/{token}", login_get), web.post("/admin/login/{token}", login_post),
        web.post("/admin/logout", logout),
    ]
