"""Client-side rate limits: sliding windows per key, answered with "wait this long".

Platforms drop messages over their limits silently (protocols.md W15), so we never send
over them: a sender that would exceed a window raises ``RetryLater`` and the worker moves
the row's ``next_attempt_at``; nothing is dropped.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime

from bot.channels.base import RetryLater


@dataclass(frozen=True)
class Rule:
    count: int
    seconds: float


ROBOT_PER_MINUTE = Rule(20, 60)  # WeCom group robot, DingTalk custom robot
USER_PER_MINUTE = Rule(30, 60)  # WeCom app messages to one member
API_PER_SECOND = Rule(20, 1)  # DingTalk new-style APIs per app and API


class Limits:
    def __init__(self) -> None:
        self._windows: dict[str, deque[float]] = {}

    def take(self, key: str, rule: Rule, now: datetime) -> None:
        """Count one call under ``key`` or raise RetryLater with the time until a slot frees."""
        t = now.timestamp()
        window = self._windows.setdefault(key, deque())
        while window and window[0] <= t - rule.seconds:
            window.popleft()
        if len(window) >= rule.count:
            raise RetryLater(window[0] + rule.seconds - t, f"local limit {key}")
        window.append(t)
