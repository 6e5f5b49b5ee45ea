"""An exact date and time for the forms, read by the NLP time finder with the form's direction:
a registration form is about an event to come, a statistics form about one held."""
from __future__ import annotations

from datetime import datetime


def find_exact(text: str, now: datetime, lean: str = "future") -> datetime | None:
    """The minute-precise moment ``text`` names ("3月18日下午3点"), or None (a day or month alone)."""
    from bot.nlp.times import find_time

    window = find_time(text, now, lean=lean)
    if window is None or getattr(window, "precision", None) != "minute":
        return None
    start = window.start
    if isinstance(start, datetime):
        return start if start.tzinfo else start.replace(tzinfo=now.tzinfo)
    return None
