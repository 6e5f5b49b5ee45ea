"""Answers to a reminder or a confirmation: "已召开", "改期到5月8日", "定在12月18日下午3点", "取消", "好的".

The context is the person's last message from the bot: when that was a reminder about an event
(a ``Reminder`` row sent to this person, linked to its outbox row) and the person has written
nothing to the bot since, a reply that does not name an event itself acts on the reminder's
event. A merged reminder about several events asks which one first; a digest about no event
(the Monday overview) is no context. When it was the confirmation of a registration or a change
("已登记（编号 N）…", "已改期…": the person's previous message in this chat created the event or
set its time, and the bot has said nothing to them since), a bare "改到下周四", "定在…", "取消" or
"不办了" acts on that event; a message that names a unit or a topic, or holds an event of its own
("…召开就业发布会"), is read as it stands. Questions the bot asks in
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
from bot.handlers.common import (
    OPEN_STATUSES,
    event_view,
    impossible_time,
    load_event,
    open_state,
    reparse,
    use_parse,
    window_of,
)
from bot.nlp import normalize
from bot.nlp.commands import event_number
from bot.nlp.intent_words import ACKNOWLEDGE
from bot.nlp.intents import greeting_kind, holds_an_event, is_question
from store.models import Event, EventChange, InboundMessage, Reminder, Status
from store.repo import events_overlapping

FORM = "in_reply"

REPLY_WINDOW = timedelta(days=3)  # a reminder older than this is no longer what a short reply answers
ROUTES = ("report", "reschedule", "cancel", "greeting")
OWN_EVENT_ROUTES = ("report", "reschedule", "cancel")  # without a reminder: which of the sender's events
# What a message may have been read as before the reminder is known: "定在4月28日下午3点" reads
# as a new registration, "已召开" as nothing at all.
MAYBE_REPLIES = (*ROUTES, "register", "other")
ANSWERABLE = (*OPEN_STATUSES, Status.HELD)
# After a confirmation only a move or a cancel is a reply ("好的" is just thanks, "已召开" no answer
# to "已登记"); the changes that make a confirmation: the event created, or its time set.
AFTER_CONFIRMATION = ("reschedule", "cancel")
CONFIRMING_FIELDS = ("created", "window_start", "window_end", "start_at")


async def events_in_context(turn: Turn, about: Any, plain: Any = None) -> list[Event]:
    """The events a short reply acts on: the reminder's, else the one the bot just confirmed.
    ``about`` is the message read as a reply, ``plain`` as it reads on its own (None: not known)."""
    events = await events_asked_about(turn)
    if events or about.route not in AFTER_CONFIRMATION or not await _bare(turn, about, plain):
        return events
    return await events_just_confirmed(turn)


async def _bare(turn: Turn, about: Any, plain: Any) -> bool:
    """A follow-up that names nothing itself: no unit ("卫健委的访谈暂不安排了" finds its event on its
    own), no topic, and does not hold an event ("我局定于6月10日召开发布会" is another one)."""
    norm = normalize(turn.text)
    if getattr(about, "topic", None) or (plain is not None and plain.route == "register" and holds_an_event(norm)):
        return False
    return not (await turn.ctx.unit_directory(turn.session)).find(norm)


async def events_just_confirmed(turn: Turn) -> list[Event]:
    """The events the person's previous message created or moved, when it was written in this chat
    and the bot's confirmation of it is its last word to them (nothing written elsewhere since, no
    reminder since), within ``REPLY_WINDOW``."""
    previous = (await turn.session.execute(
        select(InboundMessage.id, InboundMessage.received_at, InboundMessage.chat_id)
        .where(InboundMessage.user_id == turn.incoming.user_id,  # on any of the platform's ways in, as _wrote_since
               InboundMessage.id != turn.inbound.id, InboundMessage.received_at <= turn.inbound.received_at)
        .order_by(InboundMessage.received_at.desc(), InboundMessage.id.desc()).limit(1))).first()
    if (previous is None or previous.chat_id != turn.inbound.chat_id
            or previous.received_at < turn.now - REPLY_WINDOW or await _reminded_since(turn, previous)):
        return []
    ids = (await turn.session.execute(
        select(EventChange.event_id).where(EventChange.inbound_id == previous.id,
                                           EventChange.field.in_(CONFIRMING_FIELDS)).distinct())).scalars()
    events = [await load_event(turn.session, event_id) for event_id in ids]
    return sorted((e for e in events if e is not None and e.status in OPEN_STATUSES), key=lambda e: e.id)


async def _reminded_since(turn: Turn, previous: Any) -> bool:
    person = turn.actor.person
    if person is None:
        return False
    later = (await turn.session.execute(
        select(Reminder.id).where(Reminder.recipient_id == person.id, Reminder.status == "sent",
                                  Reminder.sent_at >= previous.received_at).limit(1))).first()
    return later is not None


async def events_asked_about(turn: Turn) -> list[Event]:
    """The events of the reminder that is the bot's last word to this person, else []."""
    person = turn.actor.person
    if person is None:
        return []
    last = (await turn.session.execute(
        select(Reminder.outbox_id, Reminder.sent_at)
        .where(Reminder.recipient_id == person.id, Reminder.status == "sent",
               Reminder.sent_at >= turn.now - REPLY_WINDOW)
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
    return latest is not None and latest >= sent_at  # the same instant: the reminder came first


def may_be_reply(parsed: Any, text: str = "") -> bool:
    """Read as an answer to a reminder, the message is one, and names no event of its own (an old
    time); a hello ("你好") greets, it does not acknowledge the reminder as "好的" or "收到" does."""
    if parsed.route == "greeting" and greeting_kind(text) == "hello" and not ACKNOWLEDGE.search(text):
        return False
    return parsed.route in ROUTES and parsed.sure and parsed.old_when is None and not parsed.co_units


def names_no_event(parsed: Any, events: list[Event], text: str = "") -> bool:
    """The message names no unit other than the reminder's, and no event by another number
    ("编号57改到12月20日" after a reminder about 36 is about 57)."""
    units = {e.unit.name for e in events} | {u.name for e in events for u in e.co_units}
    number = event_number(text)
    return (parsed.unit is None or parsed.unit in units) and (number is None or number in {e.id for e in events})


async def answer(turn: Turn, events: list[Event], parsed: Any) -> list[Say]:
    """Act on the reminder's event (asking which one when the reminder named several)."""
    new = window_of(parsed.when, turn.now)
    args = {"route": parsed.route, "when": new.as_json() if new else None, "text": turn.text}
    number = event_number(turn.text)  # "编号58取消": that one of the reminder's events
    events = [e for e in events if e.id == number] or events
    if len(events) > 1:
        options = [choice.Option(change.label(e, turn.tz), "in_reply.apply", {**args, "event_id": e.id})
                   for e in events[:9]]
        return await choice.offer(turn, "conversation/in_reply/which.j2", options, text=turn.text)
    return await apply(turn, {**args, "event_id": events[0].id})


OWN_LOOK_BACK = timedelta(days=92)  # an open event whose time passed lately is the likeliest to move


async def ask_which_own(turn: Turn, about: Any) -> list[Say] | None:
    """"改期到12月8日", "已召开" with no reminder or confirmation to answer: which of the sender's
    unit's events it means, asked even when there is one (nothing changes until a number is
    picked); None when the sender has no unit."""
    unit = turn.actor.unit
    if unit is None:
        return None
    today = turn.now.date()
    if about.route == "report":
        events = await report.reportable(turn, unit.id, about)
    else:
        found = await events_overlapping(turn.session, today - OWN_LOOK_BACK, today + change.LOOK_AHEAD,
                                         unit_id=unit.id, statuses=OPEN_STATUSES, with_co_units=True)
        events = sorted(found, key=lambda e: abs((e.window_start - today).days))
    if not events:  # its handler says there is none
        use_parse(turn, about)
        return await (report.handle if about.route == "report" else change.handle)(turn)
    new = window_of(about.when, turn.now)
    args = {"route": about.route, "when": new.as_json() if new else None, "text": turn.text}
    options = [choice.Option(change.label(e, turn.tz), "in_reply.apply", {**args, "event_id": e.id})
               for e in events[:9]]
    return await choice.offer(turn, "conversation/in_reply/which_own.j2", options, text=turn.text, unit=unit.name)


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
    return [turn.reply("conversation/in_reply/need_time.j2", event=event_view(event, turn.tz),
                       wrong=impossible_time(turn))]


async def resume(turn: Turn) -> list[Say] | None:
    """The answer to "改到什么时候？": a time moves the event; anything else is a new message."""
    event_id = open_state(turn).data.get("event_id")
    about = await reparse(turn, about_event=True)
    answers = about.route not in ("cancel", "report") and not is_question(normalize(turn.text))
    new = window_of((await reparse(turn, route="register")).when, turn.now) if answers else None
    await turn.clear()
    use_parse(turn, None)  # read afresh, without the hints, if this is no answer
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
