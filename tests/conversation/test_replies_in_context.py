"""Replies to a reminder: the reminder asks "已召开 / 改期到X月X日 / 取消", the liaison answers in
two words, and the answer acts on the reminder's event. The same words without a reminder just
before keep their usual meaning. Joint events are seen by every unit in them."""
from __future__ import annotations

from datetime import date, datetime

from bot.clock import DEFAULT_TZ
from bot.reminders.delivery import run_round
from bot.reminders.policy import Policy
from store.db import make_sessionmaker
from store.models import Status


async def remind(bot) -> None:
    """A reminder round at the bot's clock, delivered to the platform when there is one."""
    await run_round(make_sessionmaker(bot.engine), bot.clock.now(), Policy(), worker_id="test")
    if hasattr(bot, "settle"):
        await bot.settle()


async def planned_and_passed(bot, text: str = "我局4月20日开招生政策发布会") -> None:
    """An event whose day has passed without being held: the liaison is reminded."""
    assert "已登记" in await bot.say("zhangsan", text)
    bot.clock.set(datetime(2026, 4, 21, 12, 0, tzinfo=DEFAULT_TZ))
    await remind(bot)
    if bot.platform != "core":
        assert any("已召开" in text for text in bot.pushes_to("zhangsan"))


async def test_held_after_the_reminder_opens_the_statistics_form_for_that_event(bot):
    await planned_and_passed(bot)

    answer = await bot.say("zhangsan", "已召开")

    assert "统计表" in answer and "招生政策" in answer
    assert (await bot.form("zhangsan")).form == "statistics"


async def test_a_new_date_after_the_reminder_moves_that_event(bot):
    await planned_and_passed(bot)

    answer = await bot.say("zhangsan", "改期到5月8日")

    assert "已改期" in answer
    [event] = await bot.events()
    assert (event.window_start, event.window_end) == (date(2026, 5, 8), date(2026, 5, 8))


async def test_reschedule_without_a_date_asks_for_it_and_takes_the_next_time_given(bot):
    await planned_and_passed(bot)

    question = await bot.say("zhangsan", "改期")
    answer = await bot.say("zhangsan", "5月12日下午3点")

    assert "改到什么时候" in question and "招生政策" in question
    assert "已改期" in answer
    [event] = await bot.events()
    assert event.start_at.astimezone(DEFAULT_TZ) == datetime(2026, 5, 12, 15, 0, tzinfo=DEFAULT_TZ)


async def test_asked_for_a_date_a_question_instead_is_answered_as_a_question(bot):
    await planned_and_passed(bot)
    await bot.say("zhangsan", "要改期")

    answer = await bot.say("zhangsan", "5月有哪些发布会")

    assert "已改期" not in answer and await bot.form("zhangsan") is None
    [event] = await bot.events()
    assert event.window_start == date(2026, 4, 20)


async def test_an_exact_time_after_the_reminder_sets_that_events_time(bot):
    await planned_and_passed(bot)

    answer = await bot.say("zhangsan", "新闻发布会定在4月28日下午3点")

    assert "已改期" in answer
    [event] = await bot.events()
    assert event.start_at.astimezone(DEFAULT_TZ) == datetime(2026, 4, 28, 15, 0, tzinfo=DEFAULT_TZ)


async def test_cancel_after_the_reminder_asks_once_then_cancels(bot):
    await planned_and_passed(bot)

    question = await bot.say("zhangsan", "取消")

    assert "确认取消" in question and "招生政策" in question and "1." in question
    assert [e.status for e in await bot.events()] == [Status.PLANNED]
    # confirmed: the rules want the reason on record (one question), then it is cancelled
    assert "原因" in await bot.say("zhangsan", "1")
    assert [e.status for e in await bot.events()] == [Status.PLANNED]
    assert "已取消" in await bot.say("zhangsan", "主要负责同志另有公务")
    assert [e.status for e in await bot.events()] == [Status.CANCELLED]


async def test_not_held_any_more_after_the_reminder_can_be_kept_after_all(bot):
    await planned_and_passed(bot)

    assert "确认取消" in await bot.say("zhangsan", "不办了")
    answer = await bot.say("zhangsan", "2")

    assert "不取消" in answer
    assert [e.status for e in await bot.events()] == [Status.PLANNED]


async def test_ok_after_the_reminder_is_acknowledged_and_changes_nothing(bot):
    await planned_and_passed(bot)

    answer = await bot.say("zhangsan", "收到")

    assert "招生政策" in answer
    [event] = await bot.events()
    assert event.status == Status.PLANNED and event.window_start == date(2026, 4, 20)


async def test_a_hello_after_the_reminder_is_a_greeting_not_an_acknowledgement(bot):
    """"你好" is how a person starts; answered "收到。…按…安排" it looked as if the bot had not listened."""
    await planned_and_passed(bot)

    for hello in ("你好", "您好！", "早上好"):
        answer = await bot.say("zhangsan", hello)
        assert "收到" not in answer and "按" not in answer, (hello, answer)


