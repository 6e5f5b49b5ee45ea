"""计划安排: the plan of a year (or any period) as .xlsx and .docx, one table per kind.

Columns follow the notices: a press conference plan is 序号 / 牵头发布单位 / 拟发布时间 /
发布主题 / 发布人 (铜官区 2024), an interview plan 序号 / 访谈单位 / 访谈主题 / 时间安排
(濉溪县 2021) with the guest added. An event already scheduled shows its exact time.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.exports import docx_style as dx
from bot.exports.common import KIND_ORDER, ExportError, kind_name, unit_names
from bot.exports.query import plan_events
from bot.exports.xlsx_table import Column, Sheet, workbook_bytes
from bot.timefmt import format_date, format_period, format_when
from store.models import Event, Kind

FORMATS = ("xlsx", "docx")
INTERVIEW_SUBTYPES = ("网上访谈", "微视频访谈")  # what the plan importer reads back from 访谈形式


@dataclass(frozen=True)
class PlanColumn:
    header: str
    width_cm: float  # in the Word table; the sheet's width is derived from it
    value: Callable[[Event, tzinfo], str]
    align: str = "center"


def _unit(ev: Event, tz: tzinfo) -> str:
    return unit_names(ev)


def _when(ev: Event, tz: tzinfo) -> str:
    return format_when(ev.start_at, ev.window_start, ev.window_end, tz)


def _topic(ev: Event, tz: tzinfo) -> str:
    return ev.topic


def _speaker(ev: Event, tz: tzinfo) -> str:
    return ev.speaker or ""


def _location(ev: Event, tz: tzinfo) -> str:
    return ev.location or ""


def _form(ev: Event, tz: tzinfo) -> str:
    return ev.subtype if ev.subtype in INTERVIEW_SUBTYPES else ""


PLAN_COLUMNS: dict[str, tuple[PlanColumn, ...]] = {
    Kind.PRESS_CONFERENCE: (
        PlanColumn("牵头发布单位", 2.6, _unit),
        PlanColumn("拟发布时间", 3.0, _when),
        PlanColumn("发布主题", 4.4, _topic, "left"),
        PlanColumn("地点", 2.4, _location, "left"),
        PlanColumn("发布人", 2.8, _speaker, "left"),
    ),
    Kind.ONLINE_INTERVIEW: (
        PlanColumn("访谈单位", 2.6, _unit),
        PlanColumn("访谈主题", 4.4, _topic, "left"),
        PlanColumn("时间安排", 3.0, _when),
        PlanColumn("访谈形式", 2.2, _form),
        PlanColumn("访谈嘉宾", 3.0, _speaker, "left"),
    ),
}
SEQ_WIDTH_CM = 1.4
TABLE_FONT_SIZE = 10.5  # 五号, as in the notices' tables


@dataclass
class PlanTable:
    kind: str
    title: str
    rows: list[list[str]]  # 序号 first, as text


async def export_plan(session: AsyncSession, *, start: date, end: date, tz: tzinfo,
                      fmt: str = "xlsx") -> bytes:
    """The plan of ``start``..``end`` (windows starting in it) as .xlsx or .docx bytes."""
    if fmt not in FORMATS:
        raise ExportError(f"计划只能导出为 .xlsx 或 .docx，不支持 .{fmt}。")
    tables = await plan_tables(session, start=start, end=end, tz=tz)
    period = f"计划时段：{format_date(start)}至{format_date(end)}"
    # building the file is CPU work (seconds for thousands of rows): keep the loop free
    if fmt == "xlsx":
        return await asyncio.to_thread(plan_xlsx, tables, period)
    return await asyncio.to_thread(plan_docx, tables)


async def plan_tables(session: AsyncSession, *, start: date, end: date, tz: tzinfo) -> list[PlanTable]:
    if start > end:
        raise ExportError(f"开始日期 {start} 晚于结束日期 {end}。")
    events = await plan_events(session, start=start, end=end)
    tables = []
    for kind in KIND_ORDER:
        chosen = [ev for ev in events if ev.kind == kind]
        rows = [[str(i), *(c.value(ev, tz) for c in PLAN_COLUMNS[kind])] for i, ev in enumerate(chosen, 1)]
        tables.append(PlanTable(kind, f"{format_period(start, end)}{kind_name(kind)}计划", rows))
    # A kind with nothing planned is left out, but the file always holds at least one table.
    return [t for t in tables if t.rows] or tables[:1]


def headers(kind: str) -> list[str]:
    return ["序号", *(c.header for c in PLAN_COLUMNS[kind])]


def plan_xlsx(tables: list[PlanTable], period: str) -> bytes:
    sheets = [
        Sheet(name=f"{kind_name(t.kind)}计划", title=t.title, subtitle=f"{period}　　共{len(t.rows)}项",
              columns=[Column("序号", 6), *(Column(c.header, c.width_cm * 4.5, c.align)
                                           for c in PLAN_COLUMNS[t.kind])],
              rows=[[int(r[0]), *r[1:]] for r in t.rows])
        for t in tables
    ]
    return workbook_bytes(sheets)


def plan_docx(tables: list[PlanTable]) -> bytes:
    doc: Any = dx.new_document(body_size=12)
    for i, table in enumerate(tables):
        if i:
            doc.add_page_break()
        dx.add_title(doc, table.title, size=18)
        _word_table(doc, table)
    return dx.document_bytes(doc)


def _word_table(doc, table: PlanTable) -> None:
    columns = PLAN_COLUMNS[table.kind]
    aligns = [dx.CENTER, *(dx.LEFT if c.align == "left" else dx.CENTER for c in columns)]
    body = table.rows or [["", "（无）", *[""] * (len(columns) - 1)]]
    grid = dx.ruled_table(doc, rows=2, widths_cm=(SEQ_WIDTH_CM, *(c.width_cm for c in columns)))
    header, template = grid.rows
    dx.repeat_as_header(header)
    dx.set_row_height(header, 0.9)
    for cell, text in zip(header.cells, headers(table.kind), strict=False):
        dx.set_cell(cell, text, bold=True, font="黑体", size=TABLE_FONT_SIZE)
    dx.keep_row_whole(template)
    dx.set_row_height(template, 1.0)
    for cell, align in zip(template.cells, aligns, strict=False):
        dx.set_cell(cell, dx.PLACEHOLDER, align=align, size=TABLE_FONT_SIZE)
    dx.fill_from_template(grid, template, body)
