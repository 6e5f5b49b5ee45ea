"""The conversation as the channel layer's ``dispatch(incoming, DispatchContext)``.

The Inbox owns the transaction: it stored the inbound row, calls dispatch with its session,
then marks the message handled and queues the returned replies in one commit. Replies for
other people (the office, a liaison) are queued here as pushes in that same transaction, keyed
by the inbound id, so a second handling of the message adds nothing.
"""
from __future__ import annotations

from typing import Any

from bot.channels.base import SINGLE, Reply
from bot.clock import SystemClock
from bot.conversation import handle_message
from bot.conversation.context import ConversationContext

_default: ConversationContext | None = None


def default_context() -> ConversationContext:
    """One per process: the key locks and the unit directory cache are shared by all messages."""
    global _default
    if _default is None:
        _default = ConversationContext(clock=SystemClock(), sessionmaker=None,
                                       on_event_changed=reminders_hook())
    return _default


def reminders_hook(policy=None):
    """Recompute an event's reminders in the message's transaction (the reminders' default policy)."""
    from bot.reminders.policy import Policy
    from bot.reminders.reconcile import on_event_changed

    policy = policy or Policy()

    async def hook(session, event_id: int, now) -> None:
        await on_event_changed(session, event_id, now, policy)

    return hook


async def dispatch(incoming: Any, dctx: Any, ctx: ConversationContext | None = None) -> list[Reply]:
    from bot.delivery.outbox import enqueue_push

    ctx = ctx or default_context()
    replies = await handle_message(ctx, incoming, session=dctx.session, now=dctx.now)
    own: list[Reply] = []
    for n, reply in enumerate(replies):
        target = getattr(reply, "target", None)
        if target is None:
            own.append(Reply(reply.text, reply.markdown, reply.file))
            continue
        enqueue_push(dctx.session, key=f"notify:{dctx.inbound_id}:{n}", platform=target.platform,
                     target={"user_id": target.user_id, "chat_type": SINGLE}, text=reply.text,
                     now=dctx.now, markdown=reply.markdown, file=reply.file)
    return own
