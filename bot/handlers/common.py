"""What several handlers share: event views for templates, units by name, the parse's window, and
the events a time names (``events_named``)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import DEFAULT_TZ
from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.timefmt import format_chat_when
from store import rules
from store.models import ConversationState, Event, Kind, Unit
from store.repo import events_overlapping

# re-exported for the handlers
from store.rules import LIVE_STATUSES as LIVE_STATUSES
from store.rules import OPEN_STATUSES as OPEN_STATUSES
from store.rules import kind_name as kind_label
from store.rules import status_name


@dataclass
class Window:
    """A planned window, and the exact time when the message gave one."""

    start: date
    end: date
    start_at: datetime | None = None
    text: str | None = None
    clock_only: bool = False  # a time of day alone ("下午三点"): the day is not the message's

    def on_day(self, day: date) -> Window:
        """The same time of day on ``day`` (the event's own day, when only the clock was said)."""
        at = self.start_at.replace(year=day.year, month=day.month, day=day.day) if self.start_at else None
        return Window(day, day, at, self.text)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(start=self.start.isoformat(), end=self.end.isoformat(),
                    start_at=self.start_at.isoformat() if self.start_at else None)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Window:
        at = data.get("start_at")
        return cls(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]),
                   datetime.fromisoformat(at) if at else None, data.get("text"), data.get("clock_only", False))


def window_of(time_window: Any, now: datetime) -> Window | None:
    """The parse's TimeWindow as dates (and an aware start time when precise to the minute);
    None without one, or when it lies outside the years the register holds (``out_of_years``)."""
    if time_window is None or out_of_years(time_window):
        return None
    start, end = time_window.start, time_window.end
    start_at = None
    if isinstance(start, datetime):
        start_at = start if start.tzinfo else start.replace(tzinfo=now.tzinfo)
        start = start.date()
    if isinstance(end, datetime):
        end = end.date()
    if getattr(time_window, "precision", "day") != "minute":
        start_at = None
    return Window(start, end, start_at, getattr(time_window, "text", None), getattr(time_window, "clock_only", False))


def out_of_years(time_window: Any) -> bool:
    """A time said outside ``store.rules.YEARS`` ("9999年12月"): answered as such, never stored."""
    return time_window is not None and not rules.in_register_years(time_window.start, time_window.end)


def out_of_years_reply(turn: Turn, said: str | None) -> list[Say]:
    return [turn.reply("conversation/out_of_years.j2", said=said, years=rules.years_text())]


def impossible_time(turn: Turn, *, ahead: bool = True) -> dict[str, str] | None:
    """A date or time in the message that does not exist ("2月30日"), as the forms report it
    (``written``, ``why``): a reply asking for the time says why the one written was not read.
    ``ahead``: of an event to hold or move (a past month is next year's); False for an export."""
    from bot.forms.parsers import impossible_date

    return impossible_date(turn.text, turn.now, ahead=ahead)


async def events_named(turn: Turn, time_window: Any, *, unit_id: int, kind: str | None, statuses: Iterable[str],
                       otherwise: tuple[date, date], keep: Callable[[Event], bool] | None = None,
                       prefer: Callable[[Event], bool] | None = None) -> list[Event]:
    """The unit's events that a time naming an existing event means ("10月份的发布会改到…"): of every
    window the time may mean (``readings``), the register decides (``store.rules.nearest_named``).
    Without a time, the events in ``otherwise``. ``keep`` must hold; ``prefer`` (the topic said)
    narrows the events when any of them meets it."""
    readings = (getattr(time_window, "readings", ()) or (time_window,)) if time_window is not None else ()
    windows = [w for w in (window_of(r, turn.now) for r in readings) if w is not None]
    spans = [(w.start, w.end) for w in windows] or [otherwise]
    found = [await events_overlapping(turn.session, start, end, unit_id=unit_id, kind=kind, statuses=statuses)
             for start, end in spans]
    found = [[e for e in events if keep(e)] for events in found] if keep else found
    if prefer and any(prefer(e) for events in found for e in events):
        found = [[e for e in events if prefer(e)] for events in found]
    said = window_of(time_window, turn.now)
    preferred = spans.index((said.start, said.end)) if said and (said.start, said.end) in spans else 0
    return rules.nearest_named(found, turn.now.date(), preferred)


