"""The inbound row of a message: found or stored, and marked handled in the same transaction.

The channel layer normally stores the row before acknowledging the platform; this layer looks
it up by (platform, message_id) and refuses a message already handled, so a message delivered
twice never writes twice even if it reaches the conversation twice. Because the row is marked
``handled`` in the transaction that writes the message's effects, either both happen or neither.
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.locks import ConversationKey
from store.models import InboundMessage

HANDLED = "handled"
MENTION = re.compile(r"^(?:@\S+\s+)+|\s*@\S+$")


def key_of(incoming: Any) -> ConversationKey:
    chat = incoming.chat_id or incoming.user_id
    return ConversationKey(incoming.platform, str(chat), str(incoming.user_id))


def is_addressed(incoming: Any) -> bool:
    """In a group the bot speaks only when spoken to; in a one-to-one chat always."""
    return getattr(incoming, "chat_type", "single") != "group" or bool(getattr(incoming, "mentioned", False))


def clean_text(text: str) -> str:
    """The message without a leading/trailing @mention and surrounding blanks."""
    return MENTION.sub("", (text or "").strip()).strip()


async def claim(session: AsyncSession, incoming: Any, now: datetime) -> InboundMessage | None:
    """The message's inbound row, or None when it was handled already."""
    message_id = str(getattr(incoming, "message_id", "") or f"local-{uuid.uuid4().hex}")
    query = select(InboundMessage).where(
        InboundMessage.platform == incoming.platform, InboundMessage.message_id == message_id
    )
    row = (await session.execute(query)).scalars().first()
    if row is not None:
        return None if row.status == HANDLED else row
    row = InboundMessage(
        platform=incoming.platform, message_id=message_id, chat_id=incoming.chat_id,
        chat_type=getattr(incoming, "chat_type", "single"), user_id=incoming.user_id,
        user_name=getattr(incoming, "user_name", None), text=incoming.text or "",
        mentioned=bool(getattr(incoming, "mentioned", False)),
        reply_handle=dict(getattr(incoming, "reply_handle", {}) or {}), received_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None  # another process stored it a moment ago and is handling it
    return row


def mark_handled(row: InboundMessage, now: datetime) -> None:
    row.status = HANDLED
    row.handled_at = now
