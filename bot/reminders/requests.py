"""Reminders worked out beside the handler, not by it.

A message that changes an event writes a ``ReminderRequest`` in its own transaction; once it
is committed the rounds (``pressbot serve``'s third process, or the loop beside the inbox in
one process) recompute those events' reminders in short transactions and delete the requests
they read. The handler goes on to the next message meanwhile, and a crash anywhere in between
leaves the request for the next look: none is lost, and doing one twice changes nothing
(``recompute`` is idempotent).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.reminders.policy import Policy
from bot.reminders.reconcile import recompute
from store.models import ReminderRequest

log = logging.getLogger(__name__)

BATCH = 200  # requests read per look
POLL = 5.0  # seconds between looks when nobody says a request was written (a lost wake-up)


def request(session: AsyncSession, event_ids: Iterable[int]) -> None:
    """Ask, in the caller's transaction, for these events' reminders to be worked out again."""
    session.add_all(ReminderRequest(event_id=event_id) for event_id in sorted(set(event_ids)))


async def work_requests(sessions: async_sessionmaker, now_of: Callable, policy: Policy) -> int:
    """Recompute the events asked for until none is left; returns how many requests were done."""
    done = 0
    while True:
        async with sessions() as session:
            rows = (await session.execute(select(ReminderRequest.id, ReminderRequest.event_id)
                                          .order_by(ReminderRequest.id).limit(BATCH))).all()
            if not rows:
                return done
            await recompute(session, now_of(), policy, event_ids=sorted({r.event_id for r in rows}),
                            commit=session.commit)
            # by id: a request written meanwhile (for the same event too) is read next time
            await session.execute(delete(ReminderRequest).where(ReminderRequest.id.in_([r.id for r in rows])))
            await session.commit()
        done += len(rows)


async def run_requests(sessions: async_sessionmaker, clock: Clock, policy: Policy, *,
                       wake: asyncio.Event, stop: asyncio.Event) -> None:
    """Work the requests off whenever woken (a message was committed), and every ``POLL``."""
    while not stop.is_set():
        wake.clear()
        try:
            await work_requests(sessions, clock.now, policy)
        except Exception:  # noqa: BLE001 - the requests stay; the next look tries again
            log.exception("提醒重新计算出错，稍后重试")
        waits = [asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())]
        await asyncio.wait(waits, timeout=POLL, return_when=asyncio.FIRST_COMPLETED)
        for w in waits:
            w.cancel()
