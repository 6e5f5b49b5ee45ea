"""What a handler returns: rendered replies, to the chat the message came from or to another
person (``target``). The outbox (``bot.delivery.outbox.enqueue_replies``) merges and splits
them once, per target, to fit each platform; nothing here splits or sends.
"""
from __future__ import annotations

from typing import Any

from bot.channels.base import FileAttachment, Reply, Target
from bot.render import render

__all__ = ["Say", "Target", "say", "send_file"]

Say = Reply  # a handler's reply: the neutral type the channels send


def say(template: str, /, markdown: bool = False, target: Target | None = None, **context: Any) -> Say:
    return Reply(render(template, **context), markdown=markdown, target=target)


def send_file(file: FileAttachment, target: Target | None = None) -> Say:
    """A document for the chat (or for ``target``), as its own message after the texts."""
    return Reply(file.filename, file=file, target=target)
