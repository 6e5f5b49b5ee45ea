""""2·1+N", second half: a key department whose principal leader has not spoken is reminded."""
from __future__ import annotations

from datetime import date

from tests.reminders.reminder_helpers import Office, at

JAN = date(2026, 1, 5)


async def setup(office: Office) -> tuple[int, int]:
    await office.person("王主任", "office")
    await office.unit("区教育局", liaison="张三", director="赵局长", is_key=True)
    await office.unit("区档案馆", liaison="李四", director="钱馆长")
    spring = await office.event("区教育局", "春季招生", date(2026, 3, 1), date(2026, 3, 31), at(JAN))
    await office.event("区档案馆", "档案开放日", date(2026, 3, 1), date(2026, 3, 31), at(JAN))
    autumn = await office.event("区教育局", "秋季开学", date(2026, 9, 1), date(2026, 9, 30), at(JAN))
    await office.change(spring, at(date(2026, 3, 20)), status="held")
    return spring, autumn


async def reminded(office: Office) -> list[tuple[str, str]]:
    rows = await office.reminders(rule="principal_not_spoken", status="pending")
    return sorted((r.due_at.date().isoformat(), r.recipient_role) for r in rows)


async def test_key_department_is_told_in_the_second_half(office):
    await setup(office)

    await office.recompute(at(date(2026, 4, 1)))

    # July 1 and a month before the year ends (Nov 30), to the director and the liaison; not 档案馆
    assert await reminded(office) == [("2026-07-01", "director"), ("2026-07-01", "liaison"),
                                      ("2026-11-30", "director"), ("2026-11-30", "liaison")]
    await office.round(at(date(2026, 7, 1), 9, 5))
    texts = [m.body for m in await office.outbox() if "主要负责同志出席发布会提醒" in m.body]
    assert len(texts) == 2 and all("区教育局" in t and "秋季开学" in t for t in texts)


async def test_no_reminder_once_the_leader_spoke(office):
    spring, _ = await setup(office)
    await office.recompute(at(date(2026, 4, 1)))

    await office.change(spring, at(date(2026, 4, 2)), principal_spoke=True, principal_name="局长 王强")

    assert await reminded(office) == []


async def test_after_downtime_the_reminder_comes_once_not_twice(office):
    """A server down from June to December (or a register first loaded in December): both of the
    year's occasions are past, but each person is told once, not twice the same text."""
    await setup(office)
    await office.recompute(at(date(2026, 4, 1)))

    await office.round(at(date(2026, 12, 1), 9, 5))

    for name in ("张三", "赵局长"):
        mine = [m.body for m in await office.outbox() if name in m.body]
        assert len(mine) == 1, name
        assert mine[0].count("主要负责同志出席发布会提醒") == 1, mine[0]


async def test_the_example_reply_names_a_month_still_ahead(office):
    """With nothing left planned, the reminder suggests a reply to register one: at the end of
    November that is December, not a month already over."""
    await office.person("王主任", "office")
    await office.unit("区教育局", liaison="张三", director="赵局长", is_key=True)
    spring = await office.event("区教育局", "春季招生", date(2026, 3, 1), date(2026, 3, 31), at(JAN))
    await office.change(spring, at(date(2026, 3, 20)), status="held")
    await office.recompute(at(date(2026, 4, 1)))

    await office.round(at(date(2026, 11, 30), 9, 5))

    texts = [m.body for m in await office.outbox() if "主要负责同志出席发布会提醒" in m.body]
    assert len(texts) == 2 and all("回复如“我局12月开发布会”" in t for t in texts), texts


async def test_a_reminder_says_the_events_dates_not_the_words_it_was_registered_in(office):
    """An event stored with the words it was said in ("下个月", "明年Q1", "下周三") was reminded
    months later in those words, read at the wrong time. The reminder gives the window's dates."""
    await office.person("王主任", "office")
    await office.unit("区教育局", liaison="张三", director="赵局长", is_key=True)
    await office.event("区教育局", "寒假安全", date(2026, 12, 1), date(2026, 12, 31), at(JAN),
                       window_text="下个月")
    await office.recompute(at(date(2026, 4, 1)))

    await office.round(at(date(2026, 11, 30), 9, 5))

    texts = [m.body for m in await office.outbox() if "寒假安全" in m.body]
    assert texts and all("下个月" not in t and "2026年12月" in t for t in texts), texts
