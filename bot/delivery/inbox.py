"""Exactly-once intake: store before acknowledging, handle in the background, once.

``accept`` inserts the message under its platform id (INSERT … ON CONFLICT DO NOTHING): a
platform's retry, or a race between two retries, finds the row there and is only
acknowledged. Inserts are group-committed: whoever takes the lock writes every message
queued meanwhile in one transaction, so a burst costs one commit, not one per message.

Handling is one background loop over the rows still 'received', oldest first, several at once (one
per chat and person at a time, so a person's messages keep their order): it calls the
dispatcher, then queues the replies and marks the message handled in one transaction, so a
crash leaves either both or neither, and rows left by a crash are simply handled next time.
A transient database error (a lock, a serialization failure, a lost connection) leaves the
row 'received' with a later ``next_attempt_at``; only a defect marks it failed, with the
apology, and lists it for the office (``pressbot inbox --failed``).

Work that may wait until the message is committed (its events' reminders, say) is left in
the session (``after_commit``) and done just after, in transactions of its own: the write
lock is then held for the message's own writes only. A crash in between loses nothing: the
reminder scheduler recomputes every event when it starts (``bot.reminders.scheduler``).

Every string of a message is made storable first (``bot.channels.text``), and a batch that
still fails is written again one message at a time, so one bad message fails alone. A signed
callback's replay key is written in the message's transaction: shared by every instance.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from bot.channels.base import Incoming, MediaRef, Rejected, Reply
from bot.channels.text import MAX_TEXT_CHARS, clean_incoming, too_long
from bot.clock import Clock
from bot.delivery.database import Database, is_transient
from bot.delivery.outbox import enqueue_replies
from bot.delivery.shards import Owner, shard_of
from bot.delivery.spool import Spool
from bot.metrics import Metrics
from bot.render import render
from store.models import InboundMessage, SeenNonce, table_of

log = logging.getLogger("pressbot.inbox")

RECEIVED, HANDLED, FAILED = "received", "handled", "failed"
BATCH = 50
RETRY_BASE, RETRY_CAP = 0.05, 30.0  # seconds before a transient failure is tried again
MAX_TRANSIENT = 40  # then it is a defect after all (about a quarter of an hour of retries)
NONCE_SWEEP = 60.0  # seconds between deletions of expired replay keys
SPOOLED = 0  # accept's answer for a message kept in the spool (stored once the database is back)
SPOOL_LOG_EVERY = 10.0  # seconds between log lines about messages spooled
SPOOL_PROBE = 5.0  # seconds between tries to store spooled messages while no insert succeeds
AFTER_COMMIT = "pressbot_after_commit"  # session.info: what to do once the message is committed
AFTER_TRIES = 3
SKIPPED_AGAIN = 0.05  # seconds before looking again at a row another instance was handling

# Built once: each message runs them, and building a statement (and its cache key) costs about
# as much as running it on SQLite.
# the whole rows: on SQLite the handler then reads none again (``_handle``)
_WAITING = (select(*table_of(InboundMessage).c)
            .where(InboundMessage.status == RECEIVED,
                   or_(InboundMessage.next_attempt_at.is_(None), InboundMessage.next_attempt_at <= bindparam("now")))
            .order_by(InboundMessage.id).limit(bindparam("most")))
_STORE = {pg: (dialect.insert(InboundMessage).on_conflict_do_nothing()
               .returning(InboundMessage.id, InboundMessage.platform, InboundMessage.message_id))
          for pg, dialect in ((True, postgresql), (False, sqlite))}  # by "is it PostgreSQL"
_SEEN = {pg: dialect.insert(SeenNonce).on_conflict_do_nothing().returning(SeenNonce.key)
         for pg, dialect in ((True, postgresql), (False, sqlite))}
_ANY = select(InboundMessage.id).where(InboundMessage.status == RECEIVED).limit(1)
_ROW = select(InboundMessage).where(InboundMessage.id == bindparam("row_id"))
_ROW_SKIP_LOCKED = _ROW.with_for_update(skip_locked=True)
_INBOUND = table_of(InboundMessage).c
_DONE = (update(table_of(InboundMessage))
         .where(_INBOUND.id == bindparam("row_id"), _INBOUND.status == RECEIVED)
         .values(status=bindparam("b_status"), handled_at=bindparam("b_handled_at"), error=bindparam("b_error")))

Later = Callable[[Database], Awaitable[None]]


def after_commit(session: AsyncSession) -> list[Later] | None:
    """Where a handler may leave work for after the message's commit (None: do it now)."""
    return session.info.get(AFTER_COMMIT)


