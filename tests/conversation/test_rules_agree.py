"""One rule, one answer: chat, dashboard, reminders and exports read the same register the same
way (``store.rules``). Each test sets up a register where the first build's copies disagreed."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from bot.clock import DEFAULT_TZ
from bot.handlers.export import default_period
from bot.reminders.candidates import make_timing
from bot.reminders.periodic import halves, periodic_candidates
from bot.reminders.policy import Policy
from bot.reminders.register import load_register
from bot.reminders.rules import event_candidates
from bot.web import queries
from store.models import Unit
from store.repo import add_event


async def _unit(core, name: str) -> Unit:
    async with core.db.sessions() as s:
        return (await s.scalars(select(Unit).where(Unit.name == name))).one()


async def _event(core, unit_name: str, start: date, end: date | None = None, *, kind="press_conference",
                 status="planned", topic="测试", at: datetime | None = None) -> int:
    async with core.db.sessions() as s, s.begin():
        unit = (await s.scalars(select(Unit).where(Unit.name == unit_name))).one()
        event = await add_event(s, unit=unit, kind=kind, window_start=start, window_end=end or start,
                                now=core.clock.now(), actor="测试", topic=topic, status=status,
                                start_at=at)
        return event.id


async def _reminders(core):
    async with core.db.sessions() as s:
        reg = await load_register(s, core.clock.now())
    timing = make_timing(Policy(), DEFAULT_TZ)
    periodic = periodic_candidates(reg, timing)
    per_event = [c for ev in reg.events for c in event_candidates(ev, reg, timing)]
    return reg, periodic + per_event


async def test_a_units_own_yearly_quota_counts_everywhere(core):
    async with core.db.sessions() as s, s.begin():
        unit = (await s.scalars(select(Unit).where(Unit.name == "区教育局"))).one()
        unit.yearly_quota = 3
    await _event(core, "区教育局", date(2026, 1, 20), status="held", topic="寒假安全")
    await _event(core, "区教育局", date(2026, 3, 18), status="held", topic="春季开学")
    await _event(core, "区档案馆", date(2026, 2, 10), status="held", topic="档案开放")

    answer = "\n".join(await core.talk("wangwu", "各单位完成情况"))
    education = next(line for line in answer.splitlines() if "区教育局" in line)
    archive = next(line for line in answer.splitlines() if "区档案馆" in line)
    assert "要求3场" in education and "未完成" in education  # 2 held of 3
    assert "要求1场" in archive and "未完成" not in archive

    async with core.db.sessions() as s:
        lines = {line.name: line for line in await queries.quota_lines(s, 2026)}
    assert (lines["区教育局"].standing.quota, lines["区教育局"].standing.state) == (3, "short")
    assert lines["区档案馆"].standing.state == "met"

    reg, found = await _reminders(core)
    quota = [c for c in found if c.rule == "quota_21n"]
    education_id = (await _unit(core, "区教育局")).id
    assert quota and {c.context["quota"] for c in quota if c.unit_id == education_id} == {3}
    assert not [c for c in quota if c.unit_id == (await _unit(core, "区档案馆")).id]


async def test_registration_forms_are_missing_only_where_the_rules_ask_for_one(core):
    soon = (core.clock.now() + timedelta(days=3)).replace(hour=15, minute=0)
    await _event(core, "区民政局", soon.date(), topic="婚姻登记便民", at=soon, status="scheduled")
    await _event(core, "区卫健委", soon.date(), kind="online_interview", topic="家庭医生签约", at=soon,
                 status="scheduled")

    answer = "\n".join(await core.talk("wangwu", "哪些单位还没报登记表"))
    assert "婚姻登记便民" in answer and "家庭医生签约" not in answer

    async with core.db.sessions() as s:
        found = await queries.attention(s, core.clock.now().date())
    assert [row.topic for row in found.no_registration] == ["婚姻登记便民"]

    _, candidates = await _reminders(core)
    due = {c.context.get("event", {}).get("topic") for c in candidates if c.rule == "registration_due"}
    assert due == {"婚姻登记便民"}


async def test_the_half_year_is_the_same_half_everywhere(core):
    core.clock.set(datetime(2026, 7, 10, 9, 0, tzinfo=DEFAULT_TZ))
    await _event(core, "区民政局", date(2026, 6, 30), status="held", topic="六月底那场")
    await _event(core, "区民政局", date(2026, 7, 1), status="held", topic="七月初那场")

    answer = "\n".join(await core.talk("wangwu", "哪些单位还没报统计表"))
    assert "七月初那场" in answer and "六月底那场" not in answer

    today = core.clock.now().date()
    second = (date(2026, 7, 1), date(2026, 12, 31))
    assert default_period("stats", today) == second
    timing = make_timing(Policy(), DEFAULT_TZ)
    assert (halves(2026, timing)[1].start, halves(2026, timing)[1].end) == second
    assert halves(2026, timing)[0].report == date(2026, 6, 30) and halves(2026, timing)[1].report == date(2026, 12, 30)


async def test_a_key_department_short_only_of_a_half_is_told_which(core):
    core.clock.set(datetime(2026, 9, 1, 9, 0, tzinfo=DEFAULT_TZ))
    await _event(core, "区民政局", date(2026, 3, 10), status="held", topic="婚姻登记")
    await _event(core, "区民政局", date(2026, 5, 12), status="held", topic="养老服务")

    answer = "\n".join(await core.talk("wangwu", "各单位完成情况"))
    line = next(line for line in answer.splitlines() if "区民政局" in line)
    assert "已举办2场 / 要求2场" in line and "未完成" in line and "下半年还没有举办" in line

    async with core.db.sessions() as s:
        lines = {line.name: line for line in await queries.quota_lines(s, 2026)}
    assert lines["区民政局"].standing.state != "met"  # the dashboard says the same
