"""The statistics table (统计表) read back cell by cell against the register."""
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.clock import DEFAULT_TZ
from bot.exports.common import ExportError
from bot.exports.stats import export_stats
from tests.exports.export_readers import local_text, read_sheets

H1 = {"start": date(2026, 1, 1), "end": date(2026, 6, 30)}


async def export(session, tz=DEFAULT_TZ, **period):
    data = await export_stats(session, tz=tz, reporting_unit="铜官区政务公开办",
                              issued_on=date(2026, 7, 2), filler="王丽", filler_phone="0562-2812345",
                              **(period or H1))
    return read_sheets(data)


def expected_row(event, form, tz=DEFAULT_TZ) -> dict:
    """What a row must say, from the register: the form's values first, then the event's."""
    held_at = (form.held_at if form else None) or event.start_at
    units = "、".join([event.unit.name, *(u.name for u in event.co_units)])
    asked = "" if form is None else {True: "是", False: "否", None: ""}[form.has_reporter_questions]
    return {
        "时间": local_text(held_at, tz),
        "地点": (form and form.location) or event.location or "",
        "单位": (form and form.unit_name) or units,
        "参加发布会的媒体单位": "、".join(form.media) if form else "",
        "发布主题": (form and form.topic) or event.topic,
        "发布人姓名、职务": (form and form.speaker) or event.speaker or "",
        "是否设记者提问": asked,
        "记者提问个数": "" if form is None or form.reporter_question_count is None else form.reporter_question_count,
        "备注": "" if form else "未报送统计表",
    }


async def test_one_row_per_held_event_of_the_period_in_time_order(session, register):
    rows = (await export(session))["新闻发布会"].rows
    e = register.events
    assert [r["发布主题"] for r in rows] == [
        e["no_time"].topic, register.stats["education"].topic, e["statistics"].topic, e["finance"].topic]
    assert [r["序号"] for r in rows] == [1, 2, 3, 4]


async def test_rows_match_the_register_cell_by_cell(session, register):
    rows = {r["发布主题"]: r for r in (await export(session))["新闻发布会"].rows}
    for name in ("education", "statistics", "finance"):
        event, form = register.events[name], register.stats.get(name)
        row = rows[(form and form.topic) or event.topic]
        assert {k: row[k] for k in expected_row(event, form)} == expected_row(event, form), name


async def test_a_form_overrides_the_event_and_a_missing_form_is_flagged(session, register):
    rows = {r["发布主题"]: r for r in (await export(session))["新闻发布会"].rows}
    education = rows["2026年秋季招生政策解读"]
    assert education["时间"] == "2026年3月18日 15:05"  # the form's time, not the planned 15:00
    assert education["地点"] == "区政府新闻发布厅（二楼）"
    assert education["参加发布会的媒体单位"] == "铜陵日报、铜陵广播电视台、铜陵新闻网"
    assert rows["一季度经济运行情况"]["备注"] == "未报送统计表"
    assert rows["2026年民生工程政策解读"]["单位"] == "区财政局、区农业农村局"


async def test_held_without_a_time_counts_by_its_window(session, register):
    rows = {r["发布主题"]: r for r in (await export(session))["新闻发布会"].rows}
    assert rows["困难群众救助"]["时间"] == "2026年2月"


async def test_planned_cancelled_and_other_periods_are_left_out(session, register):
    topics = {r["发布主题"] for r in (await export(session))["新闻发布会"].rows}
    e = register.events
    for name in ("planned", "cancelled", "last_year", "july"):
        assert e[name].topic not in topics, name
    assert not topics & {ev.topic for ev in register.plan}


async def test_the_period_boundary_is_local_time(session, register):
    """23:30 on June 30 and 00:30 on July 1 (Shanghai) are both June 30 in UTC."""
    first = {r["发布主题"]: r["时间"] for r in (await export(session))["新闻发布会"].rows}
    second = await export(session, start=date(2026, 7, 1), end=date(2026, 12, 31))
    assert first["2026年民生工程政策解读"] == "2026年6月30日 23:30"
    assert [(r["发布主题"], r["时间"]) for r in second["新闻发布会"].rows] == [("稳就业政策解读", "2026年7月1日 00:30")]


async def test_times_follow_the_deployment_zone(session, register):
    utc = ZoneInfo("UTC")
    rows = (await export(session, tz=utc, start=date(2026, 3, 1), end=date(2026, 3, 31)))["新闻发布会"].rows
    assert [r["时间"] for r in rows] == [local_text(register.stats["education"].held_at, utc)]
    assert rows[0]["时间"] == "2026年3月18日 07:05"


