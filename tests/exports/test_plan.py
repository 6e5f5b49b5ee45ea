"""The plan (计划安排) as .xlsx and .docx, read back against the register, and read back
again by pressbot's own plan importer: what the office exports it can edit and re-import."""
from datetime import date

import pytest
from sqlalchemy import select

from bot.clock import DEFAULT_TZ
from bot.exports.common import ExportError
from bot.exports.plan import export_plan
from store.models import Event
from store.plan.rows import read_plan
from store.plan.tables import read_tables
from tests.exports.export_readers import local_text, read_docx, read_sheets, table_grid

YEAR = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}
PRESS_HEADERS = ["序号", "牵头发布单位", "拟发布时间", "发布主题", "地点", "发布人"]
INTERVIEW_HEADERS = ["序号", "访谈单位", "访谈主题", "时间安排", "访谈形式", "访谈嘉宾"]


async def in_plan(session, kind, start=YEAR["start"], end=YEAR["end"]) -> list[Event]:
    """The register's events a plan of the period must list: not cancelled, window starting in it."""
    rows = (await session.execute(select(Event).where(Event.kind == kind))).scalars().all()
    return [e for e in rows if start <= e.window_start <= end and e.status != "cancelled"]


def units(event) -> str:
    return "、".join([event.unit.name, *(u.name for u in event.co_units)])


async def test_xlsx_has_a_sheet_per_kind_with_the_notices_columns(session, register):
    sheets = read_sheets(await export_plan(session, tz=DEFAULT_TZ, fmt="xlsx", **YEAR))
    assert list(sheets) == ["新闻发布会计划", "在线访谈计划"]
    assert sheets["新闻发布会计划"].title == "2026年度新闻发布会计划"
    assert sheets["在线访谈计划"].title == "2026年度在线访谈计划"
    assert sheets["新闻发布会计划"].headers == PRESS_HEADERS
    assert sheets["在线访谈计划"].headers == INTERVIEW_HEADERS


async def test_xlsx_rows_match_the_register(session, register):
    sheets = read_sheets(await export_plan(session, tz=DEFAULT_TZ, fmt="xlsx", **YEAR))
    press = sheets["新闻发布会计划"].rows
    expected = await in_plan(session, "press_conference")
    assert len(press) == len(expected)
    assert [r["序号"] for r in press] == list(range(1, len(press) + 1))
    by_topic = {r["发布主题"]: r for r in press}
    for event in expected:
        row = by_topic[event.topic]
        assert (row["牵头发布单位"], row["发布人"]) == (units(event), event.speaker or ""), event.topic
        assert row["地点"] == (event.location or ""), event.topic
        if event.start_at:
            assert row["拟发布时间"] == local_text(event.start_at)
    interviews = sheets["在线访谈计划"].rows
    assert [(r["访谈单位"], r["访谈主题"], r["访谈形式"]) for r in interviews] == [
        (units(e), e.topic, e.subtype) for e in sorted(await in_plan(session, "online_interview"),
                                                       key=lambda e: e.window_end)]


async def test_fuzzy_windows_are_written_as_the_office_writes_them(session, register):
    rows = read_sheets(await export_plan(session, tz=DEFAULT_TZ, fmt="xlsx", **YEAR))
    when = {r["发布主题"]: r["拟发布时间"] for r in rows["新闻发布会计划"].rows}
    assert when["充电基础设施建设新闻发布会"] == "2026年一季度"
    assert when["稳就业工作发布会"] == "2026年4月"
    assert when["2026年秋季招生政策解读"] == "2026年3月18日 15:00"
    when = {r["访谈主题"]: r["时间安排"] for r in rows["在线访谈计划"].rows}
    assert when["推进生活垃圾分类，助推生态文明建设"] == "2026年4月上旬"


