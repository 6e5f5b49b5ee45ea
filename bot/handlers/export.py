"""“导出上半年统计表”: the office gets an export as a file in the chat.

The document is built here, in the message's transaction, and leaves as a file message
through the outbox (``bot.delivery.files``); a platform that cannot send files gets a signed
download link instead. Which document, which period and which format the message names is read
by ``bot.nlp.commands``; a period not named is the rules' (the current half-year for statistics).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.conversation.replies import Say, send_file
from bot.conversation.turn import Turn
from bot.handlers.common import impossible_time, out_of_years_reply
from bot.nlp.commands import read_export
from store import rules

DOCUMENT_NAMES = {"stats": "统计表", "plan": "计划安排", "registration": "登记表"}
FORMAT_NAMES = {"xlsx": "Excel", "docx": "Word"}
UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class ExportRequest:
    what: str | None  # stats / plan / registration; None: the message names no document
    fmt: str
    start: date | None = None
    end: date | None = None
    event_id: int | None = None

    def source(self) -> dict[str, Any]:
        """How the document is built again (the download link of ``bot.web.downloads``)."""
        return {"what": self.what, "fmt": self.fmt, "event": self.event_id,
                "from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None}


def read_request(text: str, now: datetime) -> ExportRequest:
    """What the message asks for (``bot.nlp.commands``), the period defaulted by the rules."""
    ask = read_export(text, now)
    if ask.what == "registration" or ask.start is not None:
        return ExportRequest(ask.what, ask.fmt, ask.start, ask.end, ask.event_id)
    start, end = default_period(ask.what, now.date())
    return ExportRequest(ask.what, ask.fmt, start, end)


def default_period(what: str | None, today: date) -> tuple[date, date]:
    """Stats: the current half-year (what is handed in); the plan: the current year."""
    return rules.current_half(today) if what == "stats" else rules.period(today.year)


async def handle(turn: Turn) -> list[Say]:
    if not turn.actor.is_office:
        return [turn.reply("conversation/export/not_allowed.j2")]
    ask = read_export(turn.text, turn.now)
    if ask.out_of_years:
        return out_of_years_reply(turn, ask.out_of_years)
    if ask.what != "registration" and ask.start is None and (wrong := impossible_time(turn, ahead=False)):
        return [turn.reply("conversation/export/impossible_time.j2", wrong=wrong)]  # not the default period
    request = read_request(turn.text, turn.now)
    if request.what is None:
        return [turn.reply("conversation/export/what.j2")]
    if request.what == "registration" and request.event_id is None:
        return [turn.reply("conversation/export/need_event.j2")]
    return await export(turn, request)


async def export(turn: Turn, request: ExportRequest) -> list[Say]:
    from bot.channels.base import FileAttachment
    from bot.exports.common import ExportError
    from bot.exports.documents import MEDIA_TYPES, export_document

    try:
        content = await export_document(turn.session, what=_what(request), fmt=request.fmt,
                                        tz=turn.tz, start=request.start, end=request.end,
                                        event_id=request.event_id, issued_on=turn.now.date())
        about = await describe(turn, request)
    except ExportError as exc:
        return [turn.reply("conversation/export/failed.j2", text=str(exc))]
    file = FileAttachment(file_name(request, about), content, MEDIA_TYPES[request.fmt], request.source())
    return [turn.reply(f"conversation/export/{request.what}.j2", **about), send_file(file)]


async def describe(turn: Turn, request: ExportRequest) -> dict[str, Any]:
    """What the reply says about the document: its period and how many events it holds."""
    from bot.exports.query import held_events, plan_events, registration
    from bot.handlers.common import event_view
    from bot.timefmt import format_period

    if request.what == "registration" and request.event_id is not None:
        return {"event": event_view((await registration(turn.session, request.event_id)).event, turn.tz)}
    start, end = _period(request)
    period = format_period(start, end)
    if request.what == "stats":
        count = len(await held_events(turn.session, start=start, end=end, tz=turn.tz))
    else:
        count = len(await plan_events(turn.session, start=start, end=end))
    title = f"{DOCUMENT_NAMES[_what(request)]}（{FORMAT_NAMES[request.fmt]}）"
    return {"period": period, "count": count, "title": title}


def _what(request: ExportRequest) -> str:
    if request.what is None:  # handle() asks which document before exporting
        raise ValueError("no document named")
    return request.what


def _period(request: ExportRequest) -> tuple[date, date]:
    if request.start is None or request.end is None:  # read_request always gives stats and plans one
        raise ValueError("no period")
    return request.start, request.end


def file_name(request: ExportRequest, about: dict[str, Any]) -> str:
    """"2026年上半年统计表.xlsx", "区教育局新闻发布会登记表（编号12）.docx"."""
    if request.what == "registration":
        event = about["event"]
        stem = f"{event['unit']}{event['kind']}登记表（编号{event['id']}）"
    else:
        stem = f"{about['period']}{DOCUMENT_NAMES[_what(request)]}"
    return f"{UNSAFE_IN_NAME.sub('', stem)}.{request.fmt}"
