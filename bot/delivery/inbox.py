"""Exactly-once intake: store before acknowledging, handle in the background, once.

``accept`` inserts the message under its platform id; the unique constraint turns a
platform's retry (or a race between two retries) into "already have it". Handling runs in
a tracked task: it calls the dispatcher, then queues the replies and marks the message
handled in one transaction, so a crash leaves either both or neither. Messages still
'received' at start-up (a crash between accept and handling) are handled then.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.base import Incoming, Reply
from bot.clock import Clock
from bot.delivery.database import Database
from bot.delivery.outbox import enqueue_replies
from bot.delivery.tasks import TaskTracker
from bot.metrics import Metrics
from bot.render import render
from store.models import InboundMessage

log = logging.getLogger("pressbot.inbox")

RECEIVED, HANDLED, FAILED = "received", "handled", "failed"


@dataclass(frozen=True)
class DispatchContext:
    now: datetime
    session: AsyncSession
    inbound_id: int


Dispatch = Callable[[Incoming, DispatchContext], Awaitable[list[Reply]]]


class Inbox:
    def __init__(self, db: Database, clock: Clock, metrics: Metrics, tasks: TaskTracker,
                 dispatch: Dispatch, on_queued: Callable[[], None] = lambda: None,
                 concurrency: int = 4) -> None:
        self.db = db
        self.clock = clock
        self.metrics = metrics
        self.tasks = tasks
        self.dispatch = dispatch
        self.on_queued = on_queued
        # Handling is CPU work on the loop that also acknowledges: bound it so a burst
        # queues up here instead of delaying acknowledgements.
        self._gate = asyncio.Semaphore(concurrency)

    async def accept(self, incoming: Incoming) -> int | None:
        """Store the message; None if it was already stored (a platform retry)."""
        row = _row(incoming, self.clock.now())
        try:
            async with self.db.writing() as session:
                session.add(row)
        except IntegrityError:
            self.metrics.duplicates.inc(channel=incoming.platform)
            log.info("%s: duplicate message %s ignored", incoming.platform, incoming.message_id)
            return None
        self.metrics.messages_in.inc(channel=incoming.platform)
        self.tasks.spawn(self.handle(row.id), name=f"handle-{row.id}")
        return row.id

    async def handle(self, inbound_id: int) -> None:
        async with self._gate:
            started = time.perf_counter()
            platform = await self._handle(inbound_id)
            if platform:
                self.metrics.handling.observe(time.perf_counter() - started, channel=platform)
                self.on_queued()

    async def _handle(self, inbound_id: int) -> str | None:
        async with self.db.sessions() as session:
            row = await session.get(InboundMessage, inbound_id)
            if row is None or row.status != RECEIVED:
                return None
            incoming = to_incoming(row)
            now = self.clock.now()
            status, error, replies = HANDLED, None, []
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
                if done.rowcount != 1:  # handled meanwhile by another worker
                    await session.rollback()
                    return None
                enqueue_replies(session, inbound_id=inbound_id, incoming=incoming,
                                replies=replies, now=now)
                await session.commit()
            return incoming.platform

    async def recover(self) -> int:
        """Schedule every message left 'received' by a previous run."""
        async with self.db.sessions() as session:
            ids = list(await session.scalars(
                select(InboundMessage.id).where(InboundMessage.status == RECEIVED)
                .order_by(InboundMessage.id)))
        for inbound_id in ids:
            self.tasks.spawn(self.handle(inbound_id), name=f"handle-{inbound_id}")
        if ids:
            log.info("handling %d message(s) left from the previous run", len(ids))
        return len(ids)


def _row(incoming: Incoming, now: datetime) -> InboundMessage:
    return InboundMessage(
        platform=incoming.platform, message_id=incoming.message_id, chat_id=incoming.chat_id,
        chat_type=incoming.chat_type, user_id=incoming.user_id, user_name=incoming.user_name,
        text=incoming.text, mentioned=incoming.mentioned,
        reply_handle={**incoming.reply_handle, "_kind": incoming.kind},
        received_at=now, status=RECEIVED,
    )


def to_incoming(row: InboundMessage) -> Incoming:
    handle = dict(row.reply_handle or {})
    kind = handle.pop("_kind", "text")
    return Incoming(
        platform=row.platform, chat_id=row.chat_id, chat_type=row.chat_type, user_id=row.user_id,
        user_name=row.user_name, text=row.text, message_id=row.message_id,
        mentioned=row.mentioned, reply_handle=handle, kind=kind,
    )