async def test_rows_follow_the_calendar_and_keep_the_plans_order(session, register):
    rows = read_sheets(await export_plan(session, tz=DEFAULT_TZ, fmt="xlsx", **YEAR))["新闻发布会计划"].rows
    position = {r["发布主题"]: i for i, r in enumerate(rows)}
    plan_topics = [e.topic for e in register.plan if e.kind == "press_conference"]
    assert sorted(plan_topics, key=position.__getitem__) == plan_topics  # 序号 order kept
    ends = {e.topic: e.window_end for e in await in_plan(session, "press_conference")}
    assert [ends[r["发布主题"]] for r in rows] == sorted(ends[r["发布主题"]] for r in rows)


async def test_cancelled_and_other_years_are_not_in_the_plan(session, register):
    rows = read_sheets(await export_plan(session, tz=DEFAULT_TZ, fmt="xlsx", **YEAR))["新闻发布会计划"].rows
    topics = {r["发布主题"] for r in rows}
    assert register.events["cancelled"].topic not in topics
    assert register.events["last_year"].topic not in topics


async def test_docx_tables_hold_the_same_rows_as_the_sheets(session, register):
    sheets = read_sheets(await export_plan(session, tz=DEFAULT_TZ, fmt="xlsx", **YEAR))
    doc = read_docx(await export_plan(session, tz=DEFAULT_TZ, fmt="docx", **YEAR))
    titles = [p.text for p in doc.paragraphs if p.text.endswith("计划")]
    assert titles == ["2026年度新闻发布会计划", "2026年度在线访谈计划"]
    for table, sheet in zip(doc.tables, sheets.values(), strict=True):
        grid = table_grid(table)
        assert grid[0] == sheet.headers
        assert grid[1:] == [[str(v) for v in row.values()] for row in sheet.rows]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
async def test_the_exported_plan_reimports_to_the_same_register(session, register, tmp_path, fmt):
    path = tmp_path / f"plan.{fmt}"
    path.write_bytes(await export_plan(session, tz=DEFAULT_TZ, fmt=fmt, **YEAR))
    read = read_plan(read_tables(path))
    assert read.errors == []
    # a press conference's plan has 地点, an interview's 访谈形式
    got = {(r.kind, r.unit, tuple(r.co_units), r.topic, r.start, r.end, r.speaker,
            r.subtype if r.kind == "online_interview" else r.location) for r in read.rows}
    events = [*await in_plan(session, "press_conference"), *await in_plan(session, "online_interview")]
    assert got == {(e.kind, e.unit.name, tuple(u.name for u in e.co_units), e.topic,
                    (e.start_at.astimezone(DEFAULT_TZ).date() if e.start_at else e.window_start),
                    (e.start_at.astimezone(DEFAULT_TZ).date() if e.start_at else e.window_end),
                    e.speaker, e.subtype if e.kind == "online_interview" else e.location) for e in events}


async def test_a_kind_with_nothing_planned_is_left_out(session, register):
    period = {"start": date(2026, 1, 1), "end": date(2026, 2, 28)}
    sheets = read_sheets(await export_plan(session, tz=DEFAULT_TZ, fmt="xlsx", **period))
    assert list(sheets) == ["新闻发布会计划"]
    assert sheets["新闻发布会计划"].title == "2026年1月至2月新闻发布会计划"
    assert {r["发布主题"] for r in sheets["新闻发布会计划"].rows} == {
        e.topic for e in await in_plan(session, "press_conference", **period)}


async def test_an_empty_plan_still_has_its_table(session, register):
    doc = read_docx(await export_plan(session, tz=DEFAULT_TZ, fmt="docx", start=date(2031, 1, 1),
                                      end=date(2031, 12, 31)))
    (table,) = doc.tables
    assert table_grid(table) == [PRESS_HEADERS, ["", "（无）", "", "", "", ""]]


async def test_unknown_format_is_refused(session):
    with pytest.raises(ExportError, match=r"\.pdf"):
        await export_plan(session, tz=DEFAULT_TZ, fmt="pdf", **YEAR)
