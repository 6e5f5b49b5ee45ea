"""The conversation layer: one message in, the replies out.

``handle_message(ctx, incoming)`` takes the conversation key's lock, then in one transaction:
claims the inbound row (a message handled before is ignored), finds out who is writing, loads
the open state, lets ``dispatch.route`` choose a handler, and marks the message handled. Replies
to other people (the office, a liaison) carry a ``target``; the caller writes all to the outbox.

Inside the channel layer's Inbox (which owns the transaction, the inbound row and the outbox)
pass ``session=``: the work joins that transaction, the Inbox marks the message handled, and
the key's lock is held until that transaction ends (see ``bot.conversation.adapter``).
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.base import Reply
from bot.conversation.actors import identify
from bot.conversation.context import ConversationContext, ConversationPolicy
from bot.conversation.inbound import claim, clean_text, is_addressed, key_of, mark_handled
from bot.conversation.locks import ConversationKey
from bot.conversation.replies import ConversationReply, Say, Target, say, to_replies
from bot.conversation.state import StateConflict, load_state
from bot.conversation.turn import Turn

__all__ = ["ConversationContext", "ConversationPolicy", "ConversationReply", "Target", "handle_message"]
log = logging.getLogger(__name__)
ATTEMPTS = 2  # a lost version race is retried once from the fresh state


async def handle_message(ctx: ConversationContext, incoming: Any, *, session: AsyncSession | None = None,
                         now: datetime | None = None) -> list[Reply]:
    """The replies to ``incoming``; ``session`` joins the caller's transaction (the Inbox's)."""
    if not is_addressed(incoming) or getattr(incoming, "kind", "text") == "event":
        return []
    key = key_of(incoming)
    now = now or ctx.now()
    if session is not None:
        said = await _in_callers_transaction(ctx, incoming, key, session, now)
    else:
        async with ctx.locks.hold(key):
            said = await _standalone(ctx, incoming, key, now)
    return to_replies(said, lambda platform: ctx.policy.reply_limit(platform or incoming.platform))


async def _standalone(ctx: ConversationContext, incoming: Any, key: ConversationKey, now: datetime) -> list[Say]:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with ctx.sessionmaker() as session:
                async with session.begin():
                    return await _turn(ctx, incoming, key, session, now, own_inbound=True)
        except StateConflict:
            if attempt == ATTEMPTS:
                raise
            log.info("conversation %s changed meanwhile; handling the message again", key)
        except Exception:  # noqa: BLE001 - the user gets an answer, the log gets the trace
            log.exception("conversation %s: message %s failed", key, getattr(incoming, "message_id", "?"))
            return [say("conversation/error.j2")]
    return []


async def _in_callers_transaction(ctx, incoming, key: ConversationKey, session: AsyncSession,
                                  now: datetime) -> list[Say]:
    await ctx.locks.acquire(key)
    _release_when_transaction_ends(session, lambda: ctx.locks.release(key))
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with session.begin_nested():
                return await _turn(ctx, incoming, key, session, now, own_inbound=False)
        except StateConflict:
            if attempt == ATTEMPTS:
                raise
    return []


def _release_when_transaction_ends(session: AsyncSession, release) -> None:
    """Keep the key locked until the caller commits or rolls back (its state is written then)."""
    sync = session.sync_session
    root = sync.get_transaction()
    if root is None:
        release()
        return

    def on_end(_session, transaction) -> None:
        if transaction is root and not released:
            released.append(True)
            release()
            # removing a listener while SQLAlchemy iterates its listeners is not allowed
            asyncio.get_running_loop().call_soon(event.remove, sync, "after_transaction_end", on_end)

    released: list[bool] = []

    event.listen(sync, "after_transaction_end", on_end)


async def _turn(ctx, incoming, key: ConversationKey, session: AsyncSession, now: datetime, *,
                own_inbound: bool) -> list[Say]:
    from bot.conversation.dispatch import route

    inbound = await claim(session, incoming, now)
    if inbound is None:
        return []
    actor = await identify(session, incoming.platform, incoming.user_id, getattr(incoming, "user_name", None))
    state = await load_state(session, key)
    turn = Turn(ctx=ctx, session=session, incoming=incoming, inbound=inbound, actor=actor,
                key=key, now=now, text=_text_of(incoming), state=state)
    said = await route(turn)
    if own_inbound:
        mark_handled(inbound, now)
    return turn.notes + said


def _text_of(incoming: Any) -> str:
    if getattr(incoming, "kind", "text") != "text":
        return ""
    return clean_text(incoming.text)
