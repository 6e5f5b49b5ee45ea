"""Rate limits kept in the database, so they hold across instances and restarts.

A limit of ``count`` calls per ``seconds`` under a key is up to ``count`` rows of
``rate_slots`` (key, slot, until). Taking one is a conditional UPDATE of a slot whose
``until`` has passed (``until <= now`` is in the WHERE clause, so two instances can never
take the same slot); while fewer than ``count`` slots exist, the next one is inserted already
taken (the primary key stops two instances making the same one), so a new key costs one row,
not ``count``. When none is free the caller learns how long until the first frees. That is
the sliding window of the last ``count`` calls, exact across any number of processes.

Outbound (platforms drop messages over their limits silently, protocols.md W15): a sender
that would exceed a window raises ``RetryLater`` and the worker moves the row's
``next_attempt_at``; nothing is dropped. Inbound: the dashboard's sign-in.
"""
from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.channels.base import RetryLater
from bot.delivery.database import Database
from store.models import RateSlot


@dataclass(frozen=True)
class Rule:
    count: int
    seconds: float


ROBOT_PER_MINUTE = Rule(20, 60)  # WeCom group robot, DingTalk custom robot
USER_PER_MINUTE = Rule(30, 60)  # WeCom app messages to one member
API_PER_SECOND = Rule(20, 1)  # DingTalk new-style APIs per app and API
EPOCH = datetime(2000, 1, 1).astimezone()


# Built once (each send takes a slot): a free slot of the key, taken if it is still free; how
# many slots the key has and when the first frees; a new slot, taken.
_FREE = select(RateSlot.slot).where(RateSlot.key == bindparam("b_key"), RateSlot.slot < bindparam("b_count"),
                                    RateSlot.until <= bindparam("b_now")).limit(1).scalar_subquery()
_CLAIM = (update(RateSlot).where(RateSlot.key == bindparam("b_key"), RateSlot.slot == _FREE,
                                 RateSlot.until <= bindparam("b_now")).values(until=bindparam("b_until")))
_SLOTS = select(func.count(), func.min(RateSlot.until)).where(RateSlot.key == bindparam("b_key"),
                                                              RateSlot.slot < bindparam("b_count"))
_ADD_PG = postgresql.insert(RateSlot).on_conflict_do_nothing()
_ADD_SQLITE = sqlite.insert(RateSlot).on_conflict_do_nothing()


@dataclass
class _Ask:
    key: str
    rule: Rule
    now: datetime
    answer: asyncio.Future[float | None]


@dataclass
class Limits:
    """The slots taken at the same moment (the outbox sends a batch at once) are taken in one
    transaction: one write per batch of sends, not one per send."""

    # None: this process's memory only (a sender used without a database: tools, tests)
    db: Database | None = None
    _local: dict[str, deque[float]] = field(default_factory=dict)
    _asks: list[_Ask] = field(default_factory=list)
    _working: bool = False

    async def take(self, key: str, rule: Rule, now: datetime) -> None:
        """Count one call under ``key`` or raise RetryLater with the time until a slot frees."""
        wait = await self.try_take(key, rule, now)
        if wait is not None:
            raise RetryLater(wait, f"limit {key}")

    async def try_take(self, key: str, rule: Rule, now: datetime) -> float | None:
        """None when a slot was taken, else the seconds until one frees."""
        if self.db is None:
            return self._take_local(key, rule, now)
        loop = asyncio.get_running_loop()
        ask = _Ask(key[:200], rule, now, loop.create_future())
        self._asks.append(ask)
        if not self._working:
            self._working = True
            loop.create_task(self._work(self.db))
        return await ask.answer

    async def _work(self, db: Database) -> None:
        try:
            await asyncio.sleep(0)  # the other sends of this moment ask too
            while self._asks:
                asks, self._asks = self._asks, []
                try:
                    async with db.writer(), db.engine.begin() as conn:
                        # in the order of the keys: two instances' batches never wait for each other in a circle
                        taken = [(ask, await _take(conn, db.engine.dialect.name, ask))
                                 for ask in sorted(asks, key=lambda a: a.key)]
                except Exception as exc:  # noqa: BLE001 - each asker gets it (a busy database: try later)
                    for ask in asks:
                        if not ask.answer.done():
                            ask.answer.set_exception(exc)
                    continue
                for ask, wait in taken:
                    if not ask.answer.done():  # its sender may have been cancelled meanwhile
                        ask.answer.set_result(wait)
        finally:
            self._working = False

    def _take_local(self, key: str, rule: Rule, now: datetime) -> float | None:
        t = now.timestamp()
        window = self._local.setdefault(key, deque())
        while window and window[0] <= t - rule.seconds:
            window.popleft()
        if len(window) >= rule.count:
            return window[0] + rule.seconds - t
        window.append(t)
        return None


async def _take(conn: Any, dialect: str, ask: _Ask) -> float | None:
    """Take a slot of ``ask.key`` in this transaction: None, or the seconds until one frees."""
    now, count = ask.now, ask.rule.count
    until = now + timedelta(seconds=ask.rule.seconds)
    params = {"b_key": ask.key, "b_count": count, "b_now": now, "b_until": until}
    first = None
    for _ in range(5):  # on PostgreSQL another instance may take the slot we chose: choose again
        if (await conn.execute(_CLAIM, params)).rowcount == 1:
            return None
        made, first = (await conn.execute(_SLOTS, params)).one()
        if made < count:  # a slot not made yet: made now, taken (a new key costs one row)
            add = _ADD_PG if dialect == "postgresql" else _ADD_SQLITE
            if (await conn.execute(add, {"key": ask.key, "slot": made, "until": until})).rowcount == 1:
                return None
            continue
        if first is None or first > now:
            break
    return max((first - now).total_seconds(), 0.01) if first is not None else 0.01
