"""One delivery round: claim due reminders, then write them to the outbox and mark them sent.

Two transactions. The claim commits a lease (status ``claimed``, ``claimed_by``,
``lease_until``); the delivery first re-confirms the lease with a conditional UPDATE (which
also takes the row locks, or SQLite's write lock), then writes the outbox rows and marks the
reminders sent in that same transaction. A worker killed in between leaves claimed rows whose
lease expires and another worker sends them; a worker whose lease was taken over confirms
nothing and sends nothing.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.outbox import row_values
from bot.reminders.policy import Policy
from bot.reminders.reconcile import insert_reminders
from bot.reminders.register import CHUNK
from bot.reminders.texts import merged_text
from bot.reminders.triage import Claimed, SentReminder, Triage, triage
from store.models import OutboxMessage, Reminder, table_of

log = logging.getLogger(__name__)
CLAIMED_COLS = (Reminder.id, Reminder.key, Reminder.rule, Reminder.event_id, Reminder.unit_id,
                Reminder.recipient_id, Reminder.recipient_role, Reminder.due_at, Reminder.payload)


@dataclass
class Delivery:
    sent: list[SentReminder] = field(default_factory=list)
    reports_created: int = 0


def _due(now: datetime):
    return or_(and_(Reminder.status == "pending", Reminder.due_at <= now),
               and_(Reminder.status == "claimed", Reminder.lease_until < now))


async def run_round(sessionmaker: async_sessionmaker, now: datetime, policy: Policy, *, worker_id: str,
                    dry_run: bool = False, limit: int | None = None) -> list[SentReminder]:
    """Send every reminder due at ``now`` (or, dry, say what would be sent); returns them."""
    if dry_run:
        async with sessionmaker() as session:
            return await preview_round(session, now, policy)
    sent: list[SentReminder] = []
    while claimed := await claim_due(sessionmaker, now, policy, worker_id=worker_id, limit=limit):
        sent += (await deliver_claimed(sessionmaker, now, policy, claimed, worker_id=worker_id)).sent
    return sent


async def claim_due(sessionmaker: async_sessionmaker, now: datetime, policy: Policy, *, worker_id: str,
                    limit: int | None = None) -> list[Claimed]:
    async with sessionmaker() as session, session.begin():
        pick = select(Reminder.id).where(_due(now)).order_by(Reminder.due_at, Reminder.id)
        pick = pick.limit(limit or policy.batch_size)
        if session.get_bind().dialect.name == "postgresql":
            pick = pick.with_for_update(skip_locked=True)
        stmt = (update(Reminder).where(Reminder.id.in_(pick.scalar_subquery()), _due(now))
                .values(status="claimed", claimed_by=worker_id,
                        lease_until=now + timedelta(seconds=policy.lease_seconds))
                .returning(*CLAIMED_COLS).execution_options(synchronize_session=False))
        return [Claimed(*row) for row in await session.execute(stmt)]


async def deliver_claimed(sessionmaker: async_sessionmaker, now: datetime, policy: Policy,
                          claimed: list[Claimed], *, worker_id: str) -> Delivery:
    async with sessionmaker() as session, session.begin():
        # the reading and composing first: with Database.handling_sessions the write lock is
        # taken only by the first write below, the lease's confirmation
        todo = await triage(session, now, policy, claimed)
        mine = await _confirm_lease(session, now, policy, [c.id for c in claimed], worker_id)
        if len(mine) < len(claimed):
            log.warning("提醒租约已过期、由其他进程接手：%d 条", len(claimed) - len(mine))
            todo.keep_only(mine)
        reports = len(todo.reports)
        await _add_reports(session, now, policy, todo)
        delivery = Delivery(sent=[item.sent for item in todo.send], reports_created=reports)
        outbox_ids = await _write_outbox(session, now, todo)
        await _mark(session, now, todo, outbox_ids)
    return delivery


async def _add_reports(session: AsyncSession, now: datetime, policy: Policy, todo: Triage) -> None:
    """Reports of unreachable recipients go out in this same round, inside the office's one
    message, instead of as a second message a round later."""
    if not todo.reports:
        return
    await insert_reminders(session, todo.reports)
    keys = [row["key"] for row in todo.reports]
    todo.reports = []
    stmt = select(*CLAIMED_COLS).where(Reminder.key.in_(keys), Reminder.status == "pending")
    fresh = await triage(session, now, policy, [Claimed(*row) for row in await session.execute(stmt)])
    todo.send += fresh.send
    todo.cancel += fresh.cancel
    todo.drop += fresh.drop


async def _confirm_lease(session: AsyncSession, now: datetime, policy: Policy, ids: list[int],
                         worker_id: str) -> set[int]:
    mine: set[int] = set()
    lease = now + timedelta(seconds=policy.lease_seconds)
    for i in range(0, len(ids), CHUNK):
        stmt = (update(Reminder)
                .where(Reminder.id.in_(ids[i:i + CHUNK]), Reminder.status == "claimed",
                       Reminder.claimed_by == worker_id)
                .values(lease_until=lease).returning(Reminder.id)
                .execution_options(synchronize_session=False))
        mine.update((await session.execute(stmt)).scalars())
    return mine


async def _write_outbox(session: AsyncSession, now: datetime, todo: Triage) -> dict[int, int]:
    """One message per person; returns reminder id → outbox id."""
    rows, members = [], {}
    for person, items in todo.by_recipient().items():
        key = "reminder:" + min(item.claimed.key for item in items)
        members[key] = [item.claimed.id for item in items]
        assert person.platform is not None  # triage sends only to people it can reach
        rows.append(row_values(key, person.platform, {"user_id": person.user_id},
                               merged_text(person, [(i.sent.rule, i.sent.text, i.claimed.payload) for i in items]),
                               now))
    outbox_ids: dict[int, int] = {}
    table = table_of(OutboxMessage)  # Core executemany: the ORM bulk path costs more than the SQL
    for i in range(0, len(rows), CHUNK):
        stmt = insert(table).returning(table.c.id, table.c.idempotency_key)
        for oid, key in await session.execute(stmt, rows[i:i + CHUNK]):
            outbox_ids.update({rid: oid for rid in members[key]})
    return outbox_ids


async def _mark(session: AsyncSession, now: datetime, todo: Triage, outbox_ids: dict[int, int]) -> None:
    table = table_of(Reminder)
    stmt = (update(table).where(table.c.id == bindparam("rid"))
            .values(status=bindparam("st"), sent_at=bindparam("at"), outbox_id=bindparam("oid"), lease_until=None))
    rows = [{"rid": rid, "st": "sent", "at": now, "oid": oid} for rid, oid in outbox_ids.items()]
    rows += [{"rid": c.id, "st": "cancelled", "at": None, "oid": None} for c in todo.cancel]
    rows += [{"rid": c.id, "st": "dropped", "at": None, "oid": None} for c in todo.drop]
    for i in range(0, len(rows), CHUNK):
        await session.execute(stmt, rows[i:i + CHUNK])


async def preview_round(session: AsyncSession, now: datetime, policy: Policy) -> list[SentReminder]:
    """What a round at ``now`` would send, writing nothing (rows claimed by a live worker excluded)."""
    stmt = select(*CLAIMED_COLS).where(_due(now)).order_by(Reminder.due_at, Reminder.id)
    rows = [Claimed(*row) for row in await session.execute(stmt.limit(policy.batch_size))]
    todo = await triage(session, now, policy, rows, quiet=True)
    return [item.sent for item in todo.send]
