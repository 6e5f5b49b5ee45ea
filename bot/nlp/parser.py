"""The parser itself (``bot.nlp.parse``); see the package's docstring for the order of work."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .intent_words import CHANGE_TO, CORRECTION
from .intents import CLARIFY_BELOW, HEAD_CHARS, Intent, classify
from .normalize import normalize, shown
from .slots import DOCUMENT_TITLE, MEDIA_LIST, PUBLISH_VERB, find_kinds, find_location, find_speaker, held_kind
from .time_atoms import MASTER
from .times import TimeWindow, find_times_normalized
from .topic import find_topic
from .units import UnitDirectory, UnitMention

_OWN_UNIT_INTENTS = {"register", "reschedule", "cancel", "report", "form"}  # form: 填登记表 for a unit
# Which way a time without its year leans (``time_resolve``): a report is of something held.
_LEANS = {"register": "future", "reschedule": "future", "report": "past"}
# Intents whose time may name an event already in the register: every window it may mean is kept
# (``TimeWindow.readings``), and the register decides (``store.rules.nearest_named``).
_NAMES_EVENT = {"reschedule", "cancel", "report"}
# "财政局和农业农村局联合…", "财政局、农业农村局…", "我局会同卫健委…": the units of a joint event
_UNIT_ENDS = frozenset("局委办镇乡院会司心部队联府道")
_JOINED = re.compile(r"^(?:和|与|及|以及|同|跟|、|,|，|会同|联合|携手)$")


@dataclass(frozen=True)
class ParseResult:
    intent: str  # the coarse word of the contract (query, register, help, other …)
    kind: str | None = None
    unit: str | None = None
    topic: str | None = None
    when: TimeWindow | None = None
    old_when: TimeWindow | None = None
    location: str | None = None
    speaker: str | None = None
    route: str = "other"  # the dotted intent the handlers are chosen by (query.list, register …)
    confidence: float = 1.0
    co_units: tuple[str, ...] = ()  # the other units of a joint event

    def as_json(self) -> dict:
        return {
            "intent": self.intent, "kind": self.kind, "unit": self.unit, "topic": self.topic,
            "when": self.when.as_json() if self.when else None,
            "old_when": self.old_when.as_json() if self.old_when else None,
            "location": self.location, "speaker": self.speaker,
            "route": self.route, "confidence": self.confidence, "co_units": list(self.co_units),
        }

    @property
    def sure(self) -> bool:
        return self.confidence >= CLARIFY_BELOW


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _times_for(intent: str, norm: str, times: list[TimeWindow]) -> tuple[TimeWindow | None, TimeWindow | None]:
    """(when, old_when) for the intent."""
    first = times[0] if times else None
    if intent == "cancel":
        return None, first
    if intent != "reschedule":
        return first, None
    change = CHANGE_TO.search(norm)
    if change is None:
        return None, first
    after = [t for t in times if t.span[0] >= change.end()]
    before = [t for t in times if t.span[1] <= change.start()]
    return (after[0] if after else None), (before[0] if before else None)


def _units(intent: str, norm: str, mentions: list[UnitMention], sender_unit: str | None,
           avoid: list[tuple[int, int]]) -> tuple[str | None, tuple[str, ...]]:
    """The unit the message is about, and the units joined to it ("财政局和农业农村局")."""
    named = [m for m in mentions if not _inside(m.span, avoid)]
    if not named:
        return (sender_unit if intent in _OWN_UNIT_INTENTS else None), ()
    name = lambda m: sender_unit if m.is_self else m.name  # noqa: E731
    first, others = name(named[0]), []
    for before, after in zip(named, named[1:], strict=False):
        if not _JOINED.match(norm[before.span[1]:after.span[0]].strip() or ","):
            break
        other = name(after)
        if other and other != first and other not in others:
            others.append(other)
    return first, tuple(others)


def _after_correction(text: str) -> str:
    """"卫健委、医保……不对，卫健委、民政局6月…": only what follows the last correction counts."""
    ends = [m.end() for m in CORRECTION.finditer(text)]
    return text[ends[-1]:] if ends and text[ends[-1]:].strip() else text


def parse(text: str, *, now: datetime, sender_unit: str | None, units: UnitDirectory,
          about_event: bool = False, route: str | None = None) -> ParseResult:
    """``about_event``: the bot's last message to this person was about one event (a reminder);
    ``route``: what the person said they meant (a numbered choice), read instead of guessed."""
    text = _after_correction(text)
    norm = normalize(text)
    mentions = units.find(norm)
    if route:
        found = Intent(route, 1.0)
    else:
        found = classify(_names_masked(norm, mentions), MASTER.search(norm) is not None, about_event,
                         names_unit=bool(mentions))
    intent = found.coarse
    if intent not in _OWN_UNIT_INTENTS and intent != "query":
        return ParseResult(intent, route=found.route, confidence=found.confidence)
    times = find_times_normalized(norm, now, lean=_LEANS.get(intent, "current"), readings=intent in _NAMES_EVENT)
    return _slots(text, norm, found, times, sender_unit, mentions)


def _names_masked(norm: str, mentions: list[UnitMention]) -> str:
    """The words of a unit's name say nothing of what is asked (发改委 holds no 改, 政府办 no 办): all
    but the last character of each named unit masked, so "…局" still reads as a unit."""
    head = list(norm[:HEAD_CHARS])  # what is asked is said up front (``intents.HEAD_CHARS``)
    for m in mentions:
        start, end = m.span
        if start >= HEAD_CHARS:
            break
        if not m.is_self:
            end -= m.text[-1] in _UNIT_ENDS  # a stem ("发改") has no such end: all of it is masked
            head[start:end] = "某" * (end - start)
    return "".join(head)


def _slots(text: str, norm: str, found: Intent, times: list[TimeWindow], sender_unit: str | None,
           mentions: list[UnitMention]) -> ParseResult:
    intent = found.coarse
    time_spans = [t.span for t in times]
    location = find_location(norm, time_spans)
    speaker = find_speaker(norm)
    side = [f.span for f in (location, speaker) if f] + [m.span() for m in MEDIA_LIST.finditer(norm)]
    titles = [m.span() for m in DOCUMENT_TITLE.finditer(norm)]  # a title may be the topic, never a unit
    kinds = find_kinds(norm)
    kind = kinds[0] if kinds else None
    topic = None
    if intent != "query":
        masks = [m.span for m in mentions] + side
        topic = find_topic(norm, kinds, [t for t in time_spans if not _inside(t, titles)], masks)
    side += titles
    avoid = side + ([topic.span] if topic else [])
    event_times = [t for t in times if not _inside(t.span, avoid)]
    when, old_when = _times_for(intent, norm, event_times)
    published = PUBLISH_VERB.search(norm) and intent == "register"
    kind_name = kind.kind if kind else ("press_conference" if published else None)
    if kind_name is None and intent == "report":
        kind_name = held_kind(norm)
    unit, co_units = _units(intent, norm, mentions, sender_unit, side)
    def written(found) -> str | None:  # the slot as the person wrote it (numerals not rewritten)
        return shown(text, norm, found.span).strip() if found else None

    return ParseResult(
        intent, kind_name, unit, written(topic), when, old_when, written(location), written(speaker),
        found.route, found.confidence, co_units,
    )
