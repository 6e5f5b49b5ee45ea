"""Chinese message understanding: ``parse(text, now=..., sender_unit=..., units=...)``.

Pure functions, no I/O; ``now`` is always passed in. Order of work:

1. normalise (``normalize``); 2. decide the intent by keyword scoring (``intents``);
3. resolve the times, nearest-not-ended for register/reschedule and in the current year for
   query/cancel/report (``times``); 4. read kind, location, speaker (``slots``) and the topic
   (``topic``) — time words inside the topic are not the event's time; 5. pick the unit: the
   first unit named (我局/我们… = the sender), else the sender's own for register, reschedule,
   cancel and report; a query names a unit only if the message does.

For a reschedule the time after 改到/推迟到/提前到… is ``when`` and a time before it that names
the event is ``old_when``; "推迟一个月" is no time. For a cancel the time names the event and
goes to ``old_when``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .intents import classify
from .normalize import normalize
from .slots import PUBLISH_VERB, find_kind, find_location, find_speaker
from .time_atoms import MASTER
from .times import TimeWindow, find_times_normalized
from .topic import find_topic
from .units import UnitDirectory, UnitMention

__all__ = ["ParseResult", "parse", "UnitDirectory", "normalize"]

_CHANGE_TO = re.compile(r"(?:改期|改|推迟|延期|延后|提前|调整|挪|顺延|推|延|换|移)(?:到|至|为|成|在)")
_OWN_UNIT_INTENTS = {"register", "reschedule", "cancel", "report"}
# Which way a time without its year leans (``time_resolve``): a report is of something held.
_LEANS = {"register": "future", "reschedule": "future", "report": "past"}


@dataclass(frozen=True)
class ParseResult:
    intent: str
    kind: str | None = None
    unit: str | None = None
    topic: str | None = None
    when: TimeWindow | None = None
    old_when: TimeWindow | None = None
    location: str | None = None
    speaker: str | None = None

    def as_json(self) -> dict:
        return {
            "intent": self.intent, "kind": self.kind, "unit": self.unit, "topic": self.topic,
            "when": self.when.as_json() if self.when else None,
            "old_when": self.old_when.as_json() if self.old_when else None,
            "location": self.location, "speaker": self.speaker,
        }


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _times_for(intent: str, norm: str, times: list[TimeWindow]) -> tuple[TimeWindow | None, TimeWindow | None]:
    """(when, old_when) for the intent."""
    first = times[0] if times else None
    if intent == "cancel":
        return None, first
    if intent != "reschedule":
        return first, None
    change = _CHANGE_TO.search(norm)
    if change is None:
        return None, first
    after = [t for t in times if t.span[0] >= change.end()]
    before = [t for t in times if t.span[1] <= change.start()]
    return (after[0] if after else None), (before[0] if before else None)


def _unit(intent: str, mentions: list[UnitMention], sender_unit: str | None, avoid) -> str | None:
    for mention in mentions:
        if not _inside(mention.span, avoid):
            return sender_unit if mention.is_self else mention.name
    return sender_unit if intent in _OWN_UNIT_INTENTS else None


def parse(text: str, *, now: datetime, sender_unit: str | None, units: UnitDirectory) -> ParseResult:
    norm = normalize(text)
    intent = classify(norm, MASTER.search(norm) is not None)
    if intent in ("help", "other"):
        return ParseResult(intent)
    times = find_times_normalized(norm, now, lean=_LEANS.get(intent, "current"))
    time_spans = [t.span for t in times]
    location = find_location(norm, time_spans)
    speaker = find_speaker(norm)
    side = [f.span for f in (location, speaker) if f]
    kind = find_kind(norm)
    mentions = units.find(norm)
    topic = None
    if intent != "query":
        masks = [m.span for m in mentions] + side
        topic = find_topic(norm, kind, time_spans, masks)
    avoid = side + ([topic.span] if topic else [])
    event_times = [t for t in times if not _inside(t.span, avoid)]
    when, old_when = _times_for(intent, norm, event_times)
    published = PUBLISH_VERB.search(norm) and intent == "register"
    kind_name = kind.kind if kind else ("press_conference" if published else None)
    return ParseResult(
        intent, kind_name, _unit(intent, mentions, sender_unit, side),
        topic.text if topic else None, when, old_when,
        location.value if location else None, speaker.value if speaker else None,
    )
