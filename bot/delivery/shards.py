"""Which handler process handles a sender's messages (``PRESSBOT_HANDLERS``): kept apart from
the Inbox so that ``serve`` can start its handler processes before it imports the rest."""
from __future__ import annotations

import zlib

Owner = tuple[str, str | None, str]  # (platform, chat, sender): whose messages are handled in order


def shard_of(owner: Owner, shards: int) -> int:
    """Which of ``shards`` handlers handles this sender's messages: always the same one, so
    one person's messages in one chat keep their order."""
    return zlib.crc32("\x1f".join(part or "" for part in owner).encode()) % shards if shards > 1 else 0
