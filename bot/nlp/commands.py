"""What a command says besides its route: which document to export, the counts of a held event.

Pure functions over the message text, like the rest of ``bot.nlp``; the handlers decide what
to do with them (``bot.handlers.export``, ``bot.handlers.report``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from bot.forms.numbers import parse_count_text

from .normalize import normalize
from .times import find_time

# (document, words that name it), first match wins: "登记表" before "统计", "统计" before "计划"
DOCUMENT_WORDS = (("registration", ("登记表", "登记")), ("stats", ("统计表", "统计")),
                  ("plan", ("计划", "安排")))
FORMAT_WORDS = (("docx", ("word", "docx", "doc", "文档")), ("xlsx", ("excel", "xlsx", "xls", "表格")))
DEFAULT_FORMAT = {"stats": "xlsx", "plan": "xlsx", "registration": "docx"}
EVENT_ID = re.compile(r"(?:编号|id|#)\s*[:：为是]?\s*(\d+)|(\d+)\s*号活动")

_N = r"(\d+|[一二两三四五六七八九十]+)"
MEDIA_COUNT = (re.compile(_N + r"\s*家\S{0,3}媒体"), re.compile(r"媒体\S{0,3}?" + _N + r"\s*家"))
REPORTER_COUNT = (re.compile(r"记者\S{0,4}?(?:提问|提了|问了)\S{0,2}?" + _N + r"\s*个"),
                  re.compile(_N + r"\s*个(?:记者)?(?:提问|问题)"))
NETIZEN_COUNT = (re.compile(r"网友\S{0,4}?" + _N + r"\s*个"),)


@dataclass(frozen=True)
class ExportAsk:
    what: str | None  # stats / plan / registration; None: the message names no document
    fmt: str
    start: date | None = None  # the period named, if any (past-leaning: "3月" in April is this March)
    end: date | None = None
    event_id: int | None = None


def read_export(text: str, now: datetime) -> ExportAsk:
    """"导出上半年统计表", "下载编号12的登记表 word"."""
    plain = normalize(text).lower()
    what = next((doc for doc, words in DOCUMENT_WORDS if any(w in plain for w in words)), None)
    fmt = next((f for f, words in FORMAT_WORDS if any(w in plain for w in words)),
               DEFAULT_FORMAT.get(what or "", "xlsx"))
    if what == "registration":
        found = EVENT_ID.search(plain)
        return ExportAsk(what, fmt, event_id=int(found.group(1) or found.group(2)) if found else None)
    window = find_time(text, now, prefer_future=False)
    if window is None:
        return ExportAsk(what, fmt)
    return ExportAsk(what, fmt, _day(window.start), _day(window.end))


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class HeldCounts:
    """What a report of a held event says: "来了8家媒体，记者提了5个问题"."""

    media: int | None = None
    reporter_questions: int | None = None
    netizen_questions: int | None = None


def read_held_counts(text: str) -> HeldCounts:
    return HeldCounts(_first(MEDIA_COUNT, text), _first(REPORTER_COUNT, text), _first(NETIZEN_COUNT, text))


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> int | None:
    for pattern in patterns:
        m = pattern.search(text)
        if m:
            return parse_count_text(m.group(1))
    return None
