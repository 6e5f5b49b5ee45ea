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
from typing import Any

from sqlalchemy import bindparam, or_, select, update

from bot.channels.base import Outgoing, PermanentError, RetryLater, Sender
from bot.clock import Clock
from bot.delivery.database import Database, is_transient
from bot.delivery.files import FILE, LinkMaker, as_link_text, attach_files, forget_sent
from bot.delivery.outbox import DEAD, PENDING, SENDING, SENT
from bot.metrics import Metrics
from store.models import OutboxMessage

log = logging.getLogger("pressbot.outbox")
RECORD_TRIES = 8  # about 13 s of waiting, in doubling steps


@dataclass(frozen=True)
class RetryPolicy:
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
                 metrics: Metrics, policy: RetryPolicy = RetryPolicy(),
                 platforms: frozenset[str] | None = None,
                 file_links: LinkMaker | None = None) -> None:
        self.db = db
        self.clock = clock
        self.senders = senders
        self.metrics = metrics
        self.policy = policy
        # None: every row (a row nobody can send is marked dead, loudly); a set: only those
        # platforms, so that ``pressbot chat`` never touches the messenger channels' rows.
        self.platforms = platforms
        # Download links for files sent where a platform cannot send files; ``pressbot serve``
        # sets it (bot.web), since only the web side holds the signing key.
        self.file_links = file_links
        self._wake = asyncio.Event()
        self._claims: dict[tuple, Any] = {}
        self._stores: dict[tuple, Any] = {}
        self._tick_lock = asyncio.Lock()
        self._stopping = False

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """End the loop after the current pass (a send cut short would wait out its lease)."""
        self._stopping = True
        self.wake()

    async def run(self) -> None:
        while not self._stopping:
            try:
                await self.tick()
            except Exception:  # noqa: BLE001 - the loop must outlive a bad tick (db hiccup)
                log.exception("outbox tick failed")
            try:
                await asyncio.wait_for(self._wake.wait(), self.policy.poll)
            except TimeoutError:
                pass
            self._wake.clear()

    async def tick(self) -> int:
        """Send every row due now; returns how many were attempted."""
        async with self._tick_lock:
            now = self.clock.now()
            try:
                items = await self._claim(now)
            except Exception as exc:
                if not is_transient(exc):
                    raise
                log.warning("outbox: database busy (%s), next pass", exc)
                return 0
            if not items:
                return 0
            gate = asyncio.Semaphore(self.policy.concurrency)

            # one recipient's rows go out one after the other, in queue order (a reply's parts;
            # a text, then the file it announces); different recipients in parallel. Outcomes
            # are stored as they come (each write takes all that finished meanwhile): a crash
            # then sends again only what was in flight, not the whole batch.
            done: asyncio.Queue[tuple[Outgoing, dict] | None] = asyncio.Queue()

            async def in_order(group: list[Outgoing]) -> None:
                for item in group:
                    async with gate:
                        values = await self._deliver(item, now)
                    done.put_nowait((item, values))

            groups = [in_order(group) for group in _by_recipient(items)]
            sending: asyncio.Future[Any] = asyncio.ensure_future(asyncio.gather(*groups))
            sending.add_done_callback(lambda _: done.put_nowait(None))  # after every outcome
            try:
                ended = False
                while not ended and (first := await done.get()) is not None:
                    batch = [first]  # with whatever else finished meanwhile
                    while not done.empty():
                        if (more := done.get_nowait()) is None:
                            ended = True
                            break
                        batch.append(more)
                    await self._record(batch)
            except asyncio.CancelledError:
                sending.cancel()  # shutting down: what is in flight is sent again after its lease
                raise
            except BaseException:
                if not sending.done():  # recording failed: let the sends in flight end as they will
                    await asyncio.wait([sending])
                raise
            sending.result()
            return len(items)

    async def _claim(self, now: datetime) -> list[Outgoing]:
        """Lease a batch of due rows in one statement; the WHERE is re-checked per row, so a
        row leased by another worker meanwhile is not returned here."""
        params = {"b_now": now, "b_lease": now + timedelta(seconds=self.policy.lease)}
        async with self.db.writer(), self.db.engine.begin() as conn:
            rows = (await conn.execute(self._claim_statement(), params)).all()
            items = sorted((Outgoing(r.id, r.idempotency_key, r.platform, dict(r.target or {}),
                                     r.content_type, r.body, r.attempts, parts_sent=r.parts_sent or 0,
                                     resend=(r.claims or 0) > 1, claims=r.claims or 0)
                            for r in rows),
                           key=lambda item: item.id)
            return await attach_files(conn, items)

    def _claim_statement(self) -> Any:
        """The lease of a batch, built once per (platforms, batch size): every tick runs it."""
        key = (self.platforms, self.policy.batch)
        if (claim := self._claims.get(key)) is None:
            now: Any = bindparam("b_now")
            due = select(OutboxMessage.id).where(*_claimable(now))
            if self.platforms is not None:
                due = due.where(OutboxMessage.platform.in_(sorted(self.platforms)))
            due = due.order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(self.policy.batch)
            claim = self._claims[key] = (
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(due.scalar_subquery()), *_claimable(now))
                .values(status=SENDING, lease_until=bindparam("b_lease"), claims=OutboxMessage.claims + 1)
                .returning(OutboxMessage.id, OutboxMessage.idempotency_key, OutboxMessage.platform,
                           OutboxMessage.target, OutboxMessage.content_type, OutboxMessage.body,
                           OutboxMessage.attempts, OutboxMessage.parts_sent, OutboxMessage.claims))
        return claim

    async def _deliver(self, item: Outgoing, now: datetime) -> dict:
        """Send one row; the values to store for it (with the parts out, if it got that far)."""
        values = await self._try(item, now)
        if values["status"] == PENDING and values.get("parts_sent") is None:
            values["parts_sent"] = item.parts_sent
        return values

    async def _try(self, item: Outgoing, now: datetime) -> dict:
        sender = self.senders.get(item.platform)
        try:
            if sender is None:
                raise PermanentError(f"no sender for platform {item.platform!r} (channel off?)")
            await sender.send(self._for_sender(item, sender, now), now)
        except RetryLater as exc:  # held back (our limit or the platform's): this part was not delivered
            self.metrics.delivery_failures.inc(channel=item.platform, outcome="rate_limited")
            return {**_pending(now, exc.delay, str(exc)), **_progress(exc), **_not_sent(item)}
        except PermanentError as exc:
            return self._dead(item, f"{exc}", item.attempts + 1)
        except Exception as exc:  # noqa: BLE001 - any other failure is worth a retry
            if is_transient(exc):  # our database was busy (a rate limit's slot): not a try
                return {**_pending(now, 1.0, f"{type(exc).__name__}: {exc}"), **_progress(exc), **_not_sent(item)}
            values = self._failed(item, now, exc)
            return {**values, **_not_sent(item)} if getattr(exc, "reached", True) is False else values
        self.metrics.messages_out.inc(channel=item.platform)
        return dict(status=SENT, lease_until=None, attempts=item.attempts + 1, sent_at=now)

    def _for_sender(self, item: Outgoing, sender: Sender, now: datetime) -> Outgoing:
        """A file as it can go out: as is where the platform sends files, else as a link."""
        if item.content_type != FILE:
            return item
        if item.file is None:
            raise PermanentError(f"the file of outbox row {item.id} is gone")
        return item if getattr(sender, "sends_files", False) else as_link_text(item, self.file_links, now)

    def _failed(self, item: Outgoing, now: datetime, exc: Exception) -> dict:
        attempts = item.attempts + 1
        error = f"{type(exc).__name__}: {exc}"
        self.metrics.delivery_failures.inc(channel=item.platform, outcome="error")
        if attempts >= self.policy.max_attempts:
            return self._dead(item, error, attempts)
        log.warning("outbox %s: try %d failed (%s)", item.idempotency_key, attempts, error)
        return {**_pending(now, self.policy.backoff(attempts), error), "attempts": attempts,
                **_progress(exc)}

    def _dead(self, item: Outgoing, error: str, attempts: int) -> dict:
        log.error("outbox %s is dead after %d tries: %s", item.idempotency_key, attempts, error)
        return dict(status=DEAD, lease_until=None, attempts=attempts, last_error=error[:1000])

    async def _record(self, outcomes: list[tuple[Outgoing, dict]]) -> None:
        """Store the outcomes; a busy database is waited for (a row left 'sending' would be
        sent again when its lease expires)."""
        for attempt in range(RECORD_TRIES):
            try:
                await self._store(outcomes)
                return
            except Exception as exc:
                if not is_transient(exc) or attempt == RECORD_TRIES - 1:
                    raise
                log.warning("outbox: recording outcomes failed (%s), again", exc)
                await asyncio.sleep(0.05 * 2 ** attempt)

    async def _store(self, outcomes: list[tuple[Outgoing, dict]]) -> None:
        """One executemany per kind of outcome (few awaits under the lock)."""
        groups: dict[tuple[str, ...], list[dict]] = {}
        for item, values in outcomes:
            groups.setdefault(tuple(sorted(values)), []).append({"row_id": item.id, **values})
        async with self.db.writer(), self.db.engine.begin() as conn:
            for keys, params in groups.items():
                if (statement := self._stores.get(keys)) is None:  # a few shapes, built once each
                    statement = self._stores[keys] = (
                        update(OutboxMessage)
                        .where(OutboxMessage.id == bindparam("row_id"), OutboxMessage.status == SENDING)
                        .values({k: bindparam(k) for k in keys}))
                await conn.execute(statement, params)
            await forget_sent(conn, [item.id for item, values in outcomes
                                     if item.content_type == FILE and values["status"] == SENT])


