"""Recomputing keeps one row per (event, rule, recipient, due day); changes move the pending ones."""
from collections import Counter
from datetime import date

from tests.reminders.reminder_helpers import at

D = date.fromisoformat


async def setup(office):
    await office.person("王主任", "office")
    await office.unit("县统计局", liaison="刘联络", director="马局长", is_key=True)
    now = at(D("2026-04-14"), 9, 30)
    eid = await office.event("县统计局", "一季度经济运行情况", D("2026-04-01"), D("2026-04-30"), now,
                             window_text="4月份")
    await office.change(eid, now, start_at=at(D("2026-04-24"), 10), status="scheduled")
    return eid, now


def pending(rows):
    return {(r.rule, r.recipient_role, r.due_at.astimezone(at(D("2026-01-01")).tzinfo).date().isoformat())
            for r in rows if r.status == "pending" and r.event_id is not None}


async def test_recompute_twice_changes_nothing(office):
    eid, now = await setup(office)
    before = await office.reminders()
    again = await office.recompute(now)
    again2 = await office.recompute(now)
    after = await office.reminders()
    assert again2.created == again2.cancelled == again2.revived == 0
    assert [r.key for r in before if r.event_id] == [r.key for r in after if r.event_id]
    assert max(Counter(r.key for r in after).values()) == 1
    assert again.cancelled == 0


async def test_schedule_creates_the_dated_reminders(office):
    eid, _ = await setup(office)
    assert {
        ("registration_due", "liaison", "2026-04-21"), ("registration_due", "director", "2026-04-21"),
        ("registration_overdue", "office", "2026-04-22"), ("materials_due", "liaison", "2026-04-23"),
        ("event_eve", "director", "2026-04-23"), ("event_morning", "director", "2026-04-24"),
    } <= pending(await office.reminders(event_id=eid))


async def test_rescheduling_cancels_old_and_creates_new(office):
    eid, now = await setup(office)
    await office.change(eid, now, start_at=at(D("2026-04-29"), 15))
    rows = await office.reminders(event_id=eid)
    cancelled = {(r.rule, r.due_at.date().isoformat()) for r in rows if r.status == "cancelled"}
    assert ("registration_due", "2026-04-21") in cancelled and ("event_morning", "2026-04-24") in cancelled
    assert {("registration_due", "liaison", "2026-04-24"), ("event_morning", "director", "2026-04-29"),
            ("event_eve", "director", "2026-04-28")} <= pending(rows)
    assert not any(d in ("2026-04-21", "2026-04-23") for _, _, d in pending(rows))
    # moved back: the same keys come back instead of new rows
    await office.change(eid, now, start_at=at(D("2026-04-24"), 10))
    rows = await office.reminders(event_id=eid)
    assert ("registration_due", "liaison", "2026-04-21") in pending(rows)
    assert max(Counter(r.key for r in rows).values()) == 1


async def test_cancelling_the_event_cancels_its_reminders(office):
    eid, now = await setup(office)
    await office.change(eid, now, status="cancelled")
    rows = await office.reminders(event_id=eid)
    assert rows and {r.status for r in rows} == {"cancelled"}


async def test_registration_form_stops_its_reminders(office):
    eid, now = await setup(office)
    await office.registration(eid, now, complete=False)
    rules = {rule for rule, _, _ in pending(await office.reminders(event_id=eid))}
    assert "registration_due" not in rules and "registration_overdue" not in rules
    assert "materials_due" in rules  # the material pack is still incomplete