@dataclass(frozen=True)
class DispatchContext:
    now: datetime
    session: AsyncSession
    inbound_id: int


Dispatch = Callable[[Incoming, DispatchContext], Awaitable[list[Reply]]]


@dataclass
class _Pending:
    values: dict[str, Any]
    replay_key: str | None = None
    expires: datetime | None = None
    done: bool = False
    row_id: int | None = None
    replay: bool = False
    error: BaseException | None = None


@dataclass
class Inbox:
    db: Database
    clock: Clock
    metrics: Metrics
    dispatch: Dispatch
    on_queued: Callable[[], None] = lambda: None
    poll: float = 5.0
    concurrency: int = 2  # messages handled at once (of different people); settings.handling_concurrency
    # handling happens elsewhere (bot.delivery.handler_process): how to tell it to look now
    # (the sender's key: the handler that owns it; None: every handler)
    wake_handler: Callable[[Owner | None], None] | None = None
    shard: tuple[int, int] = (0, 1)  # this handler's share of the senders: (k, n) takes shard_of(...) == k
    _queue: list[_Pending] = field(default_factory=list)
    _write: asyncio.Lock = field(default_factory=asyncio.Lock)
    _handling: asyncio.Lock = field(default_factory=asyncio.Lock)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _stopping: bool = False
    _swept: float = 0.0
    _accepted: int = 0  # messages stored by this process (drain looks again only if it grew)
    _pause: float = 0.0
    _skipped: bool = False  # a row was held by another instance in the last pass
    _more: bool = False  # the last look found a full batch
    # where messages go that the database could not take (``bot.delivery.spool``); None: they
    # get a 500 and the platform's retries are all there is
    spool: Spool | None = None
    _stored_one: asyncio.Event = field(default_factory=asyncio.Event)  # the database took an insert
    _spooled: int = 0  # spooled since the last log line
    _spool_logged: float = -SPOOL_LOG_EVERY
    _spool_waiting: bool = True  # the spool may hold messages (a crash may have left some): look first

    async def accept(self, incoming: Incoming, *, replay_key: str | None = None,
                     replay_ttl: float = 600.0) -> int | None:
        """Store the message; its id, or None if it was already stored (a platform retry), or
        ``SPOOLED`` (0) if the database could not take it and it waits in the spool.

        ``replay_key`` (a signed request's timestamp, nonce and signature) is remembered for
        ``replay_ttl`` seconds with the message; a request seen before raises Rejected(200).
        """
        now = self.clock.now()
        entry = _Pending(_values(clean_incoming(incoming), now), replay_key,
                         now + timedelta(seconds=replay_ttl))
        self._queue.append(entry)
        async with self._write:
            if not entry.done:
                batch, self._queue = self._queue, []
                if not await self._after_spooled(batch):
                    await self._insert(batch)
        if entry.error is not None:
            raise entry.error
        if entry.replay:
            raise Rejected(200, "replay", f"request {replay_key} seen before")
        if entry.row_id == SPOOLED:
            self.metrics.messages_in.inc(channel=incoming.platform)
            return SPOOLED
        if entry.row_id is None:
            self.metrics.duplicates.inc(channel=incoming.platform)
            log.info("%s: duplicate message %s ignored", incoming.platform, incoming.message_id)
            return None
        self.metrics.messages_in.inc(channel=incoming.platform)
        self._accepted += 1
        stored = entry.values  # as stored: the handler reads these back
        self.wake((stored["platform"], stored.get("chat_id"), stored["user_id"]))
        return entry.row_id

    async def _insert(self, batch: list[_Pending]) -> None:
        try:
            await self._insert_batch(batch)
        except BaseException as exc:
            if not isinstance(exc, Exception):
                for entry in batch:
                    entry.error, entry.done = exc, True
                raise
            if is_transient(exc) and await self._to_spool(batch, exc):
                return
            if len(batch) == 1 or is_transient(exc):  # the waiters answer 500: the platform retries
                for entry in batch:
                    entry.error, entry.done = exc, True
                return
            log.warning("inbox batch of %d failed (%s): storing one by one", len(batch), exc)
            for entry in batch:  # one bad message must not fail the others
                await self._insert(entry_alone(entry))

    async def _to_spool(self, batch: list[_Pending], exc: BaseException) -> bool:
        """Keep on disk what the database could not take; whether every message was kept."""
        if self.spool is None:
            return False
        keep = [e for e in batch if not e.replay]
        try:
            await asyncio.to_thread(self.spool.add, [{"values": e.values, "replay_key": e.replay_key,
                                                      "expires": e.expires} for e in keep])
        except OSError as failed:
            log.error("inbox: the database failed (%s) and the spool too (%s)", exc, failed)
            return False
        self._spooled += len(keep)
        if time.monotonic() - self._spool_logged >= SPOOL_LOG_EVERY:  # an outage: a line now and then
            self._spool_logged = time.monotonic()
            log.warning("inbox: the database could not store %d message(s) (%s); kept in %s until it can",
                        self._spooled, exc, self.spool.directory)
            self._spooled = 0
        for entry in keep:
            entry.row_id, entry.done = SPOOLED, True
        self._spool_waiting = True
        return True

    async def run_spool(self, every: float = SPOOL_PROBE) -> None:
        """Put spooled messages into the inbox: as soon as an insert succeeds again, else every
        ``every`` seconds (a probe that fails costs the accepts nothing but the wait)."""
        while not self._stopping:
            try:
                await asyncio.wait_for(self._stored_one.wait(), every)
            except TimeoutError:
                pass
            self._stored_one.clear()
            if self.spool is not None and self.spool.files():
                try:
                    await self.replay_spool()
                except Exception as exc:  # noqa: BLE001 - the database is still away: later
                    log.warning("inbox: spooled messages not stored yet (%s)", exc)

    async def replay_spool(self) -> int:
        """Store every spooled message now (a platform retry stored meanwhile is not doubled)."""
        stored = 0
        if self.spool is None:
            return stored
        for path in self.spool.files():
            async with self._write:  # first: an accept of this process may be appending to this file
                stored += await self._replay_file(path)
        async with self._write:
            self._spool_waiting = bool(self.spool.files())
        return stored

    async def _after_spooled(self, batch: list[_Pending]) -> bool:
        """Messages spooled earlier are stored before ``batch`` (``self._write`` held), so that a
        person's messages keep their order after an outage; while they still cannot be, the batch
        joins them in the spool. Whether it did."""
        if self.spool is None or not self._spool_waiting:
            return False
        try:
            for path in self.spool.files():
                await self._replay_file(path)
            self._spool_waiting = bool(self.spool.files())
        except Exception as exc:  # noqa: BLE001 - decided below
            if is_transient(exc) and await self._to_spool(batch, exc):
                return True
            log.warning("inbox: spooled messages not stored yet (%s); newer ones stored first", exc)
        return False

    async def _replay_file(self, path: Any) -> int:
        """One spool file into the inbox (``self._write`` held); how many were new."""
        assert self.spool is not None
        taken = await asyncio.to_thread(self.spool.take, path)
        if taken is None:
            return 0
        fd, entries = taken
        done = False
        try:
            batch = [_Pending(e["values"]) for e in entries]
            for start in range(0, len(batch), BATCH):
                await self._insert_batch(batch[start:start + BATCH])
            done = True
        finally:
            self.spool.done(path, fd, done)
        stored = 0
        for entry in batch:
            if entry.row_id is not None:
                stored += 1
                self.wake((entry.values["platform"], entry.values.get("chat_id"), entry.values["user_id"]))
        self._accepted += stored
        log.info("inbox: %d spooled message(s) of %s stored (%d already were)", stored, path.name,
                 len(batch) - stored)
        return stored

    async def _insert_batch(self, batch: list[_Pending]) -> None:
        pg = self.db.engine.dialect.name == "postgresql"
        keyed = [e for e in batch if e.replay_key]
        # one statement for the batch: each await under the write lock lets other work in;
        # urgent: the platform is waiting for this answer, a send or a round can wait
        async with self.db.writer(urgent=True), self.db.engine.begin() as conn:
            if keyed:
                fresh = set((await conn.execute(
                    _SEEN[pg], [{"key": e.replay_key, "expires_at": e.expires} for e in keyed])).scalars())
                for entry in keyed:
                    entry.replay = entry.replay_key not in fresh
                    fresh.discard(entry.replay_key)  # the same request twice in one batch
                await self._sweep(conn)
            rows: list[Any] = []
            if values := [e.values for e in batch if not e.replay]:
                rows = list((await conn.execute(_STORE[pg], values)).all())
        self._stored_one.set()
        ids = {(r.platform, r.message_id): r.id for r in rows}
        for entry in batch:  # a repeat inside the batch: the first one got the row
            if not entry.replay:
                entry.row_id = ids.pop((entry.values["platform"], entry.values["message_id"]), None)
            entry.done = True

    async def _sweep(self, conn: Any) -> None:
        """Forget replay keys past their window, now and then (any instance may do it)."""
        if time.monotonic() - self._swept < NONCE_SWEEP:
            return
        self._swept = time.monotonic()
        await conn.execute(delete(SeenNonce).where(SeenNonce.expires_at < self.clock.now()))

    # -- handling ---------------------------------------------------------------------------
    async def run(self) -> None:
        """The background loop: handle whatever is waiting, then wait to be woken."""
        while not self._stopping:
            try:
                await self.drain()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the loop
                log.exception("handling pass failed")
            try:
                await asyncio.wait_for(self._wake.wait(), self.poll)
            except TimeoutError:
                pass
            self._wake.clear()

    def wake(self, owner: Owner | None = None) -> None:
        """Look for messages to handle now (one was stored, from ``owner``, or put back)."""
        if self.wake_handler is not None:
            self.wake_handler(owner)
        else:
            self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        self._stored_one.set()

    async def drain(self) -> int:
        """Handle every message still 'received' (those of a previous run too).

        Up to ``concurrency`` at once, at most one per (chat, person) in each pass, oldest
        first, so one person's messages are handled in the order they came."""
        handled = 0
        async with self._handling:
            while not self._stopping:
                seen = self._accepted
                if not (rows := await self._waiting()):
                    break
                firsts: dict[tuple[str, str, str], Any] = {}
                for row in rows:
                    firsts.setdefault((row.platform, row.chat_id, row.user_id), row)
                gate = asyncio.Semaphore(self.concurrency)
                results = await asyncio.gather(*(self._handle_gated(gate, row)
                                                 for row in sorted(firsts.values(), key=lambda r: r.id)),
                                               return_exceptions=True)
                transient: Exception | None = None
                for result in results:
                    if isinstance(result, BaseException):
                        if not (isinstance(result, Exception) and is_transient(result)):
                            raise result
                        transient = result
                    else:
                        handled += result
                if transient is not None:
                    self._pause_after(transient)  # the database itself is busy or gone: wait
                    return handled
                self._pause = 0.0
                if self._skipped:  # not woken by the instance that holds it: look again shortly
                    self._skipped = False
                    asyncio.get_running_loop().call_later(SKIPPED_AGAIN, self._wake.set)
                if len(firsts) == len(rows) and not self._more and self._accepted == seen:
                    break  # all of them handled and nothing came meanwhile: no need to look again
        return handled

    async def _handle_gated(self, gate: asyncio.Semaphore, waiting: Any) -> int:
        async with gate:
            return await self.handle(waiting.id, waiting)

    def _pause_after(self, exc: Exception) -> None:
        self._pause = min(RETRY_CAP, max(RETRY_BASE, self._pause * 2))
        log.warning("handling paused %.2f s: %s: %s", self._pause, type(exc).__name__, exc)
        asyncio.get_running_loop().call_later(self._pause, self._wake.set)

    async def _waiting(self) -> list[Any]:
        """The oldest messages waiting, of this handler's share of the senders."""
        now = self.clock.now()
        k, n = self.shard
        async with self.db.reading() as session:
            rows = list(await session.execute(_WAITING, {"now": now, "most": BATCH * n}))
        self._more = len(rows) == BATCH * n  # there may be more after these
        return rows if n == 1 else [r for r in rows if shard_of((r.platform, r.chat_id, r.user_id), n) == k]

    async def has_waiting(self) -> bool:
        """Whether a message waits to be handled (one read)."""
        async with self.db.reading() as session:
            return await any_waiting(session)

    async def handle(self, inbound_id: int, waiting: Any = None) -> int:
        """Handle one stored message (``waiting``: its row as ``_waiting`` read it)."""
        started = time.perf_counter()
        later: list[Later] = []
        platform = await self._handle(inbound_id, later, waiting)
        if platform is None:
            return 0
        self.metrics.handling.observe(time.perf_counter() - started, channel=platform)
        self.on_queued()  # the replies go out while the rest is done
        for job in later:
            await self._after(job, inbound_id)
        return 1

    async def _after(self, job: Later, inbound_id: int) -> None:
        for attempt in range(1, AFTER_TRIES + 1):
            try:
                await job(self.db)
                return
            except Exception as exc:  # noqa: BLE001 - the message is handled; this can be redone
                if not is_transient(exc) or attempt == AFTER_TRIES:
                    log.warning("inbound %s: work after the commit failed (%s: %s); the reminder "
                                "scheduler's next recompute catches up", inbound_id, type(exc).__name__, exc)
                    return
                await asyncio.sleep(RETRY_BASE * 2 ** attempt)

    async def _handle(self, inbound_id: int, later: list[Later], waiting: Any = None) -> str | None:
        # on SQLite the session reads without a transaction and holds the one write lock only
        # from its first write to its commit (Database.handling): intake waits for that alone
        async with self.db.handling() as session:
            session.info[AFTER_COMMIT] = later
            shared = self.db.engine.dialect.name == "postgresql"  # another instance may have it: next one
            row: InboundMessage | None
            if waiting is not None and not shared:
                # one writer: the row as just read; should another process have handled it
                # meanwhile, _DONE's "still received" finds it so and this turn is rolled back
                row = InboundMessage(**waiting._mapping)
                make_transient_to_detached(row)
                session.add(row)  # in the session as if loaded here (the turn's claim finds it)
            else:
                found = await session.execute(_ROW_SKIP_LOCKED if shared else _ROW, {"row_id": inbound_id})
                row = found.scalars().first()
            if row is None:  # on PostgreSQL another instance holds it: when it is done, that
                self._skipped = self._skipped or shared  # person's next message is ours, soon
                return None
            if row.status != RECEIVED:
                return None
            incoming, attempts = to_incoming(row), row.attempts
            now = self.clock.now()
            status, error = HANDLED, None
            try:
                replies = await self._replies(incoming, DispatchContext(now, session, inbound_id))
            except Exception as exc:  # noqa: BLE001 - the user gets an apology, the log the trace
                await session.rollback()
                later.clear()  # what the turn left for later was rolled back with it
                if is_transient(exc) and attempts + 1 < MAX_TRANSIENT:
                    await self._later(session, inbound_id, attempts + 1, now, exc)
                    return None
                log.exception("handling inbound %s failed", inbound_id)
                status, error = FAILED, f"{type(exc).__name__}: {exc}"[:2000]
                replies = [Reply(render("channels/error.j2"))]
            try:
                return await self._finish(session, incoming, inbound_id, status, error, replies, now)
            except Exception as exc:
                await session.rollback()
                later.clear()
                if not is_transient(exc):
                    raise
                await self._later(session, inbound_id, attempts + 1, now, exc)
                return None

    async def _replies(self, incoming: Incoming, ctx: DispatchContext) -> list[Reply]:
        if too_long(incoming):  # refused whole: nothing of it is half-stored in the register
            return [Reply(render("channels/too_long.j2", count=len(incoming.text), limit=MAX_TEXT_CHARS))]
        return await self.dispatch(incoming, ctx)

    async def _finish(self, session: AsyncSession, incoming: Incoming, inbound_id: int, status: str,
                      error: str | None, replies: list[Reply], now: datetime) -> str | None:
        done = await session.execute(_DONE, {"row_id": inbound_id, "b_status": status, "b_handled_at": now,
                                             "b_error": error})
        if cast(CursorResult, done).rowcount != 1:  # handled meanwhile by another process
            await session.rollback()
            return None
        await enqueue_replies(session, inbound_id=inbound_id, incoming=incoming, replies=replies, now=now)
        await session.commit()
        return incoming.platform

    async def _later(self, session: AsyncSession, inbound_id: int, attempts: int, now: datetime,
                     exc: Exception) -> None:
        """Leave the message 'received' and try it again after a backoff."""
        delay = min(RETRY_CAP, RETRY_BASE * 2 ** (attempts - 1))
        log.warning("inbound %s: transient %s (try %d), again in %.2f s", inbound_id,
                    type(exc).__name__, attempts, delay)
        self.metrics.delivery_failures.inc(channel="inbox", outcome="transient")
        try:
            await session.execute(
                update(InboundMessage)
                .where(InboundMessage.id == inbound_id, InboundMessage.status == RECEIVED)
                .values(attempts=attempts, next_attempt_at=now + timedelta(seconds=delay),
                        error=f"{type(exc).__name__}: {exc}"[:2000]))
            await session.commit()
        except Exception:
            await session.rollback()
            raise  # the row stays due; drain pauses (the database is busy or gone)
        asyncio.get_running_loop().call_later(delay, self._wake.set)


