"""A plan's time cell → its window, read by the parser (``bot.nlp.times``) with "now" at 1 January
of the plan's year, so "一季度" and "5月份" fall in that year; a time written with its year keeps it.

Before the parser: the plan's own shapes (``columns.compact_time``: "20267", "2026.6", "3-5月"),
a bare month number, "由…确定"/"待定" (the whole year, to be fixed later). After it: the cell
must be nothing but times, give or take a typo ("6月分") or a remark in brackets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from store.plan.align import UNDECIDED_TIME
from store.plan.columns import clean_text, compact_time

WINDOW_TEXT_MAX = 50  # the column's size in store.models
# read on the dashboard, in chat and at the command line alike: each place is named
YEAR_HINT = "请在表题中写明年份（如“2026年新闻发布会计划”），或在导入时指定年度（后台上传页的“年度”，命令行 --year）"
# What may be left of a time cell around the time the parser found: "6月分", "7月底前", "9月中询".
_LEFTOVER = re.compile(r"[\s、，,；;。.()（）前后左右内份期间以及和或到至~\-—开展召开举行进行]")
_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
YEAR_IN_CELL = re.compile(r"(?<!\d)(20\d{2})\s*年")
_NEXT_YEAR = re.compile(r"次年|翌年|第二年")


class RowProblem(ValueError):
    """A row (or one of its cells) that cannot be read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    text: str
    year: int | None  # the year written in the cell
    to_be_fixed: bool = False


def _unreadable(text: str, cell: str, now: datetime) -> str:
    """Why a cell gives no time: the date that does not exist, and why (the NLP's one rule)."""
    from bot.nlp.times import find_impossible

    bad = find_impossible(cell, now)
    if bad:
        return f"时间“{clean_text(text)}”不存在：{bad[0].reason}"
    return f"时间“{clean_text(text)}”无法识别或不存在"


def read_window(text: str, year: int | None) -> Window:
    from bot.clock import DEFAULT_TZ

    cell = compact_time(text)
    if not cell:
        raise RowProblem("没有填写时间")
    if cell.isdigit() and 1 <= int(cell) <= 12:  # a 月份 column holding the month's number
        cell = f"{int(cell)}月"
    written = YEAR_IN_CELL.search(cell)
    own_year = int(written[1]) if written else None
    base = own_year or year
    if base is None:
        raise RowProblem(f"无法确定计划年度（表题、通知标题和发布日期中都没有年份）：{YEAR_HINT}")
    if UNDECIDED_TIME.match(cell):
        return Window(date(base, 1, 1), date(base, 12, 31), clean_text(text)[:WINDOW_TEXT_MAX], own_year,
                      to_be_fixed=cell not in ("全年", "年内"))
    now = datetime(base, 1, 1, tzinfo=DEFAULT_TZ)
    spelled = _NEXT_YEAR.sub(f"{base + 1}年", cell)  # "10月-次年1月"
    # A remark in brackets ("4月中旬（具体时间另行通知）") is not part of the time.
    found = _whole_cell_times(spelled, now) or _whole_cell_times(_BRACKETED.sub("", spelled), now)
    if not found:
        raise RowProblem(_unreadable(text, spelled, now))
    start, end = min(_as_date(w.start) for w in found), max(_as_date(w.end) for w in found)
    if end < start:
        raise RowProblem(f"时间“{clean_text(text)}”的起止颠倒")
    return Window(start, end, cell[:WINDOW_TEXT_MAX], own_year)


def _whole_cell_times(cell: str, now: datetime) -> list:
    """The times in the cell if the cell is nothing but times (a typo's worth of leftover allowed):
    "2021年13月" must not quietly become the year 2021."""
    from bot.nlp.normalize import normalize
    from bot.nlp.times import find_times_normalized

    norm = normalize(cell)
    found = find_times_normalized(norm, now=now, prefer_future=False)
    rest = norm
    for window in reversed(found):
        rest = rest[:window.span[0]] + rest[window.span[1]:]
    rest = _LEFTOVER.sub("", rest)
    if not found or re.search(r"\d", rest) or len(rest) > 2:
        return []
    # "2026年年3月": a bare year with a time inside it is that time's year, not a time of its own
    finer = [w for w in found if not _whole_year(w)]
    return finer or found


def _whole_year(window) -> bool:
    start, end = _as_date(window.start), _as_date(window.end)
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
