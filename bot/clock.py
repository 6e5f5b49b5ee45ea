"""One notion of "now" for the whole program.

Everything time-dependent takes a Clock (or an explicit ``now``) so that tests can
fix or advance time instead of sleeping.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime in the deployment's time zone."""


class SystemClock:
    def __init__(self, tz: ZoneInfo = DEFAULT_TZ) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(self.tz)


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime, tz: ZoneInfo = DEFAULT_TZ) -> None:
        self.tz = tz
        self._now = start if start.tzinfo else start.replace(tzinfo=tz)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when if when.tzinfo else when.replace(tzinfo=self.tz)
