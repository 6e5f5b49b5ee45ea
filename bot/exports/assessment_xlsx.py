"""年终考核表 (.xlsx): the per-unit figures, the events behind each figure, and planned vs held
per month with a bar chart. Built from ``assessment.assess``, like the dashboard page."""
from __future__ import annotations

import asyncio
import io
from datetime import tzinfo

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from sqlalchemy.ext.asyncio import AsyncSession

from bot.exports.assessment import Assessment, UnitFigures, assess
from bot.exports.xlsx_table import FIRST_DATA_ROW, HEADER_ROW, Column, Sheet, write_sheet
from bot.reminders.policy import Policy

SUMMARY_COLUMNS = (
    Column("序号", 5), Column("单位", 18, "left"), Column("重点部门", 7), Column("应达场次", 7),
    Column("计划", 6), Column("已举办", 7), Column("按时", 6), Column("逾期", 6), Column("延期超一月", 8),
    Column("取消", 6), Column("缺登记表", 7), Column("缺统计表", 7), Column("完成任务", 7),
    Column("主要负责同志出席", 9), Column("实录发布", 7),
)
DETAIL_COLUMNS = (
    Column("序号", 5), Column("单位", 16, "left"), Column("编号", 6), Column("类型", 10),
    Column("主题", 30, "left"), Column("计划时间", 16), Column("举办日期", 14), Column("状态", 9),
    Column("计入", 30, "left"),
)
MONTH_COLUMNS = (Column("月份", 8), Column("计划", 8), Column("已举办", 8))
NO_RECORDS = "登记簿尚未记录实录发布情况（发布跟踪上线后自动填入）"


async def export_assessment(session: AsyncSession, *, year: int, tz: tzinfo,
                            policy: Policy | None = None) -> bytes:
    result = await assess(session, year=year, tz=tz, policy=policy)
    return await asyncio.to_thread(assessment_bytes, result)


def summary_row(seq: int, u: UnitFigures) -> list[object]:
    """One unit's figures as the sheet (and the dashboard) show them."""
    return [seq, u.name, "是" if u.is_key else "", u.quota, u.planned, u.held, u.on_time, u.late,
            u.postponed, u.cancelled, u.missing_registration, u.missing_statistics,
            "是" if u.quota_met else "否", u.leader_text, "—" if u.records is None else u.records]


def sheets(result: Assessment) -> list[Sheet]:
    year = result.year
    units = result.units
    totals: list[object] = ["合计", f"{len(units)}个单位", "", sum(u.quota for u in units),
                            *(sum(getattr(u, f) for u in units) for f in (
                                "planned", "held", "on_time", "late", "postponed", "cancelled",
                                "missing_registration", "missing_statistics")),
                            f"{sum(u.quota_met for u in units)}个完成", f"{sum(u.leader_spoke for u in units)}个",
                            "—" if not result.records_tracked else sum(u.records or 0 for u in units)]
    notes = explanations(result)
    if not result.records_tracked:
        notes.append(f"实录发布：{NO_RECORDS}。")
    details = [line for u in units for line in u.events]
    return [
        Sheet(f"{year}年考核", f"{year}年度新闻发布会和在线访谈工作考核表", "按单位名称拼音排序",
              SUMMARY_COLUMNS, [summary_row(i, u) for i, u in enumerate(units, 1)], totals, notes),
        Sheet("明细", f"{year}年度考核明细（各项数字所依据的活动）", f"共{len(details)}项",
              DETAIL_COLUMNS, [[i, d.unit, d.event_id, d.kind, d.topic, d.planned, d.held, d.status,
                                "、".join(d.counts_in)] for i, d in enumerate(details, 1)]),
        Sheet("按月", f"{year}年各月计划与举办场次", "计划按计划月份，举办按举办月份",
              MONTH_COLUMNS, [[m, p, h] for m, p, h in result.months]),
    ]


def explanations(result: Assessment) -> list[str]:
    """What the figures mean, with the deployment's numbers (``store.rules``)."""
    q, months = result.quota, result.postpone_limit_months
    return [f"说明：计划按年度计划所定时间（改期前）计入；按时指在计划时段内举办；"
            f"延期超一月指比计划时段晚{months}个月以上。",
            f"完成任务：重点部门全年至少{q.key_yearly}场、上下半年各{q.key_per_half}场，其他单位至少{q.other_yearly}场"
            "（单位另定场次的从其规定）；重点部门主要负责同志每年至少出席1场。"]


def assessment_bytes(result: Assessment) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets(result):
        write_sheet(wb.create_sheet(sheet.name), sheet)
    _add_chart(wb["按月"], result.year)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _add_chart(ws, year: int) -> None:
    chart = BarChart()
    chart.type = "col"
    chart.title = f"{year}年各月计划与举办场次"
    chart.y_axis.title = "场次"
    chart.x_axis.title = "月份"
    last = FIRST_DATA_ROW + 11
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=HEADER_ROW, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=FIRST_DATA_ROW, max_row=last))
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, f"E{HEADER_ROW}")
