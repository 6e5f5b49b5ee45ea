"""Received files: ``fetch_media(ref)`` through the sender of the file's platform.

The conversation gets this function (``Conversation.fetch_media``) rather than the senders, so
a handler never talks to a platform itself; any handler that receives files (materials, a plan
sent by chat) uses it the same way: ``await turn.ctx.fetch_media(turn.incoming.media)``.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.channels.base import FetchedMedia, MediaRef, PermanentError

MediaFetcher = Callable[[MediaRef], Awaitable[FetchedMedia]]


def media_fetcher(senders: Mapping[str, Any]) -> MediaFetcher:
    async def fetch(ref: MediaRef) -> FetchedMedia:
        sender = senders.get(ref.platform)
        if sender is None or not hasattr(sender, "fetch_media"):
            raise PermanentError(f"no sender on {ref.platform} fetches media")
        return await sender.fetch_media(ref)

    return fetch