def _by_recipient(items: list[Outgoing]) -> list[list[Outgoing]]:
    groups: dict[tuple, list[Outgoing]] = {}
    for item in items:
        target = item.target
        key = (item.platform, target.get("chat_id") or target.get("user_id"), target.get("webhook_key"))
        groups.setdefault(key, []).append(item)
    return list(groups.values())


def _not_sent(item: Outgoing) -> dict:
    """This claim reached no platform: the next one is no resend (a resend goes out with the
    platform's duplicate check, which would drop an equal text sent to that person lately)."""
    return {"claims": max(item.claims - 1, 0)}


def _progress(exc: Exception) -> dict:
    """How many parts of a body the sender split were delivered before it failed."""
    sent = getattr(exc, "parts_sent", None)
    return {} if sent is None else {"parts_sent": sent}


def _pending(now: datetime, delay: float, error: str) -> dict:
    """Back in the queue: rate limits do not count as a try, failures add one (by the caller)."""
    return dict(status=PENDING, lease_until=None, last_error=error[:1000],
                next_attempt_at=now + timedelta(seconds=max(delay, 0.0)))


def _claimable(now: Any) -> tuple:
    return (
        OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.status == PENDING,
            (OutboxMessage.status == SENDING) & (OutboxMessage.lease_until < now)),
    )
