"""The time that names an existing event ("10月份的发布会改到…", "取消…4月份的发布会", "4月8日开的那场")
leaves its year or month unsaid: the register decides which one is meant, the nearest event of that
unit (and kind, if said) in either direction; with none, the bot says it found nothing."""
from __future__ import annotations

from datetime import date, datetime

from bot.clock import DEFAULT_TZ
from store.models import Status


def at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=DEFAULT_TZ)


async def planned(bot, when: datetime, who: str, text: str) -> None:
    bot.clock.set(when)
    answer = await bot.say(who, text)
    assert "已登记" in answer, answer


def windows(events) -> dict[str, tuple[date, date]]:
    return {e.topic: (e.window_start, e.window_end) for e in events}


async def test_in_december_this_octobers_event_is_moved_into_next_january(bot):
    await planned(bot, at(2026, 9, 1), "zhangsan", "我局10月份开稳就业政策发布会")
    bot.clock.set(at(2026, 12, 10))

    answer = await bot.say("zhangsan", "我局10月份的稳就业发布会改到明年1月中旬")

    assert "已改期" in answer
    [event] = await bot.events()
    assert (event.window_start, event.window_end) == (date(2027, 1, 11), date(2027, 1, 20))


async def test_in_december_a_cancel_finds_next_years_october_when_that_is_the_only_one(bot):
    await planned(bot, at(2026, 12, 1), "zhangsan", "我局明年10月开职业教育发布会")
    bot.clock.set(at(2026, 12, 3))

    asked = await bot.say("zhangsan", "取消我局10月份的发布会")

    assert "原因" in asked and "职业教育" in asked
    assert "已取消" in await bot.say("zhangsan", "相关政策尚未出台")
    [event] = await bot.events()
    assert event.status == Status.CANCELLED and event.window_start == date(2027, 10, 1)


async def test_the_nearer_of_two_octobers_is_the_one_meant(bot):
    await planned(bot, at(2026, 9, 1), "lisi", "民政局10月开养老服务发布会")
    await planned(bot, at(2026, 12, 1), "lisi", "民政局明年10月开婚姻登记发布会")
    bot.clock.set(at(2026, 12, 10))

    answer = await bot.say("lisi", "我们10月份那场发布会推迟到12月下旬")

    assert "已改期" in answer and "养老服务" in answer
    got = windows(await bot.events())
    assert got["养老服务"] == (date(2026, 12, 21), date(2026, 12, 31))
    assert got["婚姻登记"] == (date(2027, 10, 1), date(2027, 10, 31))


async def test_in_january_last_decembers_event_still_open_is_the_one_moved(bot):
    await planned(bot, at(2026, 12, 15), "qianqi", "卫健委12月28日开冬季传染病防控发布会")
    bot.clock.set(at(2027, 1, 4))

    answer = await bot.say("qianqi", "原定12月28日的发布会改到1月15日")

    assert "已改期" in answer
    [event] = await bot.events()
    assert (event.window_start, event.window_end) == (date(2027, 1, 15), date(2027, 1, 15))


async def test_in_january_this_years_december_is_found_when_last_years_is_not_there(bot):
    await planned(bot, at(2027, 1, 4), "zhangsan", "我局今年12月开年度教育工作总结发布会")
    bot.clock.set(at(2027, 1, 6))

    answer = await bot.say("zhangsan", "原定12月的发布会提前到11月下旬")

    assert "已改期" in answer
    [event] = await bot.events()
    assert (event.window_start, event.window_end) == (date(2027, 11, 21), date(2027, 11, 30))


async def test_a_day_of_the_month_finds_next_months_event(bot):
    await planned(bot, at(2026, 4, 14), "zhangsan", "我局5月10日开招生政策发布会")

    answer = await bot.say("zhangsan", "原定10号的发布会推迟到5月20日")

    assert "已改期" in answer
    [event] = await bot.events()
    assert event.window_start == date(2026, 5, 20)


async def test_a_part_of_a_month_finds_the_event_of_the_month_that_has_one(bot):
    await planned(bot, at(2026, 4, 14), "lisi", "民政局5月上旬开低保政策解读发布会")

    answer = await bot.say("lisi", "原定上旬那场发布会改到5月20日")

    assert "已改期" in answer
    [event] = await bot.events()
    assert event.window_start == date(2026, 5, 20)


async def test_the_kind_said_decides_between_a_near_interview_and_a_later_press_conference(bot):
    await planned(bot, at(2026, 9, 1), "qianqi", "卫健委10月份做一期网上访谈，谈谈家庭医生签约")
    await planned(bot, at(2026, 12, 1), "qianqi", "卫健委明年10月开医保支付改革发布会")
    bot.clock.set(at(2026, 12, 2))

    asked = await bot.say("qianqi", "卫健委10月的发布会不开了")

    assert "原因" in asked and "医保支付" in asked and "家庭医生" not in asked
    moved = await bot.say("qianqi", "10月份的访谈改到12月中旬")
    assert "已改期" in moved and "家庭医生" in moved


async def test_the_topic_said_decides_between_two_octobers(bot):
    await planned(bot, at(2026, 9, 1), "zhangsan", "我局10月开秋季学期安全发布会")
    await planned(bot, at(2026, 12, 1), "zhangsan", "我局明年10月开稳就业政策发布会")
    bot.clock.set(at(2026, 12, 10))

    answer = await bot.say("zhangsan", "我局10月份的稳就业发布会改到明年9月下旬")

    assert "已改期" in answer and "稳就业" in answer
    got = windows(await bot.events())
    assert got["稳就业政策"] == (date(2027, 9, 21), date(2027, 9, 30))
    assert got["秋季学期安全"] == (date(2026, 10, 1), date(2026, 10, 31))


async def test_with_no_event_in_either_year_nothing_is_found(bot):
    await planned(bot, at(2026, 9, 1), "zhangsan", "我局11月份开发布会")
    bot.clock.set(at(2026, 12, 10))

    answer = await bot.say("zhangsan", "我局10月份的发布会改到明年1月中旬")

    assert "没有找到" in answer
    [event] = await bot.events()
    assert event.window_start == date(2026, 11, 1)


async def test_another_units_october_is_not_the_one_meant(bot):
    await planned(bot, at(2026, 12, 1), "lisi", "民政局明年10月开社会救助发布会")
    bot.clock.set(at(2026, 12, 3))

    assert "没有找到" in await bot.say("zhangsan", "取消我局10月份的发布会")
    [event] = await bot.events()
    assert event.status == Status.PLANNED


async def test_a_report_in_january_is_of_last_decembers_event(bot):
    await planned(bot, at(2026, 12, 20), "zhangsan", "我局12月30日上午9点开寒假安全发布会")
    await planned(bot, at(2026, 12, 21), "zhangsan", "我局明年12月30日开年度总结发布会")
    bot.clock.set(at(2027, 1, 3))

    answer = await bot.say("zhangsan", "12月30日开的那场发布会，来了6家媒体，记者提了4个问题")

    assert "统计表" in answer and "寒假安全" in answer and "年度总结" not in answer
