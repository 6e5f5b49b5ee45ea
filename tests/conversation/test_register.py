"""register: one line in, the entry as stored out; same window twice → new or update?"""
from __future__ import annotations

from datetime import date

from store.models import EventChange, Status


async def test_fuzzy_window_is_stored_and_shown_as_such(bot):
    answer = await bot.say("zhangsan", "我们准备9月上旬召开秋季开学工作新闻发布会")

    assert "已登记" in answer
    assert "区教育局" in answer and "秋季开学工作" in answer
    assert "2026年9月上旬（具体日期待定）" in answer
    assert "待补充：具体时间、地点、发布人" in answer
    [event] = await bot.events()
    assert (event.unit.name, event.topic, event.status) == ("区教育局", "秋季开学工作", Status.PLANNED)
    assert (event.window_start, event.window_end) == (date(2026, 9, 1), date(2026, 9, 10))


async def test_exact_time_place_and_speaker(bot):
    answer = await bot.say("lisi", "民政局拟于下周二上午10点在区政务中心三楼会议室"
                                   "召开婚姻登记便民措施发布会，发布人：副局长 孙丽")

    assert "2026年4月21日（周二）10:00" in answer
    assert "地点：区政务中心三楼会议室" in answer and "发布人：副局长 孙丽" in answer
    assert "待补充" not in answer
    [event] = await bot.events()
    assert event.status == Status.SCHEDULED and event.start_at is not None


async def test_topic_unknown_shows_pending(bot):
    answer = await bot.say("zhangsan", "我局6月份开发布会")

    assert "主题：待定" in answer and "2026年6月（具体日期待定）" in answer


async def test_same_unit_same_window_asks_new_or_update(bot):
    await bot.say("zhangsan", "我局6月份开发布会")
    question = await bot.say("zhangsan", "我局6月中旬开招生政策解读发布会")

    assert "1. 这是另一场" in question and "2. 更新已有的" in question
    answer = await bot.say("zhangsan", "2")

    assert "已更新" in answer and "招生政策解读" in answer and "2026年6月中旬" in answer
    [event] = await bot.events()
    assert event.topic == "招生政策解读"
    history = await bot.all(EventChange, event_id=event.id)
    assert {h.field for h in history} >= {"created", "topic", "window_start", "window_end"}
    assert all(h.actor == "张三" and h.inbound_id for h in history)


async def test_new_one_in_same_window_is_a_second_event(bot):
    await bot.say("zhangsan", "我局6月份开发布会")
    await bot.say("zhangsan", "我局6月中旬开招生政策解读发布会")
    answer = await bot.say("zhangsan", "一")

    assert "已登记" in answer
    assert len(await bot.events()) == 2


async def test_liaison_cannot_register_for_another_unit(bot):
    answer = await bot.say("zhangsan", "民政局5月开婚姻登记发布会")

    assert "没有修改区民政局安排的权限" in answer
    assert await bot.events() == []


async def test_office_registers_for_any_unit(bot):
    answer = await bot.say("wangwu", "卫健委四季度做一期网上访谈，谈谈家庭医生签约服务")

    assert "已登记" in answer and "区卫健委" in answer and "在线访谈" in answer
    assert "2026年第四季度（具体日期待定）" in answer


async def test_director_may_not_register(bot):
    answer = await bot.say("zhaoliu", "我局6月份开发布会")

    assert "权限" in answer
    assert await bot.events() == []


async def test_a_year_no_programme_can_have_is_refused_in_words_and_never_stored(bot):
    """"我局9999年12月开发布会" was registered, and from then on every reminder recompute failed
    (the day after 9999-12-31 does not exist), so no event registered later got reminders."""
    for said, text in [("9999年12月", "我局9999年12月开发布会"), ("0001年1月", "我局0001年1月开发布会"),
                       ("2101年", "教育局2101年有几场发布会")]:
        answer = await bot.say("zhangsan", text)
        assert f"「{said}」超出了可登记的年份（2000—2100年）" in answer, answer
    assert await bot.events() == []
    answer = await bot.say("zhangsan", "我局2027年3月开发布会")  # the years around now still register
    assert "已登记" in answer and "2027年3月" in answer


async def test_a_year_no_calendar_has_is_refused_not_read_as_this_years_month(bot):
    """"我局12345年3月开发布会" was registered as 2027年3月 (the year dropped, the month kept);
    "0年3月" the same. A year past 9999 or a year 0 is a year said, and no register holds it."""
    for said in ["12345年3月", "0年3月", "0000年5月中旬", "100000年", "9" * 1900 + "年3月"]:
        answer = await bot.say("zhangsan", f"我局{said}开发布会")
        assert "超出了可登记的年份（2000—2100年）" in answer and "已登记" not in answer, answer
    answer = await bot.say("zhangsan", "教育局12345年有几场发布会")
    assert "「12345年」超出了可登记的年份" in answer
    assert await bot.events() == []


async def test_a_date_that_does_not_exist_is_named_when_the_bot_asks_for_the_time(bot):
    """"我局2026年2月30日开发布会" got only "请补充…时间", as if no time had been written."""
    for text, why in [("我局2026年2月30日开发布会", "「2026年2月30日」不存在：2026年2月只有28天"),
                      ("我们4月31号上午开招生发布会", "「4月31号」不存在：2026年4月只有30天"),
                      ("我局13月份开个发布会", "「13月」不存在：一年只有12个月，没有13月"),
                      ("区教育局拟于6月3日25点召开发布会", "「25点」不存在：一天只到24点")]:
        answer = await bot.say("zhangsan", text)
        assert answer.startswith(why) and "请补充区教育局这场活动的时间" in answer, answer
    assert await bot.events() == []
    await bot.say("zhangsan", "我局5月20日开发布会")
    answer = await bot.say("zhangsan", "我局5月20日的发布会改到2月30日")
    assert "「2月30日」不存在" in answer and "改到什么时间" in answer, answer
    [event] = await bot.events()
    assert event.window_start == date(2026, 5, 20)


async def test_the_register_itself_refuses_a_window_outside_its_years(bot):
    """Every writer (chat, plan import, dashboard) goes through add_event / update_event."""
    import pytest

    from store.db import make_sessionmaker
    from store.models import Unit
    from store.repo import add_event

    unit = await bot.one(Unit, name="区教育局")
    async with make_sessionmaker(bot.engine)() as session:
        unit = await session.merge(unit, load=False)
        with pytest.raises(ValueError, match="超出可登记的年份"):
            await add_event(session, unit=unit, kind="press_conference", window_start=date(9999, 12, 1),
                            window_end=date(9999, 12, 31), now=bot.clock.now(), actor="test")
