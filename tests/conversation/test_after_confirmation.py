"""Right after the bot confirms a registration ("已登记（编号 N）…") or a change ("已改期…"), a bare
follow-up from the same person in the same chat acts on that event: "改到下周四", "改期到12月18日",
"定在12月18日下午3点", "取消", "不办了" (a cancel asks "确认取消…？" once). The same words with no
such confirmation just before keep their usual meaning."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.clock import DEFAULT_TZ
from store.models import Status

GROUP = "edu-liaison-group"


def at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=DEFAULT_TZ)


def by_topic(events) -> dict:
    return {e.topic: e for e in events}


async def two_planned(bot, who: str = "zhangsan", first: str = "我局6月份召开助学贷款政策发布会",
                      second: str = "我局5月中旬开秋季招生政策解读发布会", **kwargs) -> str:
    """Two events of one unit; the second is the one just confirmed."""
    assert "已登记" in await bot.say(who, first, **kwargs)
    confirmed = await bot.say(who, second, **kwargs)
    assert "已登记" in confirmed, confirmed
    return confirmed


async def test_a_new_day_right_after_the_registration_moves_that_event(bot):
    await two_planned(bot)  # the clock: Tuesday 2026-04-14

    answer = await bot.say("zhangsan", "改到下周四")

    assert "已改期" in answer and "秋季招生" in answer
    events = by_topic(await bot.events())
    assert events["秋季招生政策解读"].window_start == date(2026, 4, 23)
    assert events["助学贷款政策"].window_start == date(2026, 6, 1)


async def test_a_new_date_in_december_moves_the_event_just_registered(bot):
    bot.clock.set(at(2026, 11, 20))
    await two_planned(bot, "lisi", "民政局12月下旬开社会救助发布会", "民政局12月上旬开养老服务发布会")

    answer = await bot.say("lisi", "改期到12月18日")

    assert "已改期" in answer and "养老服务" in answer
    events = by_topic(await bot.events())
    assert events["养老服务"].window_start == date(2026, 12, 18)
    assert events["社会救助"].window_start == date(2026, 12, 21)


async def test_an_exact_time_right_after_sets_that_events_time_and_registers_nothing_new(bot):
    bot.clock.set(at(2026, 11, 20))
    assert "已登记" in await bot.say("qianqi", "卫健委12月开冬季传染病防控发布会")

    answer = await bot.say("qianqi", "定在12月18日下午3点")

    assert "已改期" in answer
    [event] = await bot.events()
    assert event.start_at.astimezone(DEFAULT_TZ) == at(2026, 12, 18, 15)
    assert event.status == Status.SCHEDULED


async def test_cancel_right_after_asks_once_then_cancels_that_event(bot):
    await two_planned(bot)

    question = await bot.say("zhangsan", "取消")

    assert "确认取消" in question and "秋季招生" in question and "1." in question
    assert "原因" in await bot.say("zhangsan", "1")
    assert "已取消" in await bot.say("zhangsan", "招生方案尚未批复")
    statuses = {e.topic: e.status for e in await bot.events()}
    assert statuses == {"秋季招生政策解读": Status.CANCELLED, "助学贷款政策": Status.PLANNED}


async def test_not_held_any_more_right_after_can_be_kept_after_all(bot):
    await two_planned(bot)

    assert "确认取消" in await bot.say("zhangsan", "这场不办了")
    assert "不取消" in await bot.say("zhangsan", "2")
    assert {e.status for e in await bot.events()} == {Status.PLANNED}


async def test_right_after_a_change_the_changed_event_is_the_context(bot):
    await bot.say("zhangsan", "我局5月中旬开秋季招生政策解读发布会")
    await bot.say("zhangsan", "我局9月开教师节表彰发布会")
    assert "已改期" in await bot.say("zhangsan", "我局5月中旬的发布会改到5月下旬")

    question = await bot.say("zhangsan", "不开了")

    assert "确认取消" in question and "秋季招生" in question and "教师节" not in question


async def test_in_a_group_chat_the_follow_up_in_that_chat_acts(bot):
    await two_planned(bot, chat=GROUP)

    answer = await bot.say("zhangsan", "改到下周四", chat=GROUP)

    assert "已改期" in answer
    assert by_topic(await bot.events())["秋季招生政策解读"].window_start == date(2026, 4, 23)


async def test_in_another_chat_there_is_no_context(bot):
    await two_planned(bot, chat=GROUP)

    answer = await bot.say("zhangsan", "改到下周四")

    assert "已改期" not in answer
    assert {e.window_start for e in await bot.events()} == {date(2026, 5, 11), date(2026, 6, 1)}


async def test_after_something_else_the_same_words_keep_their_meaning(bot):
    await two_planned(bot)
    await bot.say("zhangsan", "本月有哪些发布会")

    assert "确认取消" not in await bot.say("zhangsan", "取消")
    assert "确认取消" not in await bot.say("zhangsan", "不办了")
    assert "已改期" not in await bot.say("zhangsan", "改到下周四")
    assert {e.status for e in await bot.events()} == {Status.PLANNED}


async def test_someone_else_of_the_unit_has_no_such_context(bot):
    await two_planned(bot)

    assert "确认取消" not in await bot.say("zhaoliu", "不办了")
    assert {e.status for e in await bot.events()} == {Status.PLANNED}


async def test_days_later_a_bare_cancel_is_no_longer_about_it(bot):
    await two_planned(bot)
    bot.clock.advance(timedelta(days=4))

    assert "确认取消" not in await bot.say("zhangsan", "取消")
    assert {e.status for e in await bot.events()} == {Status.PLANNED}


async def test_a_second_registration_right_after_is_a_new_event(bot):
    await bot.say("zhangsan", "我局5月中旬开秋季招生政策解读发布会")

    answer = await bot.say("zhangsan", "我局定于6月10日召开就业创业政策发布会")
    again = await bot.say("zhangsan", "我局拟定于7月8日上午9点召开发布会")

    assert "已登记" in answer and "已登记" in again
    events = by_topic(await bot.events())
    assert events["秋季招生政策解读"].window_start == date(2026, 5, 11)
    assert len(await bot.events()) == 3


async def test_a_message_naming_another_event_is_not_a_follow_up(bot):
    await two_planned(bot)

    answer = await bot.say("zhangsan", "我局6月份的发布会改到6月下旬")

    assert "已改期" in answer and "助学贷款" in answer
    events = by_topic(await bot.events())
    assert events["秋季招生政策解读"].window_start == date(2026, 5, 11)
    assert events["助学贷款政策"].window_start == date(2026, 6, 21)


async def test_thanks_after_the_registration_is_only_thanks(bot):
    await two_planned(bot)

    answer = await bot.say("zhangsan", "好的，谢谢")

    assert "确认取消" not in answer and "已改期" not in answer and "如有变动" not in answer
    assert {(e.status, e.window_start) for e in await bot.events()} == {
        (Status.PLANNED, date(2026, 5, 11)), (Status.PLANNED, date(2026, 6, 1))}
