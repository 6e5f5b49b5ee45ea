"""Exports as signed, expiring download links (HMAC over path, every parameter and expiry).

The dashboard's buttons go to ``/admin/export`` (signed-in only), which answers with a
redirect to a fresh link. A link can also be handed out in chat where a platform cannot send
files (``download_link``; ``file_link_maker`` for the outbox). ``/download/…`` needs no
session, only a valid signature: no signature is 401, an expired, altered or repeated-key
one 403.
"""
from __future__ import annotations

from datetime import date, datetime
from urllib.parse import quote

from aiohttp import web

from bot.exports.common import ExportError
from bot.exports.documents import MEDIA_TYPES, export_document
from bot.keys import CLOCK, DB, SETTINGS
from bot.web.auth import VIEWER
from bot.web.config import DOWNLOAD_TTL, WEB, WebConfig
from bot.web.pages import message_page, page
from bot.web.signing import LinkCheck, check_link, signed_link
from store import rules

# what → (its name, its formats)
DOCUMENTS = {"stats": ("统计表", ("xlsx",)), "plan": ("计划安排", ("xlsx", "docx")),
             "registration": ("登记表", ("docx",)), "assessment": ("考核表", ("xlsx",))}


def download_link(config: WebConfig, *, what: str, fmt: str, now: datetime, start: date | None = None,
                  end: date | None = None, event_id: int | None = None, absolute: bool = True) -> str:
    """A link to the export, valid for ``DOWNLOAD_TTL``."""
    params = {"from": start.isoformat() if start else "", "to": end.isoformat() if end else "",
              "event": str(event_id) if event_id else ""}
    path = signed_link(config.secret, f"/download/{what}.{fmt}", params,
                       expires=int((now + DOWNLOAD_TTL).timestamp()))
    return f"{config.public_url}{path}" if absolute else path


def file_link_maker(config: WebConfig):
    """For the outbox: a chat export's download link, where a platform cannot send the file."""
    from bot.delivery.files import FileLink

    def make(source: dict, now: datetime, base: str | None = None) -> FileLink | None:
        what, fmt = source.get("what"), source.get("fmt")
        if what not in DOCUMENTS or fmt not in DOCUMENTS[what][1]:
            return None
        path = download_link(config, what=what, fmt=fmt, now=now, start=_day(source.get("from")),
                             end=_day(source.get("to")), event_id=source.get("event"), absolute=False)
        # the address the person reached us at (the playground's), else the public URL
        return FileLink(f"{(base or config.public_url).rstrip('/')}{path}",
                        int(DOWNLOAD_TTL.total_seconds() // 60))

    return make


def _day(text: str | None) -> date | None:
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        raise ExportError(f"日期“{text}”无效，应为 YYYY-MM-DD。") from None
    if day is not None and not rules.in_register_years(day):
        raise ExportError(f"日期“{text}”超出可登记的年份（{rules.years_text()}）。")
    return day


def _request_of(query) -> tuple[str, str, date | None, date | None, int | None]:
    what, fmt = query.get("what", ""), query.get("fmt", "")
    if what not in DOCUMENTS or fmt not in DOCUMENTS[what][1]:
        raise ExportError("请选择要导出的文件及其格式。")
    start, end = _day(query.get("from")), _day(query.get("to"))
    event = query.get("event", "").strip()
    if event and rules.row_id(event) is None:
        raise ExportError(f"活动编号“{event}”无效。")
    if what == "registration" and not event:
        raise ExportError("导出登记表需要填写活动编号。")
    if what != "registration" and (start is None or end is None or end < start):
        raise ExportError("请填写导出的起止日期（结束日期不早于开始日期）。")
    if what == "assessment" and start and end and start.year != end.year:  # the 考核 is by calendar year
        raise ExportError(f"考核表按自然年统计，请选择同一年内的起止日期（如{start.year}-01-01至{start.year}-12-31）。")
    return what, fmt, start, end, int(event) if event else None


async def exports_page(request: web.Request) -> web.Response:
    today = request.app[CLOCK].now().date()
    return page("exports.html", viewer=request[VIEWER], today=today, half=rules.current_half(today),
                year=rules.period(today.year), error=None)


async def export_redirect(request: web.Request) -> web.Response:
    try:
        what, fmt, start, end, event_id = _request_of(request.query)
    except ExportError as exc:
        return message_page("无法导出", str(exc), status=400, viewer=request[VIEWER],
                            link=("/admin/exports", "返回导出页"))
    link = download_link(request.app[WEB], what=what, fmt=fmt, now=request.app[CLOCK].now(),
                         start=start, end=end, event_id=event_id, absolute=False)
    raise web.HTTPSeeOther(link)


async def _filename(session, what: str, fmt: str, start: date | None, end: date | None,
                    event_id: int | None) -> str:
    """The name the chat announced for this file ("2026年上半年统计表.xlsx")."""
    from bot.handlers.common import event_view
    from bot.handlers.export import DOCUMENT_NAMES, ExportRequest, file_name
    from bot.timefmt import format_period
    from store.models import Event

    period = format_period(start, end) if start and end else ""
    if what == "assessment" and start:  # the year's, whatever days of it were asked
        return f"{start.year}年{DOCUMENTS[what][0]}.{fmt}"
    if what not in DOCUMENT_NAMES:  # a document the chat does not offer: named the same way
        return f"{period}{DOCUMENTS[what][0]}.{fmt}"
    event = await session.get(Event, event_id) if event_id else None
    about = {"event": event_view(event)} if event else {"period": period}
    return file_name(ExportRequest(what, fmt, start, end, event_id), about)


async def download(request: web.Request) -> web.Response:
    config, now = request.app[WEB], request.app[CLOCK].now()
    verdict = check_link(config.secret, request.path, request.query, now=int(now.timestamp()))
    if verdict is LinkCheck.MISSING:
        return message_page("需要登录", "下载文件需要有效的下载链接，或先登录后台再导出。", status=401,
                            link=("/admin/signin", "登录后台"))
    if verdict is not LinkCheck.OK:
        text = "下载链接已过期，请重新导出。" if verdict is LinkCheck.EXPIRED else "下载链接无效（可能被改动过）。"
        return message_page("无法下载", text, status=403, link=("/admin/exports", "到后台重新导出"))
    what, _, fmt = request.match_info["name"].partition(".")
    try:
        what, fmt, start, end, event_id = _request_of({**request.query, "what": what, "fmt": fmt})
        async with request.app[DB].sessions() as session:
            body = await export_document(session, what=what, fmt=fmt, tz=config.tz, start=start, end=end,
                                         event_id=event_id, issued_on=now.date(),
                                         policy=request.app[SETTINGS].reminders)
            filename = await _filename(session, what, fmt, start, end, event_id)
    except ExportError as exc:
        return message_page("无法导出", str(exc), status=400, link=("/admin/exports", "返回导出页"))
    return web.Response(body=body, content_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f"attachment; filename=\"export.{fmt}\"; filename*=UTF-8''{quote(filename)}",
        "Cache-Control": "no-store"})


def routes() -> list[web.RouteDef]:
    return [web.get("/admin/exports", exports_page), web.get("/admin/export", export_redirect),
            web.get("/download/{name}", download)]