async def test_a_hello_with_an_acknowledgement_still_takes_the_reminder_in(bot):
    await planned_and_passed(bot)

    assert "招生政策" in await bot.say("zhangsan", "你好，收到")


async def test_without_a_reminder_the_same_words_ask_which_event_and_change_nothing(bot):
    """No reminder or confirmation to answer: "改期到5月8日" asks which of the unit's events it
    means (before: "没太明白"), even when there is one, and changes nothing until one is picked."""
    await bot.say("zhangsan", "我局4月20日开招生政策发布会")
    await bot.say("zhangsan", "本周有哪些发布会")  # the registration's confirmation is no context now

    assert "招生政策" not in await bot.say("zhangsan", "取消")  # alone: nothing open to quit
    for text in ("改期到5月8日", "不办了", "改期"):
        answer = await bot.say("zhangsan", text)
        assert "哪一场" in answer and "招生政策" in answer and "没太明白" not in answer, (text, answer)
        assert "已取消" in await bot.say("zhangsan", "取消")  # the question is dropped
    assert "没太明白" not in await bot.say("zhangsan", "已召开")  # nothing held yet: said so
    [event] = await bot.events()
    assert (event.status, event.window_start) == (Status.PLANNED, date(2026, 4, 20))


async def test_without_a_reminder_the_picked_event_is_moved(bot):
    await bot.say("zhangsan", "我局4月20日开招生政策发布会")
    await bot.say("zhangsan", "本周有哪些发布会")

    assert "哪一场" in await bot.say("zhangsan", "改期到5月8日")
    assert "已改期" in await bot.say("zhangsan", "1")
    [event] = await bot.events()
    assert event.window_start == date(2026, 5, 8)


async def test_once_the_liaison_has_asked_something_else_the_reminder_is_no_longer_answered(bot):
    await planned_and_passed(bot)
    await bot.say("zhangsan", "本月有哪些发布会")

    assert "确认取消" not in await bot.say("zhangsan", "取消")
    assert "确认取消" not in await bot.say("zhangsan", "不办了")
    assert [e.status for e in await bot.events()] == [Status.PLANNED]


async def test_someone_elses_reminder_is_not_the_context(bot):
    await planned_and_passed(bot)

    assert "确认取消" not in await bot.say("lisi", "不办了")
    assert [e.status for e in await bot.events()] == [Status.PLANNED]


async def test_a_joint_event_is_listed_for_both_units(bot):
    answer = await bot.say("zhangsan", "我局和民政局5月20日联合召开校园周边安全发布会")

    assert "已登记" in answer and "区民政局" in answer
    [event] = await bot.events()
    assert event.unit.name == "区教育局" and [u.name for u in event.co_units] == ["区民政局"]
    assert "校园周边安全" in await bot.say("lisi", "我局5月有哪些发布会")
    assert "校园周边安全" in await bot.say("zhangsan", "我局5月有哪些发布会")


async def test_a_question_with_a_time_writes_nothing(bot):
    for text in ("下周的访谈", "后天的发布会几点", "三季度的发布会安排给我看看", "今年全部访谈的清单"):
        await bot.say("zhangsan", text)

    assert await bot.events() == []


async def test_a_report_of_a_held_event_with_its_date_is_no_registration(bot):
    bot.clock.set(datetime(2026, 4, 1, 9, 0, tzinfo=DEFAULT_TZ))
    await bot.say("zhangsan", "我局4月8日开春季招生发布会")
    bot.clock.set(datetime(2026, 4, 9, 9, 0, tzinfo=DEFAULT_TZ))

    answer = await bot.say("zhangsan", "说一下情况：4月8日开的，来了三家媒体")

    assert "统计表" in answer
    assert len(await bot.events()) == 1


async def test_quitting_words_after_the_reminder_cancel_nothing(bot):
    await planned_and_passed(bot)

    answer = await bot.say("zhangsan", "算了")

    assert "确认取消" not in answer
    assert [e.status for e in await bot.events()] == [Status.PLANNED]


async def test_the_reply_a_reminder_suggests_to_the_office_shows_that_event(bot):
    """The office is told "回复“区教育局的新闻发布会”可查看详情": that reply, typed as it stands or
    shortened, lists the event even though its time has passed, and writes nothing."""
    import re

    import pytest

    if bot.platform == "core":
        pytest.skip("pushes are only seen through a platform")
    await planned_and_passed(bot)
    before = [(e.id, e.status, e.window_start) for e in await bot.events()]
    told = [t for t in bot.pushes_to("wangwu") if "可查看详情" in t]
    assert told, bot.pushes_to("wangwu")
    suggested = re.search(r"回复“([^”]+)”可查看详情", told[-1]).group(1)

    for reply in (suggested, "区教育局的发布会", "教育局发布会"):
        answer = await bot.say("wangwu", reply)
        assert "招生政策" in answer and "时间已过" in answer, (reply, answer)
    assert [(e.id, e.status, e.window_start) for e in await bot.events()] == before
