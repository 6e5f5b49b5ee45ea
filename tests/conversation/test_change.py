"""reschedule and cancel: the right event, a numbered choice when unsure, history, rights."""
from __future__ import annotations

from datetime import date, datetime

from bot.clock import DEFAULT_TZ
from store.models import EventChange, InboundMessage, Status


async def test_reschedule_by_old_month(bot):
    await bot.say("zhangsan", "我局6月份开发布会")

    answer = await bot.say("zhangsan", "我局6月的发布会改到7月上旬")

    assert "已改期" in answer
    assert "原定：2026年6月（具体日期待定）" in answer and "改为：2026年7月上旬（具体日期待定）" in answer
    [event] = await bot.events()
    assert (event.window_start, event.window_end) == (date(2026, 7, 1), date(2026, 7, 10))
    changes = [c for c in await bot.all(EventChange, event_id=event.id) if c.field == "window_start"]
    assert changes[0].old_value == "2026-06-01" and changes[0].new_value == "2026-07-01"
    inbound = await bot.one(InboundMessage, id=changes[0].inbound_id)
    assert inbound.text == "我局6月的发布会改到7月上旬" and changes[0].actor == "张三"


async def test_several_candidates_get_a_numbered_choice(bot):
    await bot.say("zhangsan", "我局5月上旬开招生发布会")
    await bot.say("zhangsan", "我局5月下旬开资助发布会")

    question = await bot.say("zhangsan", "我局5月那场发布会取消了")

    assert "1." in question and "2." in question and "招生" in question and "资助" in question
    asked = await bot.say("zhangsan", "2")
    assert "原因" in asked and "资助" in asked
    answer = await bot.say("zhangsan", "资助政策尚未出台")
    assert "已取消" in answer and "资助" in answer
    statuses = {e.topic: e.status for e in await bot.events()}
    assert statuses == {"招生": Status.PLANNED, "资助": Status.CANCELLED}


async def test_cancel_single_event(bot):
    await bot.say("qianqi", "卫健委四季度做一期网上访谈，谈谈家庭医生签约服务")

    answer = await bot.say("qianqi", "卫健委的网上访谈暂不安排了，因为签约服务政策调整")

    assert "已取消" in answer and "原因：签约服务政策调整" in answer
    [event] = await bot.events()
    assert event.status == Status.CANCELLED


async def test_postponement_beyond_a_month_is_accepted_and_flagged(bot):
    await bot.say("zhangsan", "我局5月中旬开招生发布会")

    answer = await bot.say("zhangsan", "我局5月的发布会推迟到8月下旬")

    assert "已改期" in answer and "已告知政务公开办" in answer
    [notice] = bot.pushes_to("wangwu")
    assert "延期超过一个月" in notice and "2026年8月下旬" in notice
    [event] = await bot.events()
    assert event.window_start == date(2026, 8, 21)


async def test_liaison_cannot_change_another_units_event(bot):
    await bot.say("lisi", "民政局6月份开婚姻登记发布会")

    answer = await bot.say("zhangsan", "民政局6月的发布会改到7月上旬")

    assert "没有修改区民政局安排的权限" in answer
    [event] = await bot.events()
    assert event.window_start == date(2026, 6, 1)


async def test_office_may_change_any(bot):
    await bot.say("lisi", "民政局6月份开婚姻登记发布会")

    answer = await bot.say("wangwu", "民政局6月的发布会改到7月上旬")

    assert "已改期" in answer


async def test_nothing_to_change(bot):
    answer = await bot.say("zhangsan", "我局6月的发布会改到7月上旬")

    assert "没有找到" in answer


async def test_a_new_time_of_day_alone_keeps_the_events_day(bot):
    await bot.say("zhangsan", "我局5月20日上午10点开招生政策发布会")

    answer = await bot.say("zhangsan", "我局发布会从上午改到下午三点")

    assert "已改期" in answer
    [event] = await bot.events()
    assert (event.window_start, event.window_end) == (date(2026, 5, 20), date(2026, 5, 20))
    assert event.start_at.astimezone(DEFAULT_TZ) == datetime(2026, 5, 20, 15, tzinfo=DEFAULT_TZ)


async def test_a_new_time_of_day_after_a_confirmation_keeps_the_events_day(bot):
    await bot.say("zhangsan", "我局5月20日上午10点开招生政策发布会")

    await bot.say("zhangsan", "改到下午3点")

    [event] = await bot.events()
    assert event.window_start == date(2026, 5, 20)
    assert event.start_at.astimezone(DEFAULT_TZ) == datetime(2026, 5, 20, 15, tzinfo=DEFAULT_TZ)


async def test_a_held_or_cancelled_event_is_said_to_be_so_not_missing(bot):
    """"统计局原定3月中旬的发布会提前到3月上旬" of one already held was answered "没有找到…"."""
    from tests.conversation.test_query import plan

    held = await plan(bot, "区统计局", date(2026, 3, 11), date(2026, 3, 20), "经济运行", status=Status.REPORTED)
    dropped = await plan(bot, "区民政局", date(2026, 3, 1), date(2026, 3, 31), "婚姻", status=Status.CANCELLED)

    moved = await bot.say("wangwu", "统计局原定3月中旬的发布会提前到3月上旬")
    cancelled = await bot.say("wangwu", "取消统计局3月的发布会")
    again = await bot.say("wangwu", "民政局3月的发布会改到5月")

    assert f"编号 {held}" in moved and "已经举办" in moved and "不能再改期" in moved and "没有找到" not in moved
    assert "已经举办" in cancelled and "不能再取消" in cancelled
    assert f"编号 {dropped}" in again and "已取消" in again and "登记一场新的" in again
    rows = {e.id: e for e in await bot.events()}
    assert rows[held].window_start == date(2026, 3, 11) and rows[dropped].status == Status.CANCELLED
