"""The dashboard's pages: the year grid, the list, one event and its history, "2·1+N", attention."""
from __future__ import annotations

from datetime import date, datetime
from typing import overload

from aiohttp import web
from sqlalchemy import select

from bot.delivery.report import count_failed, error_kind, failed_messages, handle_again
from bot.keys import CLOCK, DB, INBOX, SETTINGS
from bot.procedure.config import procedure_of
from bot.procedure.publication import overdue as overdue_publications
from bot.procedure.views import event_procedure, waiting_steps
from bot.web import queries
from bot.web.auth import VIEWER
from bot.web.config import WEB
from bot.web.grid import build_grid
from bot.web.pages import local_time, message_page, page
from store import rules
from store.models import Event, InboundMessage, RegistrationForm, StatisticsForm
from store.repo import event_history
from store.rules import APPROVAL_NAMES as APPROVALS
from store.rules import KIND_NAMES, PLATFORM_NAMES, STATUS_NAMES
from store.units import mark_key_by_id


def today(request: web.Request) -> date:
    return request.app[CLOCK].now().date()


def now(request: web.Request) -> datetime:
    return request.app[CLOCK].now().astimezone(request.app[WEB].tz)


@overload
def int_param(request: web.Request, name: str, default: int, lo: int = ..., hi: int = ...) -> int: ...
@overload
def int_param(request: web.Request, name: str, default: None = ..., lo: int = ..., hi: int = ...) -> int | None: ...
def int_param(request: web.Request, name: str, default: int | None = None,
              lo: int = 1, hi: int = 10**9) -> int | None:
    text = request.query.get(name, "").strip()
    if not text.isdigit() or not lo <= int(text) <= hi:
        return default
    return int(text)


def int_or(request: web.Request, name: str, default: int, lo: int = 1, hi: int = 10**9) -> int:
    """``int_param`` with a default, so never None."""
    value = int_param(request, name, default, lo, hi)
    return default if value is None else value


def choice_param(request: web.Request, name: str, allowed) -> str | None:
    value = request.query.get(name) or None
    return value if value in allowed else None


def month_param(request: web.Request, name: str, *, end: bool) -> date | None:
    """"2026-05" → its first (or last) day; anything else → no bound."""
    text = request.query.get(name, "").strip()
    try:
        year, month = (int(x) for x in text.split("-")[:2])
        first = date(year, month, 1)
    except ValueError:
        return None
    if not rules.in_register_years(first):  # "9999-12": no event is there, and its month's end overflows
        return None
    if not end:
        return first
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


async def overview(request: web.Request) -> web.Response:
    year = int_or(request, "year", today(request).year, rules.YEARS.start, rules.YEARS.stop - 1)
    kind = choice_param(request, "kind", KIND_NAMES)
    async with request.app[DB].sessions() as session:
        units = await queries.units(session)
        rows = await queries.grid_rows(session, year, kind)
    grid = build_grid(year, units, rows, today(request))
    return page("overview.html", viewer=request[VIEWER], grid=grid, kind=kind, year=year,
                today=today(request))


async def event_list(request: web.Request) -> web.Response:
    filters = queries.Filters(
        unit_id=int_param(request, "unit"), kind=choice_param(request, "kind", KIND_NAMES),
        status=choice_param(request, "status", STATUS_NAMES),
        start=month_param(request, "from", end=False), end=month_param(request, "to", end=True),
        page=int_or(request, "page", 1))
    async with request.app[DB].sessions() as session:
        units = await queries.units(session)
        result = await queries.event_list(session, filters)
    query = {k: v for k, v in request.query.items() if k != "page" and v}
    return page("events.html", viewer=request[VIEWER], result=result, units=units,
                filters=filters, query=query, args=request.query, tz=request.app[WEB].tz,
                local_time=local_time)


