"""The scheduler's first recompute on a register whose units have many liaisons wrote all of an
event's reminders (one per liaison) in one transaction: with 1,500 liaisons in a unit it held
SQLite's only write lock for seconds, and every message waiting to be answered waited with it
(the soak's first seconds: replies 2.5 s late). Now the rows are written a few hundred per
transaction, with a pause between for the others waiting to write."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, select

from bot.reminders import reconcile
from bot.reminders.reconcile import recompute
from store.models import Person, Reminder
from tests.reminders.reminder_helpers import at

LIAISONS = 450


async def test_a_full_recompute_writes_a_crowded_units_reminders_a_few_hundred_at_a_time(office, maker, policy):
    now = at(date(2026, 5, 20), 9, 30)
    await office.unit("县教育局", liaison="刘联络", director="马局长")
    await office.event("县教育局", "义务教育招生政策", date(2026, 5, 1), date(2026, 5, 31), now, window_text="5月份")
    unit_id = office.units["县教育局"].id
    async with maker() as s, s.begin():  # the unit's liaisons arrive (an import of the people list)
        await s.execute(insert(Person), [{"platform": "wecom", "user_id": f"jy{i}", "name": f"联络员{i}",
                                          "role": "liaison", "unit_id": unit_id} for i in range(LIAISONS)])
    written: list[int] = []
    async with maker() as s:
        async def commit() -> None:
            written.append(await s.scalar(select(func.count()).select_from(Reminder)))
            await s.commit()

        result = await recompute(s, now, policy, commit=commit)
        await s.commit()
    async with maker() as s:
        rows = list(await s.scalars(select(Reminder).where(Reminder.recipient_role == "liaison")))
    reached = {r.recipient_id for r in rows if r.status == "pending"}
    assert len(reached) >= LIAISONS  # every new liaison has the reminders of the undated event
    assert result.created >= LIAISONS
    steps = [b - a for a, b in zip(written, written[1:], strict=False)]
    assert len(written) > result.created // reconcile.WRITE_CHUNK  # many short transactions, not one
    assert max(steps) <= reconcile.WRITE_CHUNK  # none of them writes more than its share
