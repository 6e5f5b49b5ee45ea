"""The 考核 export, the dashboard and the chat's 完成情况 give each unit the same "2·1+N" on the
same register: the quota, whether it is met, and whether the principal leader spoke."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.clock import DEFAULT_TZ
from bot.exports.assessment_xlsx import export_assessment
from bot.web import queries
from store.models import Event, Unit
from store.repo import add_event, update_event
from tests.exports.export_readers import read_sheets


async def _held(core, unit_name: str, day: date, topic: str, *, principal: bool | None = None) -> None:
    async with core.db.sessions() as s, s.begin():
        unit = (await s.scalars(select(Unit).where(Unit.name == unit_name))).one()
        event = await add_event(s, unit=unit, kind="press_conference", window_start=day, window_end=day,
                                now=core.clock.now(), actor="测试", topic=topic)
        await update_event(s, event, {"status": "held", "principal_spoke": principal}, actor="测试",
                           now=core.clock.now())


async def chat_lines(core) -> dict[str, str]:
    answer = "\n".join(await core.talk("wangwu", "各单位完成情况"))
    return {line[2:].split("：")[0].removesuffix("（重点）"): line for line in answer.splitlines()
            if line.startswith("- ")}


async def test_export_dashboard_and_chat_agree(core):
    await _held(core, "区教育局", date(2026, 3, 18), "春季开学", principal=True)
    await _held(core, "区教育局", date(2026, 9, 1), "秋季开学")
    await _held(core, "区民政局", date(2026, 2, 10), "婚姻登记", principal=False)
    await _held(core, "区档案馆", date(2026, 2, 10), "档案开放")
    async with core.db.sessions() as s, s.begin():  # a cancelled one counts nowhere
        await _cancelled(s, core)

    chat = await chat_lines(core)
    async with core.db.sessions() as s:
        dashboard = {line.name: line for line in await queries.quota_lines(s, 2026)}
        sheet = read_sheets(await export_assessment(s, year=2026, tz=DEFAULT_TZ))["2026年考核"]
    exported = {row["单位"]: row for row in sheet.rows}

    assert set(chat) == set(dashboard) == set(exported)
    for unit, row in exported.items():
        line, said = dashboard[unit], chat[unit]
        assert row["应达场次"] == line.standing.quota and f"要求{line.standing.quota}场" in said, unit
        met = line.standing.state == "met"
        assert (row["完成任务"] == "是") == met == ("未完成" not in said), unit
        spoke = line.standing.principal_spoke
        assert (row["主要负责同志出席"] == "是") == spoke, unit
        if line.is_key:
            assert ("主要负责同志已出席" in said) == spoke and ("主要负责同志**未出席**" in said) == (not spoke), unit
    assert exported["区教育局"]["完成任务"] == "是" and exported["区教育局"]["主要负责同志出席"] == "是"
    assert exported["区民政局"]["完成任务"] == "否" and exported["区民政局"]["主要负责同志出席"] == "否"
    assert exported["区档案馆"]["完成任务"] == "是" and exported["区档案馆"]["主要负责同志出席"] == "—"


async def _cancelled(s, core) -> None:
    unit = (await s.scalars(select(Unit).where(Unit.name == "区档案馆"))).one()
    event = await add_event(s, unit=unit, kind="press_conference", window_start=date(2026, 5, 1),
                            window_end=date(2026, 5, 1), now=core.clock.now(), actor="测试", topic="取消的")
    await update_event(s, event, {"status": "cancelled", "principal_spoke": True}, actor="测试",
                       now=core.clock.now())
    assert isinstance(event, Event)
