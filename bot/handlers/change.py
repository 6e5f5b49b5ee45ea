"""reschedule and cancel: "我局6月的发布会改到7月上旬", "我局5月那场发布会取消了".

The event is found by unit, old time, kind and topic; several candidates get a numbered choice.
A new time of day alone ("从上午改到下午三点") keeps the event's own day. Every change goes into the
history with who and which message. A postponement that ends more
than a month (policy) past the original window is accepted, and the office is told.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.conversation.actors import office_people, person_target
from bot.conversation.replies import Say, say
from bot.conversation.turn import Turn
from bot.handlers import change_record, choice
from bot.handlers.common import (
    OPEN_STATUSES,
    Window,
    event_changed,
    event_view,
    events_named,
    impossible_time,
    kind_label,
    load_event,
    unit_to_change,
    window_of,
)
from bot.nlp.commands import event_number
from store import rules
from store.models import Event, Status
from store.repo import update_event

LOOK_AHEAD = timedelta(days=400)  # no old time given: the unit's events from today on


async def handle(turn: Turn) -> list[Say]:
    parsed = await turn.parsed()
    op = "cancel" if parsed.route == "cancel" else "reschedule"
    new = window_of(getattr(parsed, "when", None), turn.now)
    number = event_number(turn.text)  # "编号57改到12月20日": the event the bot numbered, whoever asks
    unit, refusal = (None, []) if number is not None else await unit_to_change(turn, parsed)
    if unit is None and number is None:
        return refusal
    if op == "reschedule" and new is None:
        return [turn.reply("conversation/change/need_time.j2", wrong=impossible_time(turn))]
    args = {"op": op, "when": new.as_json() if new else None}
    if number is not None:
        return await apply(turn, {**args, "event_id": number})
    assert unit is not None
    candidates = await _candidates(turn, unit.id, parsed, new if op == "reschedule" else None)
    if not candidates:
        closed = await _closed(turn, unit.id, parsed)
        if closed is not None:  # "统计局原定8月中旬的发布会提前到8月上旬" of one already held
            return [turn.reply("conversation/change/not_open.j2", event=event_view(closed, turn.tz), op=op)]
        return [turn.reply("conversation/change/not_found.j2", unit=unit.name, kind=kind_label(parsed.kind), op=op)]
    if len(candidates) > 1:
        options = [choice.Option(label(e, turn.tz), "change.apply", {**args, "event_id": e.id})
                   for e in candidates[:9]]
        return await choice.offer(turn, "conversation/change/which.j2", options,
                                  op=op, unit=unit.name, count=len(candidates))
    return await apply(turn, {**args, "event_id": candidates[0].id})


def label(event: Event, tz: Any) -> str:
    view = event_view(event, tz)
    return f"{view['kind']}：{view['topic']}，{view['when']}"


async def _candidates(turn: Turn, unit_id: int, parsed: Any, new: Window | None) -> list[Event]:
    old = getattr(parsed, "old_when", None)
    if getattr(old, "clock_only", False):  # "从上午改到下午三点": 上午 names no day of the event
        old = None
    today = turn.now.date()
    topic = getattr(parsed, "topic", None)
    events = await events_named(turn, old, unit_id=unit_id, kind=getattr(parsed, "kind", None),
                                statuses=OPEN_STATUSES, otherwise=(today, today + LOOK_AHEAD),
                                prefer=(lambda e: topic in e.topic or e.topic in topic) if topic else None)
    if new is not None and old is None and len(events) > 1:
        # "改到5月下旬": an event already in that window is not the one being moved there
        events = [e for e in events if not _inside(e, new)] or events
    return events


async def _closed(turn: Turn, unit_id: int, parsed: Any) -> Event | None:
    """The held or cancelled event the message names, when it names one (no open one matched)."""
    old = getattr(parsed, "old_when", None)
    if old is None or getattr(old, "clock_only", False):
        return None  # only a time said names a past event; "改到…" alone is about what is ahead
    events = await events_named(turn, old, unit_id=unit_id, kind=getattr(parsed, "kind", None),
                                statuses=(*rules.HELD_STATUSES, Status.CANCELLED), otherwise=(turn.now.date(),) * 2)
    return events[0] if len(events) == 1 else None


def _inside(event: Event, window: Window) -> bool:
    return window.start <= event.window_start and event.window_end <= window.end


async def apply(turn: Turn, args: dict[str, Any]) -> list[Say]:
    event = await load_event(turn.session, args["event_id"])
    if event is None or event.status not in OPEN_STATUSES:
        return [turn.reply("conversation/change/not_found.j2", unit=None, kind="活动")]
    if not turn.actor.may_change(event.unit_id):
        return [turn.reply("conversation/rights/not_allowed.j2", unit=event.unit.name, own=None,
                           role=turn.actor.role)]
    if args["op"] == "cancel":
        return await _cancel(turn, event)
    return await _reschedule(turn, event, Window.from_json(args["when"]))


async def _cancel(turn: Turn, event: Event) -> list[Say]:
    # the reason is asked and the office told in writing (bot.handlers.change_record)
    return await change_record.cancel(turn, event)


async def _reschedule(turn: Turn, event: Event, new: Window) -> list[Say]:
    if new.clock_only and event.window_start == event.window_end:  # "改到下午三点": on the event's own day
        new = new.on_day(event.window_start)
    old_view, old_end = event_view(event, turn.tz), event.window_end
    changes: dict[str, Any] = {"window_start": new.start, "window_end": new.end, "window_text": new.text,
                               "start_at": new.start_at}
    if new.start_at and event.status == Status.PLANNED:
        changes["status"] = Status.SCHEDULED
    elif not new.start_at and event.status == Status.SCHEDULED:
        changes["status"] = Status.PLANNED
    late = rules.postponed_too_long(old_end, new.end, turn.ctx.policy.rules.postpone_limit_months)
    await update_event(turn.session, event, changes, **turn.actor_fields,
                       note="改期，超过原计划一个月以上" if late else "改期")
    await event_changed(turn, event)
    view = event_view(event, turn.tz)
    said = [turn.reply("conversation/change/rescheduled.j2", event=view, old=old_view, late=late)]
    if late:
        said += [say("conversation/change/late_office.j2", target=person_target(p), event=view, old=old_view,
                     actor=turn.actor.name) for p in await office_people(turn.session)
                  if p is not turn.actor.person]
    return said


