"""Helpers shared by the time tables: the window of the first expression, as strings."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.clock import DEFAULT_TZ
from bot.nlp import normalize
from bot.nlp.times import find_time

APR = datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ)  # a Tuesday
DEC = datetime(2026, 12, 1, 10, 0, tzinfo=DEFAULT_TZ)  # a Tuesday in December
SPRING = datetime(2026, 2, 10, 10, 0, tzinfo=DEFAULT_TZ)  # a Tuesday a week before Spring Festival (17 February)


def window(text: str, now: datetime = APR, lean: str | None = None) -> tuple[str, str] | None:
    found = find_time(text, now, lean=lean) if lean else find_time(text, now)
    return (found.as_json()["start"], found.as_json()["end"]) if found else None


def whole(text: str, now: datetime = APR, lean: str | None = None) -> tuple[str, str] | None:
    """The window, and only when the expression covers the whole text (nothing left unread)."""
    found = find_time(text, now, lean=lean) if lean else find_time(text, now)
    if found is None:
        return None
    if found.span != (0, len(normalize(text))):
        return ("partial", found.text)
    return found.as_json()["start"], found.as_json()["end"]


def table(rows):
    return pytest.mark.parametrize("text,start,end", rows, ids=[r[0] for r in rows])