async def any_waiting(session: AsyncSession) -> bool:
    """Whether a stored message is still to be handled (a restart's backlog, a burst)."""
    return (await session.execute(_ANY)).first() is not None


_DUE = (InboundMessage.status == RECEIVED,
        or_(InboundMessage.next_attempt_at.is_(None), InboundMessage.next_attempt_at <= bindparam("now")))
_WAITING_SUMMARY = select(func.count(), func.min(InboundMessage.received_at)).where(*_DUE)


async def waiting_summary(session: AsyncSession, now: datetime) -> tuple[int, float]:
    """Messages stored and due but not handled yet, and how long the oldest has waited (s):
    a handler that is stuck (not dead, so never restarted) shows here (``/healthz``, ``/metrics``)."""
    count, oldest = (await session.execute(_WAITING_SUMMARY, {"now": now})).one()
    if not count or oldest is None:
        return 0, 0.0
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return int(count), max((now - oldest).total_seconds(), 0.0)


def entry_alone(entry: _Pending) -> list[_Pending]:
    entry.done = False
    return [entry]


def _values(incoming: Incoming, now: datetime) -> dict[str, Any]:
    return dict(
        platform=incoming.platform, message_id=incoming.message_id, chat_id=incoming.chat_id,
        chat_type=incoming.chat_type, user_id=incoming.user_id, user_name=incoming.user_name,
        text=incoming.text, mentioned=incoming.mentioned,
        reply_handle={**incoming.reply_handle, "_kind": incoming.kind,
                      **({"_media": incoming.media.as_json()} if incoming.media else {})},
        received_at=now, status=RECEIVED,
    )


def to_incoming(row: InboundMessage) -> Incoming:
    handle = dict(row.reply_handle or {})
    kind = handle.pop("_kind", "text")
    media = handle.pop("_media", None)
    return Incoming(
        platform=row.platform, chat_id=row.chat_id, chat_type=row.chat_type, user_id=row.user_id,
        user_name=row.user_name, text=row.text, message_id=row.message_id,
        mentioned=row.mentioned, reply_handle=handle, kind=kind,
        media=MediaRef.from_json(media) if isinstance(media, dict) else None,
    )
