"""One asyncio lock per conversation key, taken before the key's state is read.

Two messages from the same person in the same chat are handled one after the other; people in
the same group never wait for each other. Locks are dropped when nobody holds or awaits them,
so the table does not grow with every chat ever seen. Across processes the state row's
``updated_at`` acts as a version (see ``bot.conversation.state``).
"""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class ConversationKey:
    platform: str
    chat_id: str  # the user's own id in a one-to-one chat
    user_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.chat_id}:{self.user_id}"


class KeyLocks:
    def __init__(self) -> None:
        self._locks: dict[ConversationKey, asyncio.Lock] = {}
        self._users: dict[ConversationKey, int] = {}

    async def acquire(self, key: ConversationKey) -> None:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            await lock.acquire()
        except BaseException:
            self._forget(key)
            raise

    def release(self, key: ConversationKey) -> None:
        self._locks[key].release()
        self._forget(key)

    def _forget(self, key: ConversationKey) -> None:
        self._users[key] -= 1
        if self._users[key] == 0:
            del self._users[key]
            del self._locks[key]

    @asynccontextmanager
    async def hold(self, key: ConversationKey) -> AsyncIterator[None]:
        await self.acquire(key)
        try:
            yield
        finally:
            self.release(key)

    def __len__(self) -> int:
        return len(self._locks)
