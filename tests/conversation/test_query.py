"""query: one question, one correct answer; long lists grouped and split to fit, never cut."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.channels.split import byte_len
from bot.clock import DEFAULT_TZ
from store.db import make_sessionmaker
from store.models import RegistrationForm, StatisticsForm, Status, Unit
from store.repo import add_event


async def plan(bot, unit: str, start: date, end: date, topic: str = "待定", *, kind="press_conference",
               status=Status.PLANNED, start_at: datetime | None = None) -> int:
    async with make_sessionmaker(bot.engine)() as s, s.begin():
        u = await s.scalar(Unit.__table__.select().where(Unit.name == unit).with_only_columns(Unit.id))
        event = await add_event(s, unit=await s.get(Unit, u), kind=kind, window_start=start, window_end=end,
                                topic=topic, status=status, start_at=start_at, now=bot.clock.now(), actor="测试")
        return event.id


async def test_month_list_in_date_order_with_status(bot):
    await plan(bot, "区民政局", date(2026, 4, 21), date(2026, 4, 21), "婚姻登记",
               status=Status.SCHEDULED, start_at=datetime(2026, 4, 21, 10, tzinfo=DEFAULT_TZ))
    await plan(bot, "区教育局", date(2026, 4, 11), date(2026, 4, 20), "招生政策")
    await plan(bot, "区卫健委", date(2026, 5, 1), date(2026, 5, 31), "下个月的")

    answer = await bot.say("wangwu", "这个月有哪些发布会")

    assert "共2场" in answer
    assert answer.index("招生政策") < answer.index("婚姻登记")
    assert "2026年4月中旬（具体日期待定）" in answer and "2026年4月21日（周二）10:00" in answer
    assert "已定时间" in answer and "计划" in answer
    assert "下个月的" not in answer


async def test_count_question_gets_a_count(bot):
    for month in (10, 11, 12):
        await plan(bot, "区教育局", date(2026, month, 1), date(2026, month, 10), f"{month}月主题")
    await plan(bot, "区教育局", date(2026, 10, 1), date(2026, 10, 31), "访谈", kind="online_interview")

    answer = await bot.say("zhaoliu", "四季度有几场发布会")

    assert "共有3场新闻发布会" in answer


async def test_filtered_by_unit(bot):
    await plan(bot, "区人社局", date(2026, 7, 11), date(2026, 7, 31), "就业服务")
    await plan(bot, "区教育局", date(2026, 7, 1), date(2026, 7, 10), "开学")

    answer = await bot.say("zhangsan", "人社局今年的发布会都排在什么时候")

    assert "就业服务" in answer and "开学" not in answer


async def test_nothing_planned(bot):
    answer = await bot.say("zhangsan", "后天有没有发布会")

    assert "没有" in answer and "2026年4月16日" in answer


async def test_units_without_registration_form_in_next_week(bot):
    soon = await plan(bot, "区教育局", date(2026, 4, 18), date(2026, 4, 18), "快到了")
    done = await plan(bot, "区民政局", date(2026, 4, 19), date(2026, 4, 19), "已报")
    await plan(bot, "区卫健委", date(2026, 5, 20), date(2026, 5, 20), "还早")
    async with make_sessionmaker(bot.engine)() as s, s.begin():
        s.add(RegistrationForm(event_id=done, submitted_at=bot.clock.now()))

    answer = await bot.say("wangwu", "哪些单位还没报登记表")

    assert "快到了" in answer and "已报" not in answer and "还早" not in answer
    assert soon


async def test_units_without_statistics_form_this_half_year(bot):
    await plan(bot, "区教育局", date(2026, 3, 10), date(2026, 3, 10), "开学", status=Status.HELD)
    filed = await plan(bot, "区民政局", date(2026, 3, 12), date(2026, 3, 12), "已交", status=Status.REPORTED)
    await plan(bot, "区卫健委", date(2026, 5, 20), date(2026, 5, 20), "未开")
    await plan(bot, "区卫健委", date(2025, 11, 5), date(2025, 11, 5), "去年", status=Status.HELD)
    async with make_sessionmaker(bot.engine)() as s, s.begin():
        s.add(StatisticsForm(event_id=filed, submitted_at=bot.clock.now()))

    answer = await bot.say("wangwu", "哪些单位还没报统计表")

    assert "2026年上半年已举办、还没报统计表的有1场" in answer
    assert "开学" in answer and "已交" not in answer and "未开" not in answer and "去年" not in answer


async def test_completion_against_quota(bot):
    await plan(bot, "区教育局", date(2026, 3, 1), date(2026, 3, 31), "一", status=Status.HELD)
    await plan(bot, "区教育局", date(2026, 9, 1), date(2026, 9, 30), "二", status=Status.HELD)
    await plan(bot, "区档案馆", date(2026, 3, 1), date(2026, 3, 31), "档案", status=Status.REPORTED)

    answer = await bot.say("wangwu", "各单位完成情况")

    assert "区教育局（重点）：已举办2场 / 要求2场" in answer
    assert "区档案馆：已举办1场 / 要求1场" in answer
    assert "区民政局（重点）：已举办0场 / 要求2场，已安排0场，**未完成**" in answer


async def test_long_answer_grouped_by_month_and_split_to_fit_the_platform(bot):
    for i in range(60):
        day = date(2026, 1, 1) + timedelta(days=i * 6)
        await plan(bot, "区教育局", day, day, f"第{i + 1}场关于全区教育系统重点工作推进情况的新闻发布会主题")

    parts = await bot.talk("wangwu", "今年有哪些发布会")

    assert len(parts) > 1
    assert all(byte_len(p) <= bot.reply_limit for p in parts)
    assert parts[0].rstrip().endswith(f"（1/{len(parts)}）")
    whole = "\n".join(parts)
    assert "**2026年1月**" in whole and "**2026年9月**" in whole
    assert all(f"第{i}场" in whole for i in range(1, 61))


async def test_same_question_on_console_is_one_message(core):
    core.channel = "console"
    for i in range(30):
        await plan(core, "区教育局", date(2026, 5, 1), date(2026, 5, 31), f"第{i}场很长很长的主题" * 5)

    assert len(await core.talk("wangwu", "下月有哪些发布会")) == 1


async def test_unknown_person_may_ask(bot):
    await plan(bot, "区教育局", date(2026, 4, 11), date(2026, 4, 20), "招生政策")

    answer = await bot.say("stranger", "这个月有哪些发布会")

    assert "招生政策" in answer