async def event_detail(request: web.Request) -> web.Response:
    event_id = int(request.match_info["id"])
    async with request.app[DB].sessions() as session:
        event = await session.get(Event, event_id)
        if event is None:
            return message_page("找不到活动", f"没有编号为 {event_id} 的活动。", status=404,
                                viewer=request[VIEWER], link=("/admin/events", "返回列表"))
        history = await event_history(session, event_id)
        ids = {c.inbound_id for c in history if c.inbound_id is not None}
        # what the person wrote that made each change (its words, not a row number)
        rows = await session.execute(select(InboundMessage.id, InboundMessage.text).where(InboundMessage.id.in_(ids)))
        said = {row.id: row.text for row in rows} if ids else {}
        registration = await session.scalar(select(RegistrationForm).where(RegistrationForm.event_id == event_id))
        statistics = await session.scalar(select(StatisticsForm).where(StatisticsForm.event_id == event_id))
        settings = request.app[SETTINGS]
        procedure = await event_procedure(session, event, now(request), procedure_of(settings, settings.reminders))
    return page("event.html", viewer=request[VIEWER], event=event, history=history, said=said,
                registration=registration, statistics=statistics,
                APPROVALS=APPROVALS, tz=request.app[WEB].tz, local_time=local_time, procedure=procedure)


async def quota(request: web.Request) -> web.Response:
    year = int_or(request, "year", today(request).year, rules.YEARS.start, rules.YEARS.stop - 1)
    async with request.app[DB].sessions() as session:
        lines = await queries.quota_lines(session, year, request.app[SETTINGS].reminders)
    scale = max([line.standing.quota for line in lines] + [line.standing.planned for line in lines] + [1])
    return page("quota.html", viewer=request[VIEWER], lines=lines, year=year, scale=scale)


async def set_key(request: web.Request) -> web.Response:
    """The quota page's toggle: mark a unit as a "2·1+N" key department, or not."""
    form = await request.post()
    key = str(form.get("key", "")) == "1"
    year = str(form.get("year", ""))
    async with request.app[DB].sessions() as session, session.begin():
        unit = await mark_key_by_id(session, int(request.match_info["id"]), key)
    if unit is None:
        return message_page("找不到单位", "没有这个单位。", status=404, viewer=request[VIEWER],
                            link=("/admin/quota", "返回"))
    where = f"/admin/quota?year={year}" if year.isdigit() else "/admin/quota"
    return web.Response(status=303, headers={"Location": where})


async def attention(request: web.Request) -> web.Response:
    async with request.app[DB].sessions() as session:
        settings = request.app[SETTINGS]
        found = await queries.attention(session, today(request), settings.reminders)
        late_publications = await overdue_publications(session, now(request),
                                                       procedure_of(settings, settings.reminders))
        waiting = await waiting_steps(session)
        failed = await failed_messages(session, queries.ATTENTION_LIMIT)
        failed_total = await count_failed(session)
    return page("attention.html", viewer=request[VIEWER], found=found, today=today(request),
                failed=failed, failed_total=failed_total, error_kind=error_kind, platform_names=PLATFORM_NAMES,
                limit=queries.ATTENTION_LIMIT, tz=request.app[WEB].tz, local_time=local_time,
                late_publications=late_publications, waiting_steps=waiting, now=now(request))


async def handle_message_again(request: web.Request) -> web.Response:
    """The attention page's button: a failed message is handled again (and answered again)."""
    row_id = int(request.match_info["id"])
    async with request.app[DB].writing() as session:
        again = await handle_again(session, row_id, now(request))
    if not again:
        return message_page("找不到消息", "没有这条处理出错的消息，可能已经重新处理过了。", status=404,
                            viewer=request[VIEWER], link=("/admin/attention#failed", "返回"))
    request.app[INBOX].wake()
    return web.Response(status=303, headers={"Location": "/admin/attention#failed"})


def routes() -> list[web.RouteDef]:
    return [
        web.get("/admin", overview), web.get("/admin/", overview),
        web.get("/admin/events", event_list), web.get(r"/admin/events/{id:\d{1,18}}", event_detail),
        web.get("/admin/quota", quota), web.get("/admin/attention", attention),
        web.post(r"/admin/units/{id:\d{1,18}}/key", set_key),
        web.post(r"/admin/inbox/{id:\d{1,18}}/again", handle_message_again),
    ]
