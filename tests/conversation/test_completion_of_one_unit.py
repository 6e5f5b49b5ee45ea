""""我局今年完成情况" from a unit's liaison or director answered with every unit of the county
(28 lines about others); the unit said ("我局", "教育局") is now the answer's only line, and
"各单位完成情况" still lists them all."""
from __future__ import annotations

from datetime import date

from store.models import Status
from tests.conversation.test_query import plan


async def test_my_units_completion_is_about_my_unit(bot):
    await plan(bot, "区教育局", date(2026, 3, 1), date(2026, 3, 31), "一", status=Status.HELD)
    await plan(bot, "区档案馆", date(2026, 3, 1), date(2026, 3, 31), "档案", status=Status.REPORTED)

    answer = await bot.say("zhangsan", "我局今年完成情况")

    assert "区教育局（重点）：已举办1场 / 要求2场" in answer
    assert "区档案馆" not in answer and "区民政局" not in answer
    assert "区教育局2026年尚未完成" in answer and "个单位" not in answer


async def test_the_office_asks_about_one_unit_by_name(bot):
    await plan(bot, "区民政局", date(2026, 3, 1), date(2026, 3, 31), "养老", status=Status.REPORTED)
    await plan(bot, "区民政局", date(2026, 9, 1), date(2026, 9, 30), "救助", status=Status.HELD)

    answer = await bot.say("wangwu", "民政局今年完成情况")

    assert "区民政局（重点）：已举办2场 / 要求2场" in answer and "区教育局" not in answer
    # enough conferences, but "2·1+N" also wants the principal leader at one: not "已完成" yet
    assert "区民政局2026年场次已达要求，但主要负责同志尚未出席发布会" in answer and "已完成" not in answer


async def test_with_the_principal_leader_at_one_the_unit_has_completed(bot):
    from store.db import make_sessionmaker
    from store.models import Event

    await plan(bot, "区民政局", date(2026, 3, 1), date(2026, 3, 31), "养老", status=Status.REPORTED)
    spoke = await plan(bot, "区民政局", date(2026, 9, 1), date(2026, 9, 30), "救助", status=Status.HELD)
    async with make_sessionmaker(bot.engine)() as s, s.begin():
        (await s.get(Event, spoke)).principal_spoke = True

    answer = await bot.say("wangwu", "民政局今年完成情况")

    assert "主要负责同志已出席" in answer and "区民政局2026年已完成" in answer


async def test_every_unit_is_still_every_unit(bot):
    await plan(bot, "区档案馆", date(2026, 3, 1), date(2026, 3, 31), "档案", status=Status.REPORTED)

    answer = await bot.say("wangwu", "各单位完成情况")

    assert "区档案馆" in answer and "区教育局" in answer and "个单位尚未完成" in answer
