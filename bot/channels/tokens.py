"""Access tokens cached per app, with a single refresh in flight.

A burst of sends after a token expires must not turn into a burst of token requests:
platforms rate-limit those too (protocols.md §3.1, §6.1).
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

# Refresh this long before the platform says the token expires (the SDKs use 300 s).
EARLY = 300.0


class TokenCache:
    def __init__(self, fetch: Callable[[], Awaitable[tuple[str, float]]]) -> None:
        self._fetch = fetch
        self._lock = asyncio.Lock()
        self._token: str | None = None
        self._expires = 0.0
        self.fetches = 0

    def _valid(self) -> bool:
        return self._token is not None and time.monotonic() < self._expires

    async def get(self) -> str:
        if self._valid():
            return self._token  # type: ignore[return-value]
        async with self._lock:
            if not self._valid():
                token, ttl = await self._fetch()
                self.fetches += 1
                self._token = token
                self._expires = time.monotonic() + max(ttl - EARLY, ttl / 2)
            return self._token  # type: ignore[return-value]

    def invalidate(self, token: str) -> None:
        """Forget ``token`` (rejected by the platform); a newer one fetched meanwhile is kept."""
        if self._token == token:
            self._token = None


async def fetch_gettoken(http, url: str, params: dict[str, str]) -> tuple[str, float]:
    """The classic ``GET …/gettoken`` of WeCom and of DingTalk's legacy API:
    ``{"errcode": 0, "access_token": …, "expires_in": …}``."""
    from bot.channels.base import TransientError
    from bot.channels.http import call_json

    _, data = await call_json(http, "GET", url, params=params)
    if data.get("errcode", 0) != 0 or not data.get("access_token"):
        raise TransientError(f"gettoken: errcode {data.get('errcode')} {data.get('errmsg', '')}")
    return data["access_token"], float(data.get("expires_in", 7200))
