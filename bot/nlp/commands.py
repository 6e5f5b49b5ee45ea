"""What a command says besides its route: which document to export.

Pure functions over the message text, like the rest of ``bot.nlp``; the handlers decide what
to do with it (``bot.handlers.export``). The counts a report gives ("来了8家媒体") are read by
the statistics form (``bot.forms.statistics.counts_in_message``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from store.rules import in_register_years, row_id

from .intent_words import EVENT_ID
from .normalize import normalize
from .times import find_time

# (document, words that name it), first match wins: "登记表" before "统计", "统计" before "计划"
DOCUMENT_WORDS = (("registration", ("登记表", "登记")), ("stats", ("统计表", "统计")),
                  ("plan", ("计划", "安排")))
FORMAT_WORDS = (("docx", ("word", "docx", "doc", "文档")), ("xlsx", ("excel", "xlsx", "xls", "表格")))
DEFAULT_FORMAT = {"stats": "xlsx", "plan": "xlsx", "registration": "docx"}

@dataclass(frozen=True)
class ExportAsk:
    what: str | None  # stats / plan / registration; None: the message names no document
    fmt: str
    start: date | None = None  # the period named, if any (past-leaning: "3月" in April is this March)
    end: date | None = None
    event_id: int | None = None
    out_of_years: str | None = None  # the time said, when no register holds it ("9999年")


def read_export(text: str, now: datetime) -> ExportAsk:
    """"导出上半年统计表", "下载编号12的登记表 word"."""
    plain = normalize(text).lower()
    what = next((doc for doc, words in DOCUMENT_WORDS if any(w in plain for w in words)), None)
    fmt = next((f for f, words in FORMAT_WORDS if any(w in plain for w in words)),
               DEFAULT_FORMAT.get(what or "", "xlsx"))
    if what == "registration":
        # a number too large to be any event's names none: "which event?" is asked, as without one
        return ExportAsk(what, fmt, event_id=event_number(plain))
    window = find_time(text, now, prefer_future=False)
    if window is None:
        return ExportAsk(what, fmt)
    start, end = _day(window.start), _day(window.end)
    if not in_register_years(start, end):
        return ExportAsk(what, fmt, out_of_years=window.text or f"{start.year}年")
    return ExportAsk(what, fmt, start, end)


def number_said(text: str) -> str | None:
    """The digits of the event number a message names ("编号57", "57号活动"), as written."""
    found = EVENT_ID.search(normalize(text).lower())
    return (found.group(1) or found.group(2)) if found else None


def event_number(text: str) -> int | None:
    """The event a message names by its number, None when it names none (or none could be one)."""
    said = number_said(text)
    return row_id(said) if said is not None else None


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


