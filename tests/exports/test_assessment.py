"""年终考核表 read back cell by cell against a register built for each figure."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.clock import DEFAULT_TZ
from bot.exports.assessment_xlsx import export_assessment
from store.models import Event, RegistrationForm, StatisticsForm, Unit
from store.repo import add_event, update_event
from tests.exports.conftest import NOW, local
from tests.exports.export_readers import read_sheets

PRESS, INTERVIEW = "press_conference", "online_interview"


@dataclass
class Year:
    units: dict[str, Unit] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)


async def _unit(session, year: Year, name: str, **extra) -> Unit:
    year.units[name] = Unit(name=name, aliases=[], **extra)
    session.add(year.units[name])
    await session.flush()
    return year.units[name]


async def _event(session, year: Year, key: str, unit: str, start: date, end: date, kind=PRESS, **extra) -> Event:
    year.events[key] = await add_event(session, unit=year.units[unit], kind=kind, topic=key, window_start=start,
                                       window_end=end, now=NOW, actor="年度计划导入", **extra)
    return year.events[key]


async def _held(session, event: Event, when, *, statistics=True, registration=True, principal=None) -> None:
    await update_event(session, event, {"status": "reported" if statistics else "held", "start_at": when,
                                        "principal_spoke": principal}, actor="张三", now=NOW)
    if statistics:
        session.add(StatisticsForm(event_id=event.id, held_at=when, submitted_at=when))
    if registration:
        session.add(RegistrationForm(event_id=event.id, submitted_at=when))


async def build_year(session) -> Year:
    y = Year()
    await _unit(session, y, "区教育局", is_key=True)
    await _unit(session, y, "区档案馆")
    await _unit(session, y, "区财政局", is_key=True, yearly_quota=3)
    await _unit(session, y, "韩村镇")
    # 教育局: one on time with its head speaking; one moved past the month's limit, held late, no forms
    on_time = await _event(session, y, "春季招生", "区教育局", date(2026, 3, 1), date(2026, 3, 31))
    await _held(session, on_time, local(2026, 3, 18, 15, 0), principal=True)
    late = await _event(session, y, "秋季开学", "区教育局", date(2026, 9, 1), date(2026, 9, 30))
    await update_event(session, late, {"window_start": date(2026, 11, 10), "window_end": date(2026, 11, 20)},
                       actor="张三", now=NOW)
    await _held(session, late, local(2026, 11, 15, 10, 0), statistics=False, registration=False)
    # 档案馆: one cancelled, one held without any form
    cancelled = await _event(session, y, "档案开放日", "区档案馆", date(2026, 5, 1), date(2026, 5, 31))
    await update_event(session, cancelled, {"status": "cancelled"}, actor="李四", now=NOW)
    bare = await _event(session, y, "档案征集", "区档案馆", date(2026, 6, 1), date(2026, 6, 30))
    await _held(session, bare, local(2026, 6, 10, 9, 0), statistics=False, registration=False)
    # 财政局 must hold 3: one held, one still planned
    budget = await _event(session, y, "预算公开", "区财政局", date(2026, 4, 1), date(2026, 4, 30))
    await _held(session, budget, local(2026, 4, 20, 9, 0), principal=False)
    await _event(session, y, "财政年报", "区财政局", date(2026, 12, 1), date(2026, 12, 31))
    # 韩村镇: an interview needs no registration form
    talk = await _event(session, y, "红色基因", "韩村镇", date(2026, 5, 11), date(2026, 5, 20), kind=INTERVIEW)
    await _held(session, talk, local(2026, 5, 15, 15, 0), statistics=False, registration=False)
    # planned for December 2025, held in January: counted in 2026 ("2·1+N" counts by the window), late
    old = await _event(session, y, "去年的", "区档案馆", date(2025, 12, 1), date(2025, 12, 31))
    await update_event(session, old, {"window_start": date(2026, 1, 5), "window_end": date(2026, 1, 5)},
                       actor="张三", now=NOW)
    await _held(session, old, local(2026, 1, 5, 9, 0))
    # a joint event counts for each of its units
    joint = await _event(session, y, "联合发布", "区财政局", date(2026, 7, 1), date(2026, 7, 31),
                         co_units=[y.units["区档案馆"]])
    await _held(session, joint, local(2026, 7, 20, 9, 0))
    await session.commit()
    return y


@pytest.fixture
async def year(session) -> Year:
    return await build_year(session)


async def sheets(session, year_number=2026):
    return read_sheets(await export_assessment(session, year=year_number, tz=DEFAULT_TZ))


def row_of(sheet, unit: str) -> dict:
    return next(r for r in sheet.rows if r["单位"] == unit)


async def test_one_row_per_unit_in_pinyin_order(session, year):
    summary = (await sheets(session))["2026年考核"]
    assert [r["单位"] for r in summary.rows] == ["韩村镇", "区财政局", "区档案馆", "区教育局"]
    assert [r["序号"] for r in summary.rows] == [1, 2, 3, 4]


async def test_each_figure_of_a_unit(session, year):
    summary = (await sheets(session))["2026年考核"]
    education = row_of(summary, "区教育局")
    assert {k: education[k] for k in ("重点部门", "应达场次", "计划", "已举办", "按时", "逾期", "延期超一月", "取消",
                                      "缺登记表", "缺统计表", "完成任务", "主要负责同志出席")} == {
        "重点部门": "是", "应达场次": 2, "计划": 2, "已举办": 2, "按时": 1, "逾期": 1, "延期超一月": 1, "取消": 0,
        "缺登记表": 1, "缺统计表": 1, "完成任务": "是", "主要负责同志出席": "是"}
    # 档案馆: cancelled, held bare, last year's plan held late in January, and the joint one
    archive = row_of(summary, "区档案馆")
    figures = ("计划", "已举办", "按时", "逾期", "取消", "缺登记表", "缺统计表")
    assert [archive[k] for k in figures] == [4, 3, 2, 1, 1, 1, 1]
    assert (archive["完成任务"], archive["主要负责同志出席"], archive["重点部门"]) == ("是", "—", "")
    finance = row_of(summary, "区财政局")  # 预算公开 and the joint one held, of 3
    assert [finance[k] for k in ("应达场次", "计划", "已举办", "完成任务", "主要负责同志出席")] == [3, 3, 2, "否", "否"]
    town = row_of(summary, "韩村镇")
    assert (town["已举办"], town["缺登记表"], town["缺统计表"], town["完成任务"]) == (1, 0, 1, "否")


async def test_totals_and_the_missing_publication_data_said(session, year):
    summary = (await sheets(session))["2026年考核"]
    assert summary.totals["计划"] == sum(r["计划"] for r in summary.rows) == 10  # the joint one twice
    assert summary.totals["已举办"] == 8
    assert {r["实录发布"] for r in summary.rows} == {0}  # nothing recorded yet: zeros, not a gap
    assert not any("尚未记录" in n for n in summary.notes)


async def test_a_recorded_record_counts_for_its_unit(session, year):
    from bot.procedure.publication import record

    event = (await session.scalars(select(Event).where(Event.topic == "春季招生"))).one()
    await record(session, event, "record", now=NOW, link="https://www.example.gov.cn/sl/1.html",
                 contents=["文字"], person_id=None, inbound_id=None, actor="测试")
    rows = {r["单位"]: r for r in (await sheets(session))["2026年考核"].rows}
    assert rows["区教育局"]["实录发布"] == 1


async def test_the_events_behind_each_figure(session, year):
    details = {r["主题"]: r for r in (await sheets(session))["明细"].rows}
    assert details["去年的"]["计入"] == "计划、已举办、逾期"  # planned for December 2025
    assert details["去年的"]["计划时间"] == "2025年12月"
    assert details["秋季开学"]["计入"] == "计划、延期超一月、已举办、逾期、缺登记表、缺统计表"
    assert details["秋季开学"]["计划时间"] == "2026年9月" and details["秋季开学"]["举办日期"] == "2026年11月15日"
    assert details["春季招生"]["计入"] == "计划、已举办、按时、主要负责同志出席"
    assert details["档案开放日"]["计入"] == "计划、取消" and details["档案开放日"]["状态"] == "已取消"
    assert details["红色基因"]["类型"] == "在线访谈" and "缺登记表" not in details["红色基因"]["计入"]


async def test_months_sheet_and_its_chart(session, year):
    data = await export_assessment(session, year=2026, tz=DEFAULT_TZ)
    months = {r["月份"]: (r["计划"], r["已举办"]) for r in read_sheets(data)["按月"].rows}
    assert months[9] == (1, 0) and months[11] == (0, 1)  # planned in September, held in November
    assert months[5] == (2, 1) and months[1] == (0, 1)  # January's was last year's plan
    assert sum(p for p, _ in months.values()) == 8  # each event once, by the plan's month
    (chart,) = load_workbook(io.BytesIO(data))["按月"]._charts
    assert chart.type == "col" and len(chart.series) == 2


async def test_a_year_without_events(session, year):
    summary = (await sheets(session, 2031))["2031年考核"]
    assert [r["计划"] for r in summary.rows] == [0, 0, 0, 0]
    assert [r["完成任务"] for r in summary.rows] == ["否", "否", "否", "否"]
    assert summary.totals["已举办"] == 0
