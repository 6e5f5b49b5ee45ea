"""Answers to a reminder: "已召开", "改期到5月8日", "定在12月18日下午3点", "取消", "好的".

The context is the person's last message from the bot: when that was a reminder about an event
(a ``Reminder`` row sent to this person, linked to its outbox row) and the person has written
nothing to the bot since, a reply that does not name an event itself acts on the reminder's
event. A merged reminder about several events asks which one first. Questions the bot asks in
chat ("确认取消…？", "哪一场？") are numbered choices that carry their event already. Without such
a context the same words keep their usual meaning.

A cancel asks "确认取消…？" once before cancelling: the word alone is easily meant for something else.
"改期" without a date asks for it; the next message that gives a time (and asks nothing) moves the
event (state ``in_reply``/``when``, holding the event id); anything else is understood afresh.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.handlers import change, choice, report
from bot.handlers.common import OPEN_STATUSES, event_view, load_event, open_state, reparse, window_of
from bot.nlp import normalize
from bot.nlp.intents import is_question
from store.models import Event, InboundMessage, Reminder, Status

FORM = "in_reply"

REPLY_WINDOW = timedelta(days=3)  # a reminder older than this is no longer what a short reply answers
ROUTES = ("report", "reschedule", "cancel", "greeting")
# What a message may have been read as before the reminder is known: "定在4月28日下午3点" reads
# as a new registration, "已召开" as nothing at all.
MAYBE_REPLIES = (*ROUTES, "register", "other")
ANSWERABLE = (*OPEN_STATUSES, Status.HELD)


async def events_asked_about(turn: Turn) -> list[Event]:
    """The events of the reminder that is the bot's last word to this person, else []."""
    person = turn.actor.person
    if person is None:
        return []
    last = (await turn.session.execute(
        select(Reminder.outbox_id, Reminder.sent_at)
        .where(Reminder.recipient_id == person.id, Reminder.status == "sent",
               Reminder.sent_at >= turn.now - REPLY_WINDOW, Reminder.event_id.is_not(None))
        .order_by(Reminder.sent_at.desc(), Reminder.id.desc()).limit(1))).first()
    if last is None or await _wrote_since(turn, last.sent_at):
        return []
    ids = (await turn.session.execute(
        select(Reminder.event_id).where(Reminder.outbox_id == last.outbox_id, Reminder.recipient_id == person.id)
        .distinct())).scalars()
    events = [await load_event(turn.session, event_id) for event_id in ids if event_id is not None]
    return sorted((e for e in events if e is not None and e.status in ANSWERABLE), key=lambda e: e.id)


async def _wrote_since(turn: Turn, sent_at: Any) -> bool:
    """The person wrote to the bot after the reminder: the bot's last word was its answer."""
    latest = (await turn.session.execute(
        select(func.max(InboundMessage.received_at))
        .where(InboundMessage.user_id == turn.incoming.user_id, InboundMessage.id != turn.inbound.id))).scalar()
    return latest is not None and latest > sent_at


def may_be_reply(parsed: Any) -> bool:
    """Read as an answer to a reminder, the message is one, and names no event of its own (an old time)."""
    return parsed.route in ROUTES and parsed.sure and parsed.old_when is None and not parsed.co_units


def names_no_event(parsed: Any, events: list[Event]) -> bool:
    """The message names no unit other than the reminder's."""
    units = {e.unit.name for e in events} | {u.name for e in events for u in e.co_units}
    return parsed.unit is None or parsed.unit in units


async def answer(turn: Turn, events: list[Event], parsed: Any) -> list[Say]:
    """Act on the reminder's event (asking which one when the reminder named several)."""
    new = window_of(parsed.when, turn.now)
    args = {"route": parsed.route, "when": new.as_json() if new else None, "text": turn.text}
    if len(events) > 1:
        options = [choice.Option(change.label(e, turn.tz), "in_reply.apply", {**args, "event_id": e.id})
                   for e in events[:9]]
        return await choice.offer(turn, "conversation/in_reply/which.j2", options, text=turn.text)
    return await apply(turn, {**args, "event_id": events[0].id})


async def apply(turn: Turn, args: dict[str, Any]) -> list[Say]:
    event = await load_event(turn.session, args["event_id"])
    if event is None or event.status not in ANSWERABLE:
        return [turn.reply("conversation/change/not_found.j2", unit=None, kind="活动")]
    route = args["route"]
    if route == "report":
        return await report.begin_for(turn, {"event_id": event.id, "text": args["text"]})
    if route == "cancel":
        return await confirm_cancel(turn, event)
    if route == "reschedule":
        if args["when"] is None:
            return await ask_time(turn, event)
        return await change.apply(turn, {"op": "reschedule", "when": args["when"], "event_id": event.id})
    return [turn.reply("conversation/in_reply/noted.j2", event=event_view(event, turn.tz))]


async def ask_time(turn: Turn, event: Event) -> list[Say]:
    await turn.save(FORM, "when", {"event_id": event.id}, event_id=event.id)
    return [turn.reply("conversation/in_reply/need_time.j2", event=event_view(event, turn.tz))]


async def resume(turn: Turn) -> list[Say] | None:
    """The answer to "改到什么时候？": a time moves the event; anything else is a new message."""
    event_id = open_state(turn).data.get("event_id")
    about = await reparse(turn, about_event=True)
    answers = about.route not in ("cancel", "report") and not is_question(normalize(turn.text))
    new = window_of((await reparse(turn, route="register")).when, turn.now) if answers else None
    await turn.clear()
    turn._parsed = None  # read afresh, without the hints, if this is no answer
    if new is None:
        return None
    return await change.apply(turn, {"op": "reschedule", "when": new.as_json(), "event_id": event_id})


async def confirm_cancel(turn: Turn, event: Event) -> list[Say]:
    options = [choice.Option("确认取消", "change.apply", {"op": "cancel", "when": None, "event_id": event.id}),
               choice.Option("不取消，保留这场", "in_reply.keep", {"event_id": event.id})]
    return await choice.offer(turn, "conversation/in_reply/confirm_cancel.j2", options,
                              event=event_view(event, turn.tz))


async def keep(turn: Turn, args: dict[str, Any]) -> list[Say]:
    event = await load_event(turn.session, args["event_id"])
    if event is None:
        return [turn.reply("conversation/change/not_found.j2", unit=None, kind="活动")]
    return [turn.reply("conversation/in_reply/kept.j2", event=event_view(event, turn.tz))]
