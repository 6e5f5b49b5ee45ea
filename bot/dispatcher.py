"""The dispatcher behind every channel: the conversation (``bot.conversation``).

The channel layer calls ``dispatch(incoming, DispatchContext)`` inside the transaction that
stored the message; nothing here knows which platform it serves. One conversation context
per application (or per ``pressbot chat``) holds the conversation locks and the unit
directory cache, and carries the deployment's reminder policy so that a changed event
recomputes its reminders in the same transaction.
"""
from __future__ import annotations

from typing import Any

from bot.clock import Clock
from bot.delivery.inbox import Dispatch


def make_dispatch(*, clock: Clock, reminders: Any = None) -> Dispatch:
    """A dispatch function with a conversation context of its own."""
    from bot.conversation.adapter import dispatch as converse
    from bot.conversation.adapter import reminders_hook
    from bot.conversation.context import ConversationContext

    ctx = ConversationContext(clock=clock, sessionmaker=None, policy=conversation_policy(reminders),
                              on_event_changed=reminders_hook(reminders))

    async def dispatch(incoming: Any, dctx: Any) -> list:
        return await converse(incoming, dctx, ctx)

    return dispatch


def conversation_policy(reminders: Any = None):
    """The conversation's rules, with the deployment's quota and postponement limit where its
    ``[reminders]`` table sets them, so that answers and reminders never disagree."""
    from datetime import timedelta

    from bot.conversation.context import ConversationPolicy

    if reminders is None:
        return ConversationPolicy()
    return ConversationPolicy(key_quota=reminders.key_yearly_quota,
                              postpone_limit=timedelta(days=31 * reminders.postpone_limit_months),
                              copy_roles=reminders.change_copy_roles)
