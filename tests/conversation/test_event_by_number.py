"""Every reply and reminder numbers its event ("（编号57）"); people answer with the number:
"编号57", "查一下编号57的情况", "编号57改到5月20日", "编号58取消". The number names that event,
whoever asks and whatever the bot said last, and the rights to change it still hold."""
from __future__ import annotations

import re
from datetime import date, datetime

from bot.clock import DEFAULT_TZ
from tests.conversation.test_query import plan
from tests.conversation.test_replies_in_context import planned_and_passed, remind


async def test_the_number_alone_shows_that_event_in_any_wording(bot):
    soon = await plan(bot, "区民政局", date(2026, 5, 11), date(2026, 5, 20), "婚姻登记便民")
    await plan(bot, "区教育局", date(2026, 5, 1), date(2026, 5, 31), "别的")
    for text in (f"编号{soon}", f"查一下编号{soon}的情况", f"编号 {soon} 怎么样了", f"编号：{soon}？", f"#{soon}"):
        answer = await bot.say("wangwu", text)
        assert "婚姻登记便民" in answer and "区民政局" in answer and "别的" not in answer, (text, answer)
        assert "2026年5月中旬" in answer, answer


async def test_an_unknown_number_is_said_plainly(bot):
    for number in ("9999", "99999999999999999999999"):
        answer = await bot.say("wangwu", f"编号{number}")
        assert "没有编号" in answer and "请核对编号" in answer, answer


async def test_a_passed_open_event_says_it_is_not_held(bot):
    late = await plan(bot, "区民政局", date(2026, 3, 1), date(2026, 3, 31), "春季")

    answer = await bot.say("wangwu", f"编号{late}")

    assert "时间已过，尚未登记为已召开" in answer


async def test_the_office_moves_and_cancels_by_number(bot):
    event = await plan(bot, "区民政局", date(2026, 5, 11), date(2026, 5, 20), "婚姻登记便民")

    moved = await bot.say("wangwu", f"编号{event}改到5月28日")

    assert "已改期" in moved and f"编号 {event}" in moved
    [row] = [e for e in await bot.events() if e.id == event]
    assert (row.window_start, row.window_end) == (date(2026, 5, 28), date(2026, 5, 28))


async def test_a_liaison_may_not_move_another_units_event_by_its_number(bot):
    other = await plan(bot, "区民政局", date(2026, 5, 11), date(2026, 5, 20), "婚姻登记便民")

    answer = await bot.say("zhangsan", f"编号{other}改到5月28日")

    assert "没有修改区民政局安排的权限" in answer
    [row] = [e for e in await bot.events() if e.id == other]
    assert row.window_start == date(2026, 5, 11)


async def test_after_a_reminder_another_number_is_not_the_reminders_event(bot):
    """Reminded about his own event, the liaison names another by number: the reminder's event
    stays where it was (before: "编号N改到…" moved the reminder's event)."""
    await planned_and_passed(bot)
    [mine] = await bot.events()
    other = await plan(bot, "区教育局", date(2026, 6, 1), date(2026, 6, 30), "暑期安全")

    answer = await bot.say("zhangsan", f"编号{other}改到6月18日")

    assert f"编号 {other}" in answer and "暑期安全" in answer, answer
    rows = {e.id: e for e in await bot.events()}
    assert rows[mine.id].window_start == mine.window_start and rows[mine.id].status == mine.status
    assert rows[other].window_start == date(2026, 6, 18)


async def test_a_number_picks_one_event_of_a_reminder_about_several(bot):
    """The office is reminded of several events at once: "编号N取消" asks about N alone."""
    import pytest

    if bot.platform == "core":
        pytest.skip("pushes are only seen through a platform")
    assert "已登记" in await bot.say("zhangsan", "我局4月20日开招生政策发布会")
    assert "已登记" in await bot.say("lisi", "我局4月17日开婚姻登记发布会")
    bot.clock.set(datetime(2026, 4, 21, 12, 0, tzinfo=DEFAULT_TZ))
    await remind(bot)
    numbers = re.findall(r"编号(\d+)", bot.pushes_to("wangwu")[-1])
    assert len(set(numbers)) >= 2, bot.pushes_to("wangwu")
    chosen = int(numbers[-1])

    answer = await bot.say("wangwu", f"编号{chosen}取消")

    assert f"编号 {chosen}" in answer and "哪一场" not in answer, answer