async def test_totals(session, register):
    sheet = (await export(session))["新闻发布会"]
    forms = [register.stats["education"], register.stats["finance"]]
    assert sheet.totals["序号"] == "合计"
    assert sheet.totals["时间"] == f"共{len(sheet.rows)}场"
    assert sheet.totals["是否设记者提问"] == f"{sum(bool(f.has_reporter_questions) for f in forms)}场"
    assert sheet.totals["记者提问个数"] == sum(f.reporter_question_count for f in forms)
    assert sheet.totals["备注"] == "2场未报"


async def test_interviews_have_their_own_sheet_with_form_count_and_link(session, register):
    sheet = (await export(session))["在线访谈"]
    assert sheet.headers == ["序号", "时间", "访谈单位", "访谈主题", "访谈嘉宾", "形式", "网友提问个数", "链接", "备注"]
    form, event = register.stats["interview"], register.events["interview"]
    first, video = sheet.rows
    assert first["时间"] == local_text(form.held_at)
    assert (first["形式"], first["网友提问个数"], first["链接"]) == (
        form.interview_form, form.netizen_question_count, form.link)
    assert first["访谈主题"] == event.topic and first["访谈嘉宾"] == form.speaker
    assert first["访谈单位"] == event.unit.name
    assert (video["访谈主题"], video["形式"], video["备注"]) == (
        register.events["video"].topic, "微视频", "未报送统计表")
    assert sheet.totals["网友提问个数"] == form.netizen_question_count


async def test_netizens_questions_are_never_counted_as_reporters(session, register):
    """An interview form that (wrongly) holds a reporter count: the sheets show no reporter column
    for it, and the press conference total is the press conferences' alone."""
    register.stats["interview"].reporter_question_count = 12
    register.stats["interview"].has_reporter_questions = True
    await session.commit()
    sheets = await export(session)
    assert "记者提问个数" not in sheets["在线访谈"].headers
    press_forms = [register.stats["education"], register.stats["finance"]]
    assert sheets["新闻发布会"].totals["记者提问个数"] == sum(f.reporter_question_count for f in press_forms)


async def test_header_names_the_filler_and_the_footer_the_deadlines(session, register):
    for sheet in (await export(session)).values():
        assert "填表单位（公章）：铜官区政务公开办" in sheet.subtitle
        assert "填表人：王丽" in sheet.subtitle and "联系方式：0562-2812345" in sheet.subtitle
        assert "填表日期：2026年7月2日" in sheet.subtitle
        assert any("6月30日前" in n and "12月30日前" in n and "报送" in n for n in sheet.notes)


async def test_the_footer_follows_the_deployments_report_dates(session, register):
    data = await export_stats(session, tz=DEFAULT_TZ, report_dates=((6, 25), (12, 25)), **H1)
    notes = read_sheets(data)["在线访谈"].notes
    assert any("6月25日前" in n and "12月25日前" in n for n in notes)


async def test_header_leaves_room_to_write_when_no_filler_is_given(session, register):
    data = await export_stats(session, tz=DEFAULT_TZ, **H1)
    subtitle = read_sheets(data)["新闻发布会"].subtitle
    assert "填表人：　" in subtitle and "联系方式：　" in subtitle and "填表日期：　　年" in subtitle


async def test_title_names_the_reporting_unit_and_the_period(session, register):
    sheets = await export(session)
    assert sheets["新闻发布会"].title == "铜官区政务公开办2026年上半年新闻发布会情况统计表"
    assert sheets["在线访谈"].title == "铜官区政务公开办2026年上半年在线访谈情况统计表"
    assert "统计时段：2026年1月1日至2026年6月30日" in sheets["新闻发布会"].subtitle
    assert "填表日期：2026年7月2日" in sheets["新闻发布会"].subtitle
    assert any("北京时间" in n for n in sheets["新闻发布会"].notes)


async def test_a_period_without_events_still_gives_both_tables(session, register):
    sheets = await export(session, start=date(2030, 1, 1), end=date(2030, 6, 30))
    assert {name: (s.rows, s.totals["时间"]) for name, s in sheets.items()} == {
        "新闻发布会": ([], "共0场"), "在线访谈": ([], "共0场")}


async def test_reversed_period_is_refused(session):
    with pytest.raises(ExportError, match="晚于"):
        await export_stats(session, start=date(2026, 7, 1), end=date(2026, 6, 30), tz=DEFAULT_TZ)
