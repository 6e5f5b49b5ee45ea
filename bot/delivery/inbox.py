"""Exactly-once intake: store before acknowledging, handle in the background, once.

``accept`` inserts the message under its platform id (INSERT … ON CONFLICT DO NOTHING): a
platform's retry, or a race between two retries, finds the row there and is only
acknowledged. Inserts are group-committed: whoever takes the lock writes every message
queued meanwhile in one transaction, so a burst costs one commit, not one per message.

Handling is one background loop over the rows still 'received', oldest first: it calls the
dispatcher, then queues the replies and marks the message handled in one transaction, so a
crash leaves either both or neither, and rows left by a crash are simply handled next time.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.base import Incoming, MediaRef, Reply
from bot.clock import Clock
from bot.delivery.database import Database
from bot.delivery.outbox import enqueue_replies
from bot.metrics import Metrics
from bot.render import render
from store.models import InboundMessage

log = logging.getLogger("pressbot.inbox")

RECEIVED, HANDLED, FAILED = "received", "handled", "failed"
BATCH = 50
INTAKE_WAITS = 25


@dataclass(frozen=True)
class DispatchContext:
    now: datetime
    session: AsyncSession
    inbound_id: int


Dispatch = Callable[[Incoming, DispatchContext], Awaitable[list[Reply]]]


@dataclass
class _Pending:
    values: dict[str, Any]
    done: bool = False
    row_id: int | None = None
    error: BaseException | None = None


@dataclass
class Inbox:
    db: Database
    clock: Clock
    metrics: Metrics
    dispatch: Dispatch
    on_queued: Callable[[], None] = lambda: None
    poll: float = 5.0
    _queue: list[_Pending] = field(default_factory=list)
    _write: asyncio.Lock = field(default_factory=asyncio.Lock)
    _handling: asyncio.Lock = field(default_factory=asyncio.Lock)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _stopping: bool = False

    async def accept(self, incoming: Incoming) -> int | None:
        """Store the message; its id, or None if it was already stored (a platform retry)."""
        entry = _Pending(_values(incoming, self.clock.now()))
        self._queue.append(entry)
        async with self._write:
            if not entry.done:
                batch, self._queue = self._queue, []
                await self._insert(batch)
        if entry.error is not None:
            raise entry.error
        if entry.row_id is None:
            self.metrics.duplicates.inc(channel=incoming.platform)
            log.info("%s: duplicate message %s ignored", incoming.platform, incoming.message_id)
            return None
        self.metrics.messages_in.inc(channel=incoming.platform)
        self._wake.set()
        return entry.row_id

    async def _insert(self, batch: list[_Pending]) -> None:
        dialect = postgresql if self.db.engine.dialect.name == "postgresql" else sqlite
        statement = (dialect.insert(InboundMessage).on_conflict_do_nothing()
                     .returning(InboundMessage.id, InboundMessage.platform, InboundMessage.message_id))
        try:
            # one statement for the batch: each await under the write lock lets other work in
            async with self.db.writer(), self.db.engine.begin() as conn:
                rows = (await conn.execute(statement, [e.values for e in batch])).all()
        except BaseException as exc:  # every waiter learns the batch failed (→ HTTP 500, retried)
            for entry in batch:
                entry.error, entry.done = exc, True
            if not isinstance(exc, Exception):
                raise
            return
        ids = {(r.platform, r.message_id): r.id for r in rows}
        for entry in batch:  # a repeat inside the batch: the first one got the row
            entry.row_id = ids.pop((entry.values["platform"], entry.values["message_id"]), None)
            entry.done = True

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

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def drain(self) -> int:
        """Handle every message still 'received' (those of a previous run too)."""
        handled = 0
        async with self._handling:
            while not self._stopping and (ids := await self._waiting()):
                for inbound_id in ids:
                    await self._let_intake_first()
                    handled += await self.handle(inbound_id)
        return handled

    async def _let_intake_first(self) -> None:
        """Acknowledgements first (a platform retries after 5 s; a person can wait a moment
        for the answer): while messages are being stored, wait a little, up to 50 ms."""
        for _ in range(INTAKE_WAITS):
            if not (self._queue or self._write.locked()):
                return
            await asyncio.sleep(0.002)

    async def _waiting(self) -> list[int]:
        async with self.db.sessions() as session:
            return list(await session.scalars(
                select(InboundMessage.id).where(InboundMessage.status == RECEIVED)
                .order_by(InboundMessage.id).limit(BATCH)))

    async def handle(self, inbound_id: int) -> int:
        started = time.perf_counter()
        platform = await self._handle(inbound_id)
        if platform is None:
            return 0
        self.metrics.handling.observe(time.perf_counter() - started, channel=platform)
        self.on_queued()
        return 1

    async def _handle(self, inbound_id: int) -> str | None:
        async with self.db.sessions() as session:
            row = await session.get(InboundMessage, inbound_id)
            if row is None or row.status != RECEIVED:
                return None
            incoming = to_incoming(row)
            now = self.clock.now()
            status, error = HANDLED, None
            try:
                replies = await self.dispatch(incoming, DispatchContext(now, session, inbound_id))
            except Exception as exc:  # noqa: BLE001 - the user gets an apology, the log the trace
                log.exception("handling inbound %s failed", inbound_id)
                await session.rollback()
                status, error = FAILED, f"{type(exc).__name__}: {exc}"
                replies = [Reply(render("channels/error.j2"))]
            async with self.db.writer():
                done = await session.execute(
                    update(InboundMessage)
                    .where(InboundMessage.id == inbound_id, InboundMessage.status == RECEIVED)
                    .values(status=status, handled_at=now, error=error))
                if done.rowcount != 1:  # handled meanwhile by another process
                    await session.rollback()
                    return None
                enqueue_replies(session, inbound_id=inbound_id, incoming=incoming,
                                replies=replies, now=now)
                await session.commit()
            return incoming.platform


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