def event_view(event: Event, tz: Any = DEFAULT_TZ) -> dict[str, Any]:
    """An event as templates show it."""
    return {
        "id": event.id, "unit": event.unit.name, "kind": kind_label(event.kind),
        "topic": event.topic or "待定",
        "when": format_chat_when(event.window_start, event.window_end, event.start_at, tz),
        "exact": event.start_at is not None, "location": event.location, "speaker": event.speaker,
        "status": status_name(event.status), "status_code": event.status,
        "co_units": [u.name for u in event.co_units], "missing": missing_of(event),
    }


def missing_of(event: Event) -> list[str]:
    """What the entry still lacks, in the order the office needs it."""
    missing = []
    if not event.topic or event.topic == "待定":
        missing.append("主题")
    if event.start_at is None:
        missing.append("具体时间")
    if not event.location and event.kind == Kind.PRESS_CONFERENCE:
        missing.append("地点")
    if not event.speaker:
        missing.append("发布人" if event.kind == Kind.PRESS_CONFERENCE else "访谈嘉宾")
    return missing


_UNIT_NAMED = select(Unit).where(Unit.name == bindparam("b_name"))  # built once: most messages name a unit


async def unit_named(session: AsyncSession, name: str | None) -> Unit | None:
    if not name:
        return None
    unit = (await session.execute(_UNIT_NAMED, {"b_name": name})).scalars().first()
    if unit is not None:
        return unit
    from store.units import UnitIndex

    return (await UnitIndex.load(session)).find(name)


async def reparse(turn: Turn, **hints: Any) -> Any:
    """Read the message again knowing more (``about_event=True``, ``route="register"``); the
    handlers then see this reading (``use_parse`` puts another one back, None: read afresh)."""
    unit = turn.actor.unit.name if turn.actor.unit else None
    units = await turn.ctx.unit_directory(turn.session)
    parsed = turn.ctx.parser()(turn.text, now=turn.now, sender_unit=unit, units=units, **hints)
    use_parse(turn, parsed)
    return parsed


def use_parse(turn: Turn, parsed: Any) -> None:
    turn._parsed = parsed


async def parsed_unit(turn: Turn, parsed: Any) -> Unit | None:
    """The unit the message is about: the one it names, else the sender's own."""
    named = getattr(parsed, "unit", None)
    own = turn.actor.unit
    if named and (own is None or named != own.name):  # "我局" reads as the sender's own: loaded already
        return await unit_named(turn.session, named)
    return own


def open_state(turn: Turn) -> ConversationState:
    """The state a resumed form or choice runs in (the dispatcher resumes only when there is one)."""
    if turn.state is None:
        raise LookupError("no open form or choice")
    return turn.state


async def event_changed(turn: Turn, event: Event) -> None:
    """Let the reminders recompute for this event, inside this message's transaction."""
    if turn.ctx.on_event_changed is not None:
        await turn.ctx.on_event_changed(turn.session, event.id, turn.now)


async def load_event(session: AsyncSession, event_id: int) -> Event | None:
    return await session.get(Event, event_id)


async def unit_to_change(turn: Turn, parsed: Any) -> tuple[Unit | None, list[Say]]:
    """The unit whose events the message would change, or (None, the reply saying why not)."""
    unit = await parsed_unit(turn, parsed)
    if unit is None:
        return None, [turn.reply("conversation/register/need_unit.j2")]
    if not turn.actor.may_change(unit.id):
        own = turn.actor.unit.name if turn.actor.unit else None
        return None, [turn.reply("conversation/rights/not_allowed.j2", unit=unit.name, own=own,
                                 role=turn.actor.role)]
    return unit, []
