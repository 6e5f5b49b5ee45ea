"""Reconcile the reminder rows with what the rules say now.

Desired keys missing → inserted (ON CONFLICT DO NOTHING, so two recomputes racing are harmless);
pending rows the rules no longer produce → cancelled (an event moved or was cancelled, a form
arrived); cancelled rows produced again → pending again (an event moved back). Sent, dropped
and in-flight rows are history and never touched.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import cast

from sqlalchemy import CursorResult, and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminders.candidates import Candidate, Timing, make_timing
from bot.reminders.periodic import PERIODIC_RULES, UNIT_RULES, periodic_candidates
from bot.reminders.policy import Policy
from bot.reminders.register import CHUNK, load_register
from bot.reminders.rules import EVENT_RULES, event_candidates
from store.models import Event, Reminder

# events per transaction when the caller commits as it goes (well under 100 ms of write lock)
SHORT_CHUNK = 50
WRITE_CHUNK = 100  # reminder rows written per transaction then (an event may have a reminder per liaison)
HANDOVER = 0.01  # seconds between those transactions: longer than another process's pause between
                 # tries for the write lock (store.db.LOCK_POLL), so a message waiting for it goes first
SHARE = 0.5  # then at most this share of a core: a full recompute (24,000 rows at a restart) gives
             # the handler as much time as it takes

log = logging.getLogger(__name__)
PERIODIC_NAMES = frozenset(r.name for r in PERIODIC_RULES)
RULE_NAMES = frozenset(r.name for r in EVENT_RULES) | PERIODIC_NAMES


@dataclass
class ReconcileResult:
    created: int = 0
    cancelled: int = 0
    revived: int = 0
    moved: int = 0

    def add(self, other: ReconcileResult) -> None:
        for name in ("created", "cancelled", "revived", "moved"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


async def recompute(session: AsyncSession, now: datetime, policy: Policy,
                    event_ids: Iterable[int] | None = None, *,
                    commit: Callable[[], Awaitable[None]] | None = None,
                    reader: AsyncSession | None = None,
                    pause: Callable[[], Awaitable[None]] | None = None) -> ReconcileResult:
    """Bring the reminder rows in line with the register; runs in the caller's transaction.

    With ``event_ids``: those events and the unit rules of their units. Without: everything,
    the event rules a chunk of events at a time (memory stays flat on a large register).
    With ``commit`` (``session.commit``), each chunk is its own short transaction, so the
    write lock (SQLite's only one) is never held for long: each chunk's result stands alone;
    with ``reader`` (a session that only reads), the register is read outside those
    transactions too; ``pause`` is awaited between the chunks (the scheduler's: while messages
    wait to be handled, they go first).
    """
    timing = make_timing(policy, now.tzinfo or UTC)
    if event_ids is not None:
        return await _recompute_events(session, now, timing, set(event_ids), commit)
    result, since = ReconcileResult(), date(now.year - 1, 1, 1)
    live = select(Event.id).where(Event.status != "cancelled", Event.window_end >= since).order_by(Event.id)
    source = reader or session
    ids = list((await source.execute(live)).scalars())
    step = CHUNK if commit is None else SHORT_CHUNK
    for i in range(0, len(ids), step):
        began = time.perf_counter()
        chunk = ids[i:i + step]
        reg = await load_register(source, now, event_ids=chunk)
        found = [c for ev in reg.events for c in event_candidates(ev, reg, timing)]
        result.add(await _reconcile(session, now, found, Reminder.event_id.in_(chunk), commit))
        if reader is not None:  # no snapshot held across the pause: SQLite could not checkpoint its log past it
            await reader.rollback()
        if commit is not None:  # the statements run inline: let the messages waiting go first
            await _give_way(began)
        if pause is not None:
            await pause()
    result.cancelled += await _cancel_for_gone_events(session, since)
    if commit is not None:
        await commit()
    if reader is not None:
        await reader.rollback()  # a fresh snapshot for the wide read
    wide = await load_register(source, now, since=since)
    periodic = and_(Reminder.event_id.is_(None), Reminder.rule.in_(PERIODIC_NAMES))
    result.add(await _reconcile(session, now, periodic_candidates(wide, timing), periodic, commit))
    return result


async def on_event_changed(session: AsyncSession, event_id: int, now: datetime,
                           policy: Policy) -> ReconcileResult:
    """For the conversation handlers: call after an event (or its forms) changed, before commit."""
    return await recompute(session, now, policy, event_ids=[event_id])


async def _recompute_events(session: AsyncSession, now: datetime, timing: Timing, ids: set[int],
                            commit: Callable[[], Awaitable[None]] | None = None) -> ReconcileResult:
    reg = await load_register(session, now, event_ids=ids)
    units = {ev.unit_id for ev in reg.events}
    found = [c for ev in reg.events for c in event_candidates(ev, reg, timing)]
    unit_reg = await load_register(session, now, unit_ids=units, since=date(now.year - 1, 1, 1))
    found += periodic_candidates(unit_reg, timing, units=units, office=False)
    scope = or_(Reminder.event_id.in_(sorted(ids)),
                and_(Reminder.event_id.is_(None), Reminder.unit_id.in_(sorted(units)), Reminder.rule.in_(UNIT_RULES)))
    return await _reconcile(session, now, found, scope, commit)


async def _reconcile(session: AsyncSession, now: datetime, desired: list[Candidate], scope,
                     commit: Callable[[], Awaitable[None]] | None = None) -> ReconcileResult:
    """Rows for ``desired`` inserted, revived or moved; pending rows in ``scope`` not desired
    cancelled. With ``commit``, written ``WRITE_CHUNK`` rows per transaction, each standing
    alone (distinct keys, rows by id), with a pause between for the others waiting to write."""
    wanted = {c.key: c for c in desired if not c.expired(now)}
    existing = await _existing(session, wanted, scope)
    inserts = [c for key, c in wanted.items() if key not in existing]
    inserts = await _drop_already_told(session, now, inserts)
    rows = [row_for(c) for c in inserts]
    result, updates = ReconcileResult(created=len(inserts)), []
    for key, (rid, status, due_at) in existing.items():
        c = wanted.get(key)
        if c is None and status == "pending":
            updates.append({"id": rid, "status": "cancelled"})
            result.cancelled += 1
        elif c is not None and status == "cancelled":
            updates.append({"id": rid, "status": "pending", "due_at": c.due_at, "lease_until": None,
                            "claimed_by": None})
            result.revived += 1
        elif c is not None and status == "pending" and due_at != c.due_at:
            updates.append({"id": rid, "due_at": c.due_at})
            result.moved += 1
    if commit is None:
        await insert_reminders(session, rows)
        await _bulk_update(session, updates)
        return result
    for i in range(0, max(len(rows), len(updates)), WRITE_CHUNK):
        began = time.perf_counter()
        await insert_reminders(session, rows[i:i + WRITE_CHUNK])
        await _bulk_update(session, updates[i:i + WRITE_CHUNK])
        await commit()
        await _give_way(began, HANDOVER)
    return result


async def _give_way(began: float, at_least: float = 0.0) -> None:
    """Pause after a piece of background work: ``at_least``, and long enough that the work
    takes no more than ``SHARE`` of the time."""
    took = time.perf_counter() - began
    await asyncio.sleep(max(at_least, min(1.0, took * (1 - SHARE) / SHARE)))


async def _cancel_for_gone_events(session: AsyncSession, since: date) -> int:
    """Pending reminders of events cancelled (or older than the register looks) are not wanted."""
    gone = select(Event.id).where(or_(Event.status == "cancelled", Event.window_end < since))
    stmt = (update(Reminder).where(Reminder.status == "pending", Reminder.rule.in_(RULE_NAMES),
                                   Reminder.event_id.in_(gone))
            .values(status="cancelled").execution_options(synchronize_session=False))
    return cast(CursorResult, await session.execute(stmt)).rowcount or 0


async def _existing(session: AsyncSession, wanted: dict[str, Candidate],
                    scope) -> dict[str, tuple[int, str, datetime]]:
    """Rows for the wanted keys (any status) and pending rows in scope (to be cancelled if unwanted)."""
    cols = (Reminder.key, Reminder.id, Reminder.status, Reminder.due_at)
    found: dict[str, tuple[int, str, datetime]] = {}
    keys = sorted(wanted)
    for i in range(0, len(keys), CHUNK):
        rows = await session.execute(select(*cols).where(Reminder.key.in_(keys[i:i + CHUNK])))
        found.update({k: (rid, st, due) for k, rid, st, due in rows})
    pending = select(*cols).where(Reminder.status == "pending", Reminder.rule.in_(RULE_NAMES), scope)
    found.update({k: (rid, st, due) for k, rid, st, due in await session.execute(pending)})
    return found


async def _drop_already_told(session: AsyncSession, now: datetime, inserts: list[Candidate]) -> list[Candidate]:
    """A moved event gives new due days; one already past is not news to whoever was told before.

    (Moving an interview from its window to an exact day shifts the outline deadline from 5/21 to
    5/25: the liaison reminded on 5/21 should not hear it again on the day the date is set.)
    """
    late = [c for c in inserts if c.event_id is not None and c.due_at <= now]
    if not late:
        return inserts
    told: set[str] = set()
    event_ids = sorted({c.event_id for c in late if c.event_id is not None})
    for i in range(0, len(event_ids), CHUNK):
        rows = await session.execute(select(Reminder.key).where(
            Reminder.event_id.in_(event_ids[i:i + CHUNK]), Reminder.status == "sent"))
        told.update(key.rsplit(":", 1)[0] for key in rows.scalars())
    late_keys = {c.key for c in late}
    return [c for c in inserts if not (c.key in late_keys and c.key.rsplit(":", 1)[0] in told)]


def row_for(c: Candidate) -> dict:
    return {"key": c.key, "rule": c.rule, "event_id": c.event_id, "unit_id": c.unit_id,
            "recipient_id": c.recipient.person_id, "recipient_role": c.recipient.role,
            "due_at": c.due_at, "status": "pending",
            "payload": {"expires_at": c.expires_at.isoformat() if c.expires_at else None}}


async def insert_reminders(session: AsyncSession, rows: list[dict]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for i in range(0, len(rows), CHUNK):
        stmt = insert(Reminder).on_conflict_do_nothing(index_elements=["key"])
        await session.execute(stmt, rows[i:i + CHUNK])


async def _bulk_update(session: AsyncSession, rows: list[dict]) -> None:
    for i in range(0, len(rows), CHUNK):
        await session.execute(update(Reminder), rows[i:i + CHUNK])

