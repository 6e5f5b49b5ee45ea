"""Chinese message understanding: ``parse(text, now=..., sender_unit=..., units=...)``.

Pure functions, no I/O; ``now`` is always passed in. Order of work:

1. normalise (``normalize``); 2. decide the route (a dotted intent such as ``query.count``) and
   its confidence from the keyword tables (``intents``, ``intent_words``); ``intent`` keeps the
   coarse word of the ``pressbot parse`` contract (``query``, ``register`` …);
3. resolve the times, nearest-not-ended for register/reschedule and in the current year for
   query/cancel/report (``times``); 4. read kind, location, speaker (``slots``) and the topic
   (``topic``) — time words inside the topic are not the event's time; 5. pick the unit: the
   first unit named (我局/我们… = the sender), else the sender's own for register, reschedule,
   cancel and report; a query names a unit only if the message does. Units joined to the first
   by 和/与/、/会同… are ``co_units`` (a joint event).

For a reschedule the time after 改到/推迟到/提前到… is ``when`` and a time before it that names
the event is ``old_when``; "推迟一个月" is no time. For a cancel the time names the event and
goes to ``old_when``. For reschedule, cancel and report each time also carries every window it may
mean (``readings``: "10月份" in December is this October or next): the register decides which
event is meant (``bot.handlers.common.events_named``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

# the function, not its module bot.nlp.normalize (a module imported later would not rebind it)
from .normalize import normalize

if TYPE_CHECKING:
    from .intents import CLARIFY_BELOW
    from .parser import ParseResult, parse
    from .units import UnitDirectory

__all__ = ["CLARIFY_BELOW", "ParseResult", "parse", "UnitDirectory", "normalize"]


def __getattr__(name: str) -> Any:
    """The parser loads with its first use: ``bot.nlp.holidays`` (the settings' calendar) is
    imported by every command, the parser's patterns and tables only by those that parse."""
    import importlib

    if name not in __all__:  # a submodule ("from . import holidays") is imported, not the parser
        raise AttributeError(name)
    return getattr(importlib.import_module("bot.nlp.parser"), name)
