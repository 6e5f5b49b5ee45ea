"""The conversation layer: one message in, the replies out (``Conversation``)."""
from __future__ import annotations

from bot.conversation.core import Conversation
from bot.conversation.policy import ConversationPolicy

__all__ = ["Conversation", "ConversationPolicy"]
