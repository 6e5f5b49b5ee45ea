"""Replies out of a conversation: to the chat the message came from, or to another person.

A long answer is split at line breaks into parts that each fit the platform's byte limit, every
part numbered ("（2/3）", ``bot.channels.split``), so that nothing is ever cut silently. A
document (``send_file``) is a message of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.channels.base import FileAttachment, Reply
from bot.channels.split import split_text
from bot.render import render


@dataclass(frozen=True)
class Target:
    """Another person to tell (the office, a liaison): the caller writes it to the outbox."""

    platform: str
    user_id: str
    name: str
    person_id: int | None = None


@dataclass(frozen=True)
class ConversationReply(Reply):
    target: Target | None = None  # None: into the conversation the message came from


@dataclass
class Say:
    """What a handler returns: rendered text, and to whom."""

    text: str
    markdown: bool = False
    target: Target | None = None
    file: FileAttachment | None = None  # a document: sent as a file (or a link); text describes it


def say(template: str, /, markdown: bool = False, target: Target | None = None, **context) -> Say:
    return Say(render(template, **context), markdown=markdown, target=target)


def send_file(file: FileAttachment, target: Target | None = None) -> Say:
    """A document for the chat (or for ``target``), as its own message after the texts."""
    return Say(file.filename, target=target, file=file)


def to_replies(items: list[Say], limit_for) -> list[Reply]:
    """Join consecutive same-target texts into one message, then split each to fit its platform."""
    replies: list[Reply] = []
    for item in _merge(items):
        if item.file is not None:
            replies.append(ConversationReply(text=item.text, target=item.target, file=item.file))
            continue
        platform = item.target.platform if item.target else None
        limit = limit_for(platform)
        for part in split_text(item.text, limit) if limit else [item.text]:
            replies.append(ConversationReply(text=part, markdown=item.markdown, target=item.target))
    return replies


def _merge(items: list[Say]) -> list[Say]:
    merged: list[Say] = []
    for item in items:
        if not item.text and item.file is None:
            continue
        last = merged[-1] if merged else None
        if last and last.file is None and item.file is None and last.target == item.target \
                and last.markdown == item.markdown:
            last.text = f"{last.text}\n\n{item.text}"
        else:
            merged.append(Say(item.text, item.markdown, item.target, item.file))
    return merged
