"""Every time change is filed (备案) with the office, together, on the next working day."""
from __future__ import annotations

from datetime import date

from store.models import Event, Person
from store.repo import update_event
from tests.reminders.reminder_helpers import Office, at

TUESDAY, WEDNESDAY = date(2026, 4, 14), date(2026, 4, 15)


async def moved_by(office: Office, person: Person, event_id: int, when, **changes) -> None:
    async with office.maker() as s, s.begin():
        ev = await s.get(Event, event_id)
        await update_event(s, ev, changes, actor=person.name, person_id=person.id, now=when)


async def setup(office: Office):
    await office.person("王主任", "office")
    unit = await office.unit("区教育局", liaison="张三")
    async with office.maker() as s:
        liaison = (await s.execute(Person.__table__.select().where(Person.name == "张三"))).one()
    first = await office.event("区教育局", "招生", date(2026, 5, 11), date(2026, 5, 20), at(TUESDAY, 8))
    second = await office.event("区教育局", "资助", date(2026, 6, 1), date(2026, 6, 30), at(TUESDAY, 8))
    await office.event("区教育局", "课后服务", date(2026, 7, 1), date(2026, 7, 31), at(TUESDAY, 8))
    return unit, Person(id=liaison.id, name=liaison.name), first, second


async def test_the_days_moves_go_to_the_office_in_one_message(office):
    _, liaison, first, second = await setup(office)
    await moved_by(office, liaison, first, at(TUESDAY, 10), window_start=date(2026, 6, 1),
                   window_end=date(2026, 6, 10))
    await moved_by(office, liaison, second, at(TUESDAY, 11), window_start=date(2026, 7, 1),
                   window_end=date(2026, 7, 31))
    # moved twice the same day: filed once, from the first time to the last
    await moved_by(office, liaison, first, at(TUESDAY, 16), window_start=date(2026, 6, 11),
                   window_end=date(2026, 6, 20))

    await office.recompute(at(WEDNESDAY, 7))

    [filed] = await office.reminders(rule="time_changes_filed")
    assert filed.due_at == at(WEDNESDAY)
    await office.round(at(WEDNESDAY, 9, 5))
    [text] = [m.body for m in await office.outbox() if "改期备案" in m.body]
    assert "招生" in text and "资助" in text and "课后服务" not in text  # 课后服务 did not move
    assert "5月11日至5月20日 → 6月11日至6月20日" in text  # from the first time to the last
    assert "6月1日至6月10日" not in text and "张三" in text


async def test_plan_imports_and_quiet_days_file_nothing(office):
    _, _, first, _ = await setup(office)
    await office.change(first, at(TUESDAY, 10), window_start=date(2026, 6, 1), window_end=date(2026, 6, 10))

    await office.recompute(at(WEDNESDAY, 7))

    assert await office.reminders(rule="time_changes_filed") == []


async def test_a_weekends_moves_are_filed_on_monday(office):
    _, liaison, first, _ = await setup(office)
    saturday, monday = date(2026, 4, 18), date(2026, 4, 20)
    await moved_by(office, liaison, first, at(saturday, 10), window_start=date(2026, 6, 1),
                   window_end=date(2026, 6, 10))

    await office.recompute(at(monday, 7))

    [filed] = await office.reminders(rule="time_changes_filed")
    assert filed.due_at == at(monday)
    await office.round(at(monday, 9, 5))
    [text] = [m.body for m in await office.outbox() if "改期备案" in m.body]
    assert "4月17日（周五）至4月19日（周日）" in text and "招生" in text
