"""What a message may carry into the database: no NUL, no lone surrogates, no control codes.

Applied to every Incoming as the inbox takes it, field by field, so one bad message is
cleaned on its own and never fails the group-committed batch it shares with others.
PostgreSQL's text refuses U+0000 and UTF-8 cannot encode a lone surrogate (a JSON body may
hold ``"\\ud800"``); C0 controls other than tab and newline have no meaning in a chat.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.channels.base import Incoming

# A longer message is answered "消息太长…" and never reaches the conversation: every free-text
# column (store.models.FREE_TEXT) fits what a message can put there.
MAX_TEXT_CHARS = 2000
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# ids and names are stored in columns of these sizes (store.models)
FIELD_LIMITS = {"chat_id": 128, "user_id": 128, "user_name": 100, "message_id": 200}


def clean(text: str) -> str:
    return UNSTORABLE.sub("", text)


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(str(k)): _clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    return value


def clean_incoming(incoming: Incoming) -> Incoming:
    """The message with every string storable, ids and names cut to their columns."""
    fields: dict[str, Any] = {"text": clean(incoming.text),
                              "reply_handle": _clean_value(incoming.reply_handle)}
    for name, limit in FIELD_LIMITS.items():
        value = getattr(incoming, name)
        if isinstance(value, str):
            fields[name] = clean(value)[:limit]
    return replace(incoming, **fields)


def too_long(incoming: Incoming) -> bool:
    return len(incoming.text) > MAX_TEXT_CHARS
