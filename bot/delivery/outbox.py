"""Writing replies and pushes to the outbox: the only way anything leaves the bot."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.base import SINGLE, FileAttachment, Incoming, Reply
from bot.channels.split import MAX_BYTES, split_text
from bot.delivery.files import FILE, file_row, file_values
from store.models import OutboxFile, OutboxMessage, table_of

PENDING, SENDING, SENT, DEAD = "pending", "sending", "sent", "dead"


def reply_target(incoming: Incoming) -> dict[str, Any]:
    """Where replies to ``incoming`` go: the chat, the sender, and the channel's reply handle."""
    return {
        "chat_id": incoming.chat_id,
        "chat_type": incoming.chat_type,
        "user_id": incoming.user_id,
        **incoming.reply_handle,
    }


@dataclass(frozen=True)
class PlannedReplies:
    """The outbox rows a handled message's replies make, before anything is written."""

    rows: list[dict[str, Any]]  # to the chat, one per part, in order
    files: dict[int, FileAttachment]  # the index of a file's row in ``rows`` → the file
    pushes: list[Reply]  # to another person (``Reply.target``)


def plan_replies(*, inbound_id: int, incoming: Incoming, replies: list[Reply], now: datetime) -> PlannedReplies:
    """A handled message's replies, merged and split once: those to the chat are one row per
    part keyed ``reply:<inbound id>:<n>``; those to another person are pushes, keyed
    ``notify:<inbound id>:<n>`` when written. The keys make a second handling add nothing."""
    rows: list[dict[str, Any]] = []
    files: dict[int, FileAttachment] = {}
    chat = reply_target(incoming)
    merged = merge_replies(replies)
    for reply in merge_for_single_use_handle(incoming.platform, [r for r in merged if r.target is None]):
        parts = [reply.text] if reply.file else split_text(reply.text, MAX_BYTES.get(incoming.platform, 2048))
        for part in parts:
            n = len(rows)
            rows.append(row_values(f"reply:{inbound_id}:{n}", incoming.platform, {**chat, "part": n},
                                   part, now, reply.markdown, inbound_id, reply.file))
            if reply.file:
                files[n] = reply.file
    return PlannedReplies(rows, files, [r for r in merged if r.target is not None])


_OUTBOX = table_of(OutboxMessage)  # Core: the ORM's unit of work costs more than the inserts
_INSERT_ROWS = insert(_OUTBOX)
_INSERT_ROWS_IDS = insert(_OUTBOX).returning(_OUTBOX.c.id, sort_by_parameter_order=True)
_INSERT_FILES = insert(table_of(OutboxFile))


async def enqueue_replies(session: AsyncSession, *, inbound_id: int, incoming: Incoming,
                          replies: list[Reply], now: datetime) -> PlannedReplies:
    """Write the replies (``plan_replies``) into the message's transaction; what was written."""
    planned = plan_replies(inbound_id=inbound_id, incoming=incoming, replies=replies, now=now)
    await session.flush()  # what the turn added first: the outbox keeps the order things were said
    if planned.rows:
        if planned.files:
            ids = list((await session.execute(_INSERT_ROWS_IDS, planned.rows)).scalars())
            await session.execute(_INSERT_FILES, [file_values(ids[n], file, now)
                                                  for n, file in planned.files.items()])
        else:
            await session.execute(_INSERT_ROWS, planned.rows)
    for n, reply in enumerate(planned.pushes):
        target = reply.target
        assert target is not None
        enqueue_push(session, key=f"notify:{inbound_id}:{n}", platform=target.platform,
                     target={"user_id": target.user_id, "chat_type": SINGLE}, text=reply.text,
                     now=now, markdown=reply.markdown, file=reply.file)
    return planned


def merge_replies(replies: list[Reply]) -> list[Reply]:
    """Consecutive texts to the same person, in the same format, as one message."""
    merged: list[Reply] = []
    for reply in replies:
        if not reply.text and reply.file is None:
            continue
        last = merged[-1] if merged else None
        if (last is not None and last.file is None and reply.file is None and last.target == reply.target
                and last.markdown == reply.markdown):
            merged[-1] = replace(last, text=f"{last.text}\n\n{reply.text}")
        else:
            merged.append(reply)
    return merged


# Platforms whose reply handle answers once (the intelligent robot's response_url): several
# replies to one message would otherwise leave the chat, the second one going out privately.
SINGLE_USE_REPLY = frozenset({"wecom_aibot"})


def merge_for_single_use_handle(platform: str, replies: list[Reply]) -> list[Reply]:
    """The text replies as one message where the platform takes one answer per message."""
    texts = [r for r in replies if r.file is None]
    if platform not in SINGLE_USE_REPLY or len(texts) < 2:
        return replies
    merged = Reply("\n\n".join(r.text for r in texts), markdown=any(r.markdown for r in texts))
    return [merged, *(r for r in replies if r.file is not None)]


def enqueue_push(session: AsyncSession, *, key: str, platform: str, target: dict[str, Any],
                 text: str, now: datetime, markdown: bool = False,
                 file: FileAttachment | None = None) -> list[OutboxMessage]:
    """A message the bot starts (a reminder, a digest, a file): ``key`` makes re-queueing harmless."""
    parts = [text] if file else split_text(text, MAX_BYTES.get(platform, 2048))
    rows = [_row(key if len(parts) == 1 else f"{key}#{i}", platform, {**target, "part": i},
                 part, markdown, now, None) for i, part in enumerate(parts)]
    session.add_all(rows)
    if file:
        session.add(file_row(rows[0], file, now))
    return rows


def _row(key: str, platform: str, target: dict[str, Any], body: str, markdown: bool,
         now: datetime, inbound_id: int | None) -> OutboxMessage:
    return OutboxMessage(**row_values(key, platform, target, body, now, markdown, inbound_id))


def row_values(key: str, platform: str, target: dict[str, Any], body: str, now: datetime, markdown: bool = False,
               inbound_id: int | None = None, file: FileAttachment | None = None) -> dict[str, Any]:
    """One outbox row's columns; a file's row carries its name (the bytes go to ``outbox_files``)."""
    return dict(
        idempotency_key=key, platform=platform, target=target,
        content_type=FILE if file else "markdown" if markdown else "text",
        body=file.filename if file else body, status=PENDING, attempts=0, next_attempt_at=now,
        lease_until=None, last_error=None, inbound_id=inbound_id, created_at=now, sent_at=None,
        parts_sent=0, claims=0,
    )


@dataclass(frozen=True)
class Backlog:
    pending: int
    sending: int
    dead: int


async def backlog(session: AsyncSession) -> Backlog:
    rows = await session.execute(
        select(OutboxMessage.status, func.count()).where(OutboxMessage.status != SENT)
        .group_by(OutboxMessage.status))
    counts = dict(rows.all())
    return Backlog(counts.get(PENDING, 0), counts.get(SENDING, 0), counts.get(DEAD, 0))


async def list_rows(session: AsyncSession, statuses: tuple[str, ...]) -> list[OutboxMessage]:
    result = await session.scalars(
        select(OutboxMessage).where(OutboxMessage.status.in_(statuses)).order_by(OutboxMessage.id))
    return list(result)
