"""The inbound row of a message: found or stored, and marked handled in the same transaction.

The channel layer stores the row before acknowledging the platform; the conversation refuses a
message already handled, so a message delivered twice never writes twice even if it reaches
the conversation twice. Because the Inbox marks the row ``handled`` in the transaction that
writes the message's effects, either both happen or neither.
"""
from __future__ import annotations

import re
from typing import Any

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


async def claim(session: AsyncSession, inbound_id: int) -> InboundMessage | None:
    """The message's inbound row, or None when it was handled already. The Inbox loaded the row
    in this session a moment ago, so this is its identity map, not a second query."""
    row = await session.get(InboundMessage, inbound_id)
    return None if row is None or row.status == HANDLED else row
