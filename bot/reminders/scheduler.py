"""The scheduler loop ``pressbot serve`` starts: recompute once a day, deliver every interval.

``tick`` is one step and takes ``now``, so tests advance a FakeClock and call it; the loop only
adds the waiting. An error in one tick is logged and the next tick tries again: claimed rows
whose delivery failed are picked up once their lease expires.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.clock import Clock
from bot.reminders.candidates import calendar_for
from bot.reminders.delivery import run_round
from bot.reminders.policy import Policy
from bot.reminders.reconcile import recompute
from bot.reminders.triage import SentReminder

log = logging.getLogger(__name__)
ROUND_CHUNK = 200  # reminders claimed and delivered per (short) transaction


@dataclass
class SchedulerState:
    recomputed_on: date | None = None


async def tick(sessionmaker: async_sessionmaker, now: datetime, policy: Policy, state: SchedulerState, *,
               worker_id: str, reader: async_sessionmaker | None = None,
               pause: Callable[[], Awaitable[None]] | None = None) -> list[SentReminder]:
    # the calendar rules (digest, half-year, quota) depend on the date alone: once a day suffices
    if state.recomputed_on != now.date():
        # short transactions: message handling waits for SQLite's one write lock meanwhile
        async with sessionmaker() as session, (reader or sessionmaker)() as reads:
            if pause is not None:
                await pause()
            result = await recompute(session, now, policy, commit=session.commit,
                                     reader=reads if reader is not None else None, pause=pause)
            await session.commit()
        state.recomputed_on = now.date()
        log.info("提醒已重新计算：新增 %d，取消 %d", result.created, result.cancelled)
    return await run_round(sessionmaker, now, policy, worker_id=worker_id, limit=ROUND_CHUNK)


async def run_scheduler(sessionmaker: async_sessionmaker, clock: Clock, policy: Policy, *, worker_id: str,
                        interval: float = 60.0, stop: asyncio.Event | None = None,
                        rounds: int | None = None, reader: async_sessionmaker | None = None,
                        pause: Callable[[], Awaitable[None]] | None = None) -> None:
    """Run until cancelled, ``stop`` is set, or ``rounds`` ticks are done; the day's recompute
    awaits ``pause`` before it starts and between its chunks (``messages_first``)."""
    now = clock.now()
    calendar_for(policy).check_years([now.year, now.year + 1])
    stop = stop or asyncio.Event()
    state, done = SchedulerState(), 0
    while not stop.is_set() and (rounds is None or done < rounds):
        done += 1
        try:
            sent = await tick(sessionmaker, clock.now(), policy, state, worker_id=worker_id, reader=reader,
                              pause=pause)
            if sent:
                log.info("本轮发出提醒 %d 条", len(sent))
        except Exception:  # noqa: BLE001 - the loop must survive a bad round; the lease brings rows back
            log.exception("提醒发送轮次出错，下一轮重试")
        if rounds is not None and done >= rounds:
            break
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval)
        except TimeoutError:
            pass


WAIT_FOR_MESSAGES = 30.0  # seconds at most the day's recompute waits, each time, for the inbox to empty


def messages_first(reader: async_sessionmaker, *, most: float = WAIT_FOR_MESSAGES,
                   every: float = 0.2) -> Callable[[], Awaitable[None]]:
    """A ``pause`` for the day's recompute: while messages wait to be handled (a restart's
    backlog), wait (up to ``most`` seconds), so that replies come before reminders."""
    from bot.delivery.inbox import any_waiting

    async def pause() -> None:
        until = time.monotonic() + most
        while time.monotonic() < until:
            async with reader() as session:
                if not await any_waiting(session):
                    return
            await asyncio.sleep(every)

    return pause
