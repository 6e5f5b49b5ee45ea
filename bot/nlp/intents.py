"""What a message asks for: a dotted route and how sure the parse is, decided before any slot.

Routes: ``register``, ``reschedule``, ``cancel``, ``report`` (the event took place),
``query.list``, ``query.count``, ``query.completion``, ``query.missing_registration``,
``query.missing_statistics``, ``form.registration``, ``form.statistics``, ``export``,
``dashboard``, ``approval``, ``help``, ``greeting`` (hello, thanks, 好的/收到) and ``other``.
The keyword tables are in ``intent_words``; the order of ``COMMANDS`` and of ``_about_event``
is the whole decision.

The safe default: only a message that says to hold, register or schedule (``ACTION``, or a
short verb before the kind word) is a ``register``; a question needs no question mark, and a
bare noun phrase with a time or a unit ("下周的访谈", "临涣镇的发布会", the reply reminders suggest)
is a look-up. A plan line pasted as cells
("交通局，10月，农村公路，访谈") registers, with less confidence. A change asked as a question
("发布会取消了吗") and a kind word alone ("发布会的事") are below ``CLARIFY_BELOW``: the bot asks.

``about_event`` says the bot's last message to this person was about one event (a reminder):
then the kind word is implied, and "定在X月X日下午3点" sets that event's time (``reschedule``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import intent_words as w

ROUTES = ("register", "reschedule", "cancel", "report", "query.list", "query.count", "query.completion",
          "query.missing_registration", "query.missing_statistics", "form.registration", "form.statistics",
          "export", "dashboard", "approval", "materials", "publication", "form.outline", "change.topic",
          "help", "greeting", "other")
CLARIFY_BELOW = 0.5  # a parse less sure than this asks one numbered question instead of acting
# What a message asks is said up front; a pasted document of 100 KB is judged by its beginning
# (its times, units and topic are still read in full).
HEAD_CHARS = 2000
SURE, LIKELY, GUESS, UNSURE = 0.95, 0.8, 0.6, 0.3
# The contract's intent word for a route, when not its first part (填统计表 reports a held event).
COARSE = {"greeting": "other", "form.statistics": "report"}


@dataclass(frozen=True)
class Intent:
    route: str
    confidence: float

    @property
    def coarse(self) -> str:
        """The word of the ``pressbot parse`` contract: query, register, help, other, …"""
        return COARSE.get(self.route, self.route.split(".")[0])


def _plain(text: str) -> str:
    return text.strip().rstrip("。.!！~～ ").lower()


def _is_question(text: str) -> bool:
    return bool(w.QUESTION.search(text) or w.HOW_TO.search(text))


def is_question(text: str) -> bool:
    """The message asks something (no question mark needed): "5月8日" answers, "5月8日行吗" asks."""
    return _is_question(text)


# (route, test on the normalised text): the first that holds wins, before the event rules.
COMMANDS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("dashboard", lambda t: _plain(t) in w.DASHBOARD),
    ("approval", lambda t: bool(w.VERDICT.match(t.strip()))),
    ("export", lambda t: bool(w.EXPORT.search(_plain(t)))),
    ("greeting", lambda t: bool(w.GREETING.match(t.strip()))),
    ("other", lambda t: bool(w.NOTICE_FRAGMENT.match(t.strip()))),
    ("query.missing_registration", lambda t: bool(w.MISSING_REGISTRATION.search(t))),
    ("query.missing_statistics", lambda t: bool(w.MISSING_STATISTICS.search(t))),
    ("query.completion", lambda t: bool(w.COMPLETION.search(t))),
    ("help", lambda t: bool(w.HELP.search(t) and not w.EVENT.search(t)) or bool(w.HOW_TO.search(t))
     or bool(w.PROCEDURE_QUESTION.search(t) and not w.MATERIALS_LIST.search(t.strip()))),
    ("form.registration", lambda t: bool(w.FORM_REGISTRATION.search(t)) and not _is_question(t)),
    ("form.statistics", lambda t: bool(w.FORM_STATISTICS.search(t)) and not _is_question(t)),
    # the office's procedure
    ("approval", lambda t: bool(w.FORWARD.match(t.strip()))),
    ("publication", lambda t: bool(w.PUBLISHED_SAID.match(t.strip()))),
    ("form.outline", lambda t: bool(w.OUTLINE_START.search(t)) and not _is_question(t)),
    ("materials", lambda t: bool(w.MATERIALS_LIST.search(t.strip()))),
    ("change.topic", lambda t: any(p.search(t) for p in w.TOPIC_CHANGE)),
)


def classify(text: str, has_time: bool, about_event: bool = False, names_unit: bool = False) -> Intent:
    """The route of a normalised message, and how sure it is; ``names_unit``: it names a unit."""
    text = text[:HEAD_CHARS]
    if not text.strip():
        return Intent("other", SURE)
    for route, test in COMMANDS:
        if test(text):
            return Intent(route, SURE)
    numbered = w.EVENT_ID.search(text.lower()) is not None  # "编号57": the event the bot numbered
    if about_event or numbered or w.EVENT.search(text) or w.HELD_NUMBERS.search(text) or w.SESSIONS.search(text):
        return _about_event(text, has_time, about_event, names_unit or numbered)
    return _not_about_events(text, has_time)


def _not_about_events(text: str, has_time: bool) -> Intent:
    """No kind word: a question about activities ("下周的活动安排"), else chatter or another meeting
    ("今天食堂几点开饭" asks something, but not about the register)."""
    asks = w.QUESTION.search(text) or w.LISTING.search(text) or w.COUNT.search(text)
    if w.OTHER_ENGAGEMENT.search(text) and not w.QUESTION.search(text):
        return Intent("other", SURE)
    if asks and w.ACTIVITY.search(text) and not w.OTHER_MEETING.search(text):
        return Intent("query.count" if w.COUNT.search(text) else "query.list", LIKELY)
    return Intent("other", SURE)


def _about_event(text: str, has_time: bool, about_event: bool, names_unit: bool) -> Intent:
    question = bool(w.QUESTION.search(text))
    for route, pattern in (("cancel", w.CANCEL), ("reschedule", w.RESCHEDULE)):
        if pattern.search(text):
            # "取消了吗", "改到哪天了": most likely asks what was done, but the bot still asks first
            if question and w.STATUS_QUESTION.search(text):
                return Intent("query.list", UNSURE)
            return Intent(route, UNSURE if question else SURE)
    if about_event and w.SET_TIME.search(text) and not question:
        return Intent("reschedule", SURE)
    permission = w.PERMISSION.search(text) if question else None
    if permission and _says_to_hold(text[permission.end():]):
        return Intent("register", UNSURE)
    if question or w.COUNT.search(text):
        return Intent("query.count" if w.COUNT.search(text) else "query.list", SURE)
    if w.HELD.search(text) or w.HELD_NUMBERS.search(text):
        return Intent("report", SURE)
    if _says_to_hold(text):
        return Intent("register", SURE)
    if any(not w.LIST_IN_TOPIC.match(text, m.start()) for m in w.LISTING.finditer(text)):
        return Intent("query.list", LIKELY)
    cells = _pasted_cells(text)
    if has_time and cells:
        return Intent("register", GUESS)
    return Intent("query.list", LIKELY if has_time or names_unit and not cells else UNSURE)


def _says_to_hold(text: str) -> bool:
    if w.ACTION.search(text) or w.ACTION_AFTER_TIME.search(text):
        return True
    kind = w.EVENT.search(text)
    end = kind.start() if kind else len(text)
    return bool(w.ACTION_BEFORE_KIND.search(text, 0, end))


def _pasted_cells(text: str) -> bool:
    """A plan row pasted as cells: unit, time, topic and kind apart, no "的" joining them; or
    the topic in a cell after the kind word ("住建局四季度在线访谈 物业管理")."""
    if "的" in text:
        return False
    cells = [c for c in w.CELL_SEPARATOR.split(text) if c]
    if len(cells) == 2 and w.TITLE_DASH.match(text):
        return bool(w.EVENT.search(cells[1])) and not w.EVENT.search(cells[0])
    return len(cells) >= 3 or len(cells) == 2 and bool(w.EVENT.search(cells[0])) and not w.EVENT.search(cells[1])


def verdict(text: str) -> tuple[bool, str | None] | None:
    """(approved, opinion) of the office's answer, None when the text is no verdict."""
    match = w.VERDICT.match(text.strip())
    if match is None:
        return None
    return match.group("yes") is not None, match.group("opinion").strip() or None


def holds_an_event(text: str) -> bool:
    """The text says to hold an event ("…召开发布会", "开一场访谈"), not only when ("定在…")."""
    return bool(w.HOLD.search(text))


def greeting_kind(text: str) -> str:
    """hello, thanks or ack: which friendly answer a greeting gets."""
    return next((kind for kind, pattern in w.GREETING_KINDS if pattern.search(text)), "ack")


__all__ = ["CLARIFY_BELOW", "ROUTES", "Intent", "classify", "greeting_kind", "holds_an_event", "is_question",
           "verdict"]
