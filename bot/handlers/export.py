"""“导出上半年统计表”: the office gets an export as a file in the chat.

The document is built here, in the message's transaction, and leaves as a file message
through the outbox (``bot.delivery.files``); a platform that cannot send files gets a signed
download link instead. Which document, which period and which format are read by the tables
below; the period by ``find_time`` (past-leaning: "3月" in April is this March).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.conversation.dispatch import normalize
from bot.conversation.replies import Say, send_file
from bot.conversation.turn import Turn
from store import rules

# "导出…" / "下载…" up front, or "把…导出来" at the end: a topic that merely mentions 导出
# ("数据导出平台发布会") is left to the other routes
TRIGGER = re.compile(r"^(?:请|帮我|麻烦|我要|给我)?(?:导出|下载)|导出(?:来|一下)?$")
# (document, words that name it), first match wins: "登记表" before "统计", "统计" before "计划"
DOCUMENT_WORDS = (("registration", ("登记表", "登记")), ("stats", ("统计表", "统计")),
                  ("plan", ("计划", "安排")))
FORMAT_WORDS = (("docx", ("word", "docx", "doc", "文档")), ("xlsx", ("excel", "xlsx", "xls", "表格")))
DEFAULT_FORMAT = {"stats": "xlsx", "plan": "xlsx", "registration": "docx"}
DOCUMENT_NAMES = {"stats": "统计表", "plan": "计划安排", "registration": "登记表"}
FORMAT_NAMES = {"xlsx": "Excel", "docx": "Word"}
EVENT_ID = re.compile(r"(?:编号|id|#)\s*[:：为是]?\s*(\d+)|(\d+)\s*号活动")
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


async def matches(turn: Turn) -> bool:
    return bool(TRIGGER.search(normalize(turn.text)))


def read_request(text: str, now: datetime) -> ExportRequest:
    from bot.nlp.normalize import normalize as nlp_normalize
    from bot.nlp.times import find_time

    plain = nlp_normalize(text).lower()
    what = next((doc for doc, words in DOCUMENT_WORDS if any(w in plain for w in words)), None)
    fmt = next((f for f, words in FORMAT_WORDS if any(w in plain for w in words)),
               DEFAULT_FORMAT.get(what or "", "xlsx"))
    if what == "registration":
        found = EVENT_ID.search(plain)
        return ExportRequest(what, fmt, event_id=int(found.group(1) or found.group(2)) if found else None)
    window = find_time(text, now, prefer_future=False)
    if window is not None:
        return ExportRequest(what, fmt, _day(window.start), _day(window.end))
    start, end = default_period(what, now.date())
    return ExportRequest(what, fmt, start, end)


def default_period(what: str | None, today: date) -> tuple[date, date]:
    """Stats: the current half-year (what is handed in); the plan: the current year."""
    return rules.current_half(today) if what == "stats" else rules.period(today.year)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


async def handle(turn: Turn) -> list[Say]:
    if not turn.actor.is_office:
        return [turn.reply("conversation/export/not_allowed.j2")]
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
        content = await export_document(turn.session, what=request.what, fmt=request.fmt,
                                        tz=turn.now.tzinfo, start=request.start, end=request.end,
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

    if request.what == "registration":
        return {"event": event_view((await registration(turn.session, request.event_id)).event, turn.tz)}
    period = format_period(request.start, request.end)
    if request.what == "stats":
        count = len(await held_events(turn.session, start=request.start, end=request.end, tz=turn.now.tzinfo))
    else:
        count = len(await plan_events(turn.session, start=request.start, end=request.end))
    title = f"{DOCUMENT_NAMES[request.what]}（{FORMAT_NAMES[request.fmt]}）"
    return {"period": period, "count": count, "title": title}


def file_name(request: ExportRequest, about: dict[str, Any]) -> str:
    """"2026年上半年统计表.xlsx", "区教育局新闻发布会登记表（编号12）.docx"."""
    if request.what == "registration":
        event = about["event"]
        stem = f"{event['unit']}{event['kind']}登记表（编号{event['id']}）"
    else:
        stem = f"{about['period']}{DOCUMENT_NAMES[request.what]}"
    return f"{UNSAFE_IN_NAME.sub('', stem)}.{request.fmt}"
