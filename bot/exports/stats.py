"""统计表: the events held in a period, one row each, as .xlsx.

Each row comes from the event's statistics form where the unit has filed one, else from
the event itself; the 备注 column says which, so the office sees what is still missing
before it hands the table in.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.exports.common import ExportError, interview_form, join, kind_name, unit_names
from bot.exports.query import HeldEvent, held_events
from bot.exports.xlsx_table import Column, Sheet, workbook_bytes
from bot.timefmt import format_date, format_datetime, format_period, format_window
from store import rules
from store.models import Kind

DEFAULT_REPORTING_UNIT = "政务公开办"
NO_FORM = "未报送统计表"

PRESS_COLUMNS = (
    Column("序号", 5),
    Column("时间", 18),
    Column("地点", 16, "left"),
    Column("单位", 14),
    Column("参加发布会的媒体单位", 22, "left"),
    Column("发布主题", 24, "left"),
    Column("发布人姓名、职务", 16, "left"),
    Column("是否设记者提问", 8),
    Column("记者提问个数", 8),
)
# An interview has no reporters: its sheet has headings of its own, and netizens' questions
# are never added to the reporters' count.
INTERVIEW_COLUMNS = (
    Column("序号", 5),
    Column("时间", 18),
    Column("访谈单位", 14),
    Column("访谈主题", 26, "left"),
    Column("访谈嘉宾", 18, "left"),
    Column("形式", 8),
    Column("网友提问个数", 8),
    Column("链接", 28, "left"),
)
NOTE_COLUMN = Column("备注", 14)
BLANK = "　　　　"  # room to write by hand


def columns_for(kind: str) -> tuple[Column, ...]:
    return (*(INTERVIEW_COLUMNS if kind == Kind.ONLINE_INTERVIEW else PRESS_COLUMNS), NOTE_COLUMN)


@dataclass(frozen=True)
class Filler:
    """Who fills the table in (the header of the paper form): unit (sealed), person, phone."""

    unit: str = DEFAULT_REPORTING_UNIT
    name: str | None = None
    phone: str | None = None

    def header(self, start: date, end: date, issued_on: date | None) -> str:
        issued = format_date(issued_on) if issued_on else "　　年　　月　　日"
        return (f"填表单位（公章）：{self.unit}　　填表人：{self.name or BLANK}　　"
                f"联系方式：{self.phone or BLANK}　　填表日期：{issued}　　"
                f"统计时段：{format_date(start)}至{format_date(end)}")


async def export_stats(session: AsyncSession, *, start: date, end: date, tz: tzinfo,
                       reporting_unit: str = DEFAULT_REPORTING_UNIT,
                       issued_on: date | None = None, filler: str | None = None,
                       filler_phone: str | None = None,
                       report_dates: tuple[tuple[int, int], ...] = rules.REPORT_DATES) -> bytes:
    """The statistics table of ``start``..``end`` (local dates, inclusive) as .xlsx bytes."""
    sheets = await stats_sheets(session, start=start, end=end, tz=tz, issued_on=issued_on,
                                by=Filler(reporting_unit, filler, filler_phone), report_dates=report_dates)
    # building the workbook is CPU work (seconds for thousands of rows): keep the loop free
    return await asyncio.to_thread(workbook_bytes, sheets)


async def stats_sheets(session: AsyncSession, *, start: date, end: date, tz: tzinfo,
                       by: Filler | None = None, issued_on: date | None = None,
                       report_dates: tuple[tuple[int, int], ...] = rules.REPORT_DATES) -> list[Sheet]:
    if start > end:
        raise ExportError(f"开始日期 {start} 晚于结束日期 {end}。")
    by = by or Filler()
    held = await held_events(session, start=start, end=end, tz=tz)
    subtitle = by.header(start, end, issued_on)
    sheets = []
    for kind in (Kind.PRESS_CONFERENCE, Kind.ONLINE_INTERVIEW):
        rows = [r for r in held if r.event.kind == kind]
        title = f"{by.unit}{format_period(start, end)}{kind_name(kind)}情况统计表"
        sheets.append(Sheet(
            name=kind_name(kind), title=title, subtitle=subtitle, columns=columns_for(kind),
            rows=[stats_row(i, r, tz) for i, r in enumerate(rows, start=1)],
            totals=totals_row(kind, rows), notes=[time_note(tz), reporting_note(report_dates)],
        ))
    return sheets


def stats_row(seq: int, row: HeldEvent, tz: tzinfo) -> list[object]:
    ev, form = row.event, row.form
    when = format_datetime(row.held_at, tz) if row.held_at else format_window(ev.window_start, ev.window_end)
    unit = (form and form.unit_name) or unit_names(ev)
    topic = (form and form.topic) or ev.topic
    speaker = (form and form.speaker) or ev.speaker or ""
    values: list[object]
    if ev.kind == Kind.ONLINE_INTERVIEW:
        values = [seq, when, unit, topic, speaker,
                  (form and form.interview_form) or interview_form(ev.subtype),
                  _count(form.netizen_question_count if form else None), (form and form.link) or ""]
    else:
        asked, count = reporter_questions(row)
        values = [seq, when, (form and form.location) or ev.location or "", unit,
                  join(form.media) if form else "", topic, speaker, asked, count]
    return [*values, "" if form else NO_FORM]


def reporter_questions(row: HeldEvent) -> tuple[str, object]:
    """("是"/"否"/"", count or ""): a count above zero means questions were taken."""
    form = row.form
    if form is None:
        return "", ""
    count = _count(form.reporter_question_count)
    asked = form.has_reporter_questions
    if asked is None and isinstance(count, int):
        asked = count > 0
    return ("" if asked is None else ("是" if asked else "否")), count


def totals_row(kind: str, rows: list[HeldEvent]) -> list[object]:
    values: list[object]
    if kind == Kind.ONLINE_INTERVIEW:
        netizen = sum(r.form.netizen_question_count or 0 for r in rows if r.form)
        values = ["合计", f"共{len(rows)}场", "", "", "", "", netizen, ""]
    else:
        asked = sum(1 for r in rows if reporter_questions(r)[0] == "是")
        questions = sum(c for r in rows if isinstance(c := reporter_questions(r)[1], int))
        values = ["合计", f"共{len(rows)}场", "", "", "", "", "", f"{asked}场", questions]
    missing = sum(1 for r in rows if r.form is None)
    return [*values, f"{missing}场未报" if missing else ""]


def time_note(tz: tzinfo) -> str:
    zone = "北京时间" if str(tz) == "Asia/Shanghai" else str(tz)
    return f"说明：时间为{zone}；备注为“{NO_FORM}”的行取自登记的活动信息，请督促补报。"


def reporting_note(report_dates: tuple[tuple[int, int], ...] = rules.REPORT_DATES) -> str:
    """The footer the notices print: twice a year, by the reporting deadlines (``store.rules``)."""
    # any leap year: only the month and day are printed
    first, second = (rules.report_deadline(2000, half, report_dates) for half in (1, 2))
    return (f"注：本表每半年报送一次，{rules.HALF_NAMES[1]}情况于{first.month}月{first.day}日前、"
            f"{rules.HALF_NAMES[2]}情况于{second.month}月{second.day}日前报送{DEFAULT_REPORTING_UNIT}。")


def _count(value: int | None) -> object:
    return "" if value is None else int(value)
