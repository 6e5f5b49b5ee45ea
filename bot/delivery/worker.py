"""The outbox worker: claims due rows under a lease, sends them, retries, gives up loudly.

A row is claimed with a conditional UPDATE (status and lease in the WHERE clause), so two
workers, in one process or several, never send the same row. A worker that dies mid-send
leaves a lease that expires; the row is then claimed again. Rate limits move the row's
``next_attempt_at`` without counting an attempt: queued, never dropped.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from bot.channels.base import Outgoing, PermanentError, RetryLater, Sender
from bot.clock import Clock
from bot.delivery.database import Database
from bot.delivery.outbox import DEAD, PENDING, SENDING, SENT
from bot.metrics import Metrics
from store.models import OutboxMessage

log = logging.getLogger("pressbot.outbox")


@dataclass(frozen=True)
class Policy:
    max_attempts: int = 8
    backoff_base: float = 2.0  # seconds before the 2nd try; doubles each time
    backoff_cap: float = 600.0
    lease: float = 60.0  # longer than a send with a token refresh (2 × 10 s timeouts)
    batch: int = 50
    concurrency: int = 8
    poll: float = 1.0  # seconds between looks at the table when nobody wakes us

    def backoff(self, attempts: int) -> float:
        return min(self.backoff_cap, self.backoff_base * 2 ** max(0, attempts - 1))


class OutboxWorker:
    def __init__(self, db: Database, clock: Clock, senders: dict[str, Sender],
                 metrics: Metrics, policy: Policy = Policy(),
                 platforms: frozenset[str] | None = None) -> None:
        self.db = db
        self.clock = clock
        self.senders = senders
        self.metrics = metrics
        self.policy = policy
        # None: every row (a row nobody can send is marked dead, loudly); a set: only those
        # platforms, so that ``pressbot chat`` never touches the messenger channels' rows.
        self.platforms = platforms
        self._wake = asyncio.Event()
        self._tick_lock = asyncio.Lock()
        self._stopping = False

    def wake(self) -> None:
        self._wake.set()

    async def stop(self, task: asyncio.Task, grace: float) -> None:
        """Let the current pass finish (a cut send would wait out its lease), then end the loop."""
        self._stopping = True
        self.wake()
        try:
            await asyncio.wait_for(asyncio.shield(task), grace)
        except asyncio.TimeoutError:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def run(self) -> None:
        while not self._stopping:
            try:
                await self.tick()
            except Exception:  # noqa: BLE001 - the loop must outlive a bad tick (db hiccup)
                log.exception("outbox tick failed")
            try:
                await asyncio.wait_for(self._wake.wait(), self.policy.poll)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()

    async def tick(self) -> int:
        """Send every row due now; returns how many were attempted."""
        async with self._tick_lock:
            now = self.clock.now()
            ids = await self._due(now)
            gate = asyncio.Semaphore(self.policy.concurrency)

            async def one(row_id: int) -> bool:
                async with gate:
                    return await self._deliver(row_id, now)

            done = await asyncio.gather(*(one(i) for i in ids))
            return sum(done)

    async def _due(self, now: datetime) -> list[int]:
        async with self.db.sessions() as session:
            query = select(OutboxMessage.id).where(*_claimable(now))
            if self.platforms is not None:
                query = query.where(OutboxMessage.platform.in_(self.platforms))
            result = await session.scalars(
                query
                .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(self.policy.batch))
            return list(result)

    async def _claim(self, row_id: int, now: datetime) -> Outgoing | None:
        async with self.db.writing() as session:
            claimed = await session.execute(
                update(OutboxMessage).where(OutboxMessage.id == row_id, *_claimable(now))
                .values(status=SENDING, lease_until=now + timedelta(seconds=self.policy.lease)))
            if claimed.rowcount != 1:
                return None
            row = await session.get(OutboxMessage, row_id)
            return Outgoing(row.id, row.idempotency_key, row.platform, dict(row.target),
                            row.content_type, row.body, row.attempts)

    async def _deliver(self, row_id: int, now: datetime) -> bool:
        item = await self._claim(row_id, now)
        if item is None:
            return False
        sender = self.senders.get(item.platform)
        try:
            if sender is None:
                raise PermanentError(f"no sender for platform {item.platform!r} (channel off?)")
            await sender.send(item, now)
        except RetryLater as exc:
            await self._requeue(item, now, exc.delay, str(exc), count=False)
        except PermanentError as exc:
            await self._finish(item, DEAD, now, error=str(exc))
        except Exception as exc:  # noqa: BLE001 - any other failure is worth a retry
            await self._failed(item, now, exc)
        else:
            await self._finish(item, SENT, now)
        return True

    async def _failed(self, item: Outgoing, now: datetime, exc: Exception) -> None:
        attempts = item.attempts + 1
        error = f"{type(exc).__name__}: {exc}"
        self.metrics.delivery_failures.inc(channel=item.platform, outcome="error")
        if attempts >= self.policy.max_attempts:
            await self._finish(item, DEAD, now, error=error, attempts=attempts)
            return
        log.warning("outbox %s: try %d failed (%s)", item.idempotency_key, attempts, error)
        await self._requeue(item, now, self.policy.backoff(attempts), error, attempts=attempts)

    async def _requeue(self, item: Outgoing, now: datetime, delay: float, error: str, *,
                       count: bool = True, attempts: int | None = None) -> None:
        if not count:
            self.metrics.delivery_failures.inc(channel=item.platform, outcome="rate_limited")
        values = dict(status=PENDING, lease_until=None, last_error=error[:1000],
                      next_attempt_at=now + timedelta(seconds=max(delay, 0.0)))
        if attempts is not None:
            values["attempts"] = attempts
        await self._update(item, values)

    async def _finish(self, item: Outgoing, status: str, now: datetime, *, error: str | None = None,
                      attempts: int | None = None) -> None:
        values = dict(status=status, lease_until=None,
                      attempts=attempts if attempts is not None else item.attempts + 1)
        if status == SENT:
            values["sent_at"] = now
            self.metrics.messages_out.inc(channel=item.platform)
        else:
            values["last_error"] = (error or "")[:1000]
            log.error("outbox %s is dead: %s", item.idempotency_key, error)
        await self._update(item, values)

    async def _update(self, item: Outgoing, values: dict) -> None:
        async with self.db.writing() as session:
            await session.execute(update(OutboxMessage)
                                  .where(OutboxMessage.id == item.id, OutboxMessage.status == SENDING)
                                  .values(**values))


def _claimable(now: datetime) -> tuple:
    return (
        OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.status == PENDING,
            (OutboxMessage.status == SENDING) & (OutboxMessage.lease_until < now)),
    )
