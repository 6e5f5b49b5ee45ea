"""The office's pages on the demo data, on SQLite and PostgreSQL: what a signed-in user sees."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from store.models import Event, Unit
from store.repo import update_event


async def _event(site, **where) -> Event:
    async with site.sessions() as s:
        return await s.scalar(select(Event).filter_by(**where))


def grid_line(page: str, unit: str) -> str:
    start = page.index(f'data-unit="{unit}"')
    end = page.find('<div class="line"', start + 1)
    return page[start:end if end > 0 else None]


async def test_grid_draws_each_window_across_its_months(start_site):
    site = await start_site(living=False)  # the plans as imported: every window still open-ended
    await site.sign_in()
    page = await site.text("/admin?year=2026")
    line = grid_line(page, "县发改委")  # 铜官区 plan: "一季度", "二季度" … rows of the 发改委
    assert "grid-column: 1 / span 3" in line  # 一季度 spans January to March
    assert "grid-column: 7 / span 3" in line  # 三季度
    assert "undated" in line  # no exact time yet: hatched
    assert "overdue" in line  # 一季度 is over (today is 14 April) and it was never held


async def test_grid_counts_the_crowded_months(site):
    await site.sign_in()
    page = await site.text("/admin?year=2026&kind=press_conference")
    months = re.findall(r"(\d+)月<small>(\d+) 项</small>", page)
    assert len(months) == 12
    async with site.sessions() as s:
        may = await s.scalar(select(func.count()).select_from(Event).where(
            Event.kind == "press_conference", Event.window_start <= date(2026, 5, 31),
            Event.window_end >= date(2026, 5, 1)))
    assert int(dict(months)["5"]) == may == 7  # 5月份 conferences of both plans, and the 二季度 ones


async def test_grid_shows_a_dated_event_solid(site):
    event = await _event(site, topic="稳就业工作发布会")
    async with site.sessions() as s, s.begin():
        event = await s.get(Event, event.id)
        from datetime import datetime

        from bot.clock import DEFAULT_TZ
        await update_event(s, event, {"start_at": datetime(2026, 4, 20, 9, 0, tzinfo=DEFAULT_TZ),
                                      "status": "scheduled"}, actor="测试", now=site.clock.now())
    await site.sign_in()
    line = grid_line(await site.text("/admin"), "县人社局")
    bar = re.search(r'<div class="bar s-scheduled"[^>]*>', line)
    assert bar is not None and "undated" not in bar.group(0) and "grid-column: 4 / span 1" in bar.group(0)


async def test_list_filters_by_unit_kind_status_and_window(site):
    await site.sign_in()
    async with site.sessions() as s:
        unit = await s.scalar(select(Unit).where(Unit.name == "县教育局"))
    page = await site.text(f"/admin/events?unit={unit.id}&kind=press_conference&status=planned&from=2026-05&to=2026-05")
    rows = re.findall(r'<tr>\s*<td[^>]*><a href="/admin/events/(\d+)">', page)
    async with site.sessions() as s:
        expected = list(await s.scalars(
            select(Event.id).where(Event.unit_id == unit.id, Event.kind == "press_conference",
                                   Event.window_start <= date(2026, 5, 31), Event.window_end >= date(2026, 5, 1))))
    assert sorted(map(int, rows)) == sorted(expected) and expected
    assert "铜官区教师公开招聘新闻发布会" in page
    assert "共 1 项" in page


async def test_list_pages_through_many_events(site):
    await site.sign_in()
    page = await site.text("/admin/events")
    assert "共 64 项" in page
    assert len(re.findall(r'<tr>\s*<td[^>]*><a href="/admin/events/', page)) == 64


async def test_event_page_shows_its_history(site):
    from store.models import InboundMessage

    event = await _event(site, topic="稳就业工作发布会")
    async with site.sessions() as s, s.begin():
        event = await s.get(Event, event.id)
        said = InboundMessage(platform="wecom", message_id="m-77", user_id="lisi", text="地点改到县人社局三楼会议室",
                              received_at=site.clock.now())
        s.add(said)
        await s.flush()
        await update_event(s, event, {"location": "县人社局三楼会议室"}, actor="李四", now=site.clock.now(),
                           note="群聊消息", inbound_id=said.id)
    await site.sign_in()
    page = await site.text(f"/admin/events/{event.id}")
    history = page[page.index('id="history"'):]
    assert "年度计划导入" in history and "创建" in history
    assert "李四" in history and "地点" in history and "县人社局三楼会议室" in history
    # the message that made the change, in its words (it showed "消息#77")
    assert "消息：“地点改到县人社局三楼会议室”" in history and "消息#" not in history
    assert f"/admin/export?what=registration&amp;fmt=docx&amp;event={event.id}" in page


async def test_unknown_event_is_a_404_page(site):
    await site.sign_in()
    assert "没有编号为 999999 的活动" in await site.text("/admin/events/999999", status=404)


async def test_quota_chart_puts_units_short_of_21n_first(site):
    await site.sign_in()
    page = await site.text("/admin/quota?year=2026")
    chart = page[page.index('id="quota-chart"'):]
    names = re.findall(r'<div class="row" data-unit="([^"]+)"', chart)
    states = re.findall(r'class="state-(\w+)"', chart)
    assert states == sorted(states, key=["short", "on_track", "met"].index)
    short = dict(zip(names, states, strict=False))
    assert short["县交通局"] == "short"  # a key department with one conference planned in 2026
    assert short["县发改委"] == "on_track"  # five planned, none held yet
    assert "韩村镇" in names  # a town with only an online interview: 0 of 1


async def test_attention_lists_overdue_events(site):
    await site.sign_in()
    page = await site.text("/admin/attention")
    overdue = page[page.index('id="overdue"'):page.index('id="no-registration"')]
    async with site.sessions() as s:
        late = list(await s.scalars(select(Event.topic).where(Event.window_end < date(2026, 4, 14),
                                                              Event.status == "planned")))
    assert 1 <= len(late) <= 3 and all(topic in overdue for topic in late)  # the demo's few overdue ones
    assert "稳就业工作发布会" not in overdue  # 4月份: not over yet
    upcoming = page[page.index('id="no-registration"'):page.index('id="no-statistics"')]
    async with site.sessions() as s:
        open_ones = list(await s.scalars(select(Event.topic).where(
            Event.kind == "press_conference", Event.status == "planned",
            Event.window_start <= date(2026, 4, 21), Event.window_end >= date(2026, 4, 14))))
    assert open_ones and all(topic in upcoming for topic in open_ones)  # April has begun, no 登记表 yet
    assert "稳就业工作发布会" not in upcoming  # its 登记表 is in, awaiting approval


async def test_event_page_writes_times_as_dates_not_as_they_were_said(site):
    from tests.web.test_playground import say

    await say(site, "zhangsan", "我局下周三下午3点在县政府新闻发布厅开招生政策发布会")
    event = await _event(site, topic="招生政策")
    await site.sign_in()
    page = await site.text(f"/admin/events/{event.id}")
    details, history = page[:page.index('id="history"')], page[page.index('id="history"'):]
    assert "下周三" not in details and "2026年4月22日" in details  # 14 April is a Tuesday
    assert "2026年4月22日（周三）15:00" in details
    for raw in ("scheduled", "planned", "2026-04-22", "+08:00", "+00:00"):
        assert raw not in history, raw
