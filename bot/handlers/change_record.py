"""Changes on record: a cancellation or a new topic is explained to the office, in one question.

"我局5月那场发布会取消了" → "请用一句话说明原因" → "因主要负责同志另有公务" → cancelled, the history
row keeps who, when and why, and the office (and the roles the deployment copies, 宣传部 by
default) gets the explanation in writing. "…主题改成…" / "换个主题：…" go the same way. A reason
already in the message ("…取消了，因为…") is taken as the answer, so nothing is asked.

Time changes are not told one by one: they are filed (备案) in the office's daily digest
(``bot.reminders.periodic.time_changes_filed``).

Routing: ``matches``/``change_topic`` for a topic change, ``cancel`` from ``change.apply``,
``resume`` for an open state of form ``FORM``, ``topic_for`` as the choice action
``change_record.topic``.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from bot.conversation.actors import person_target
from bot.conversation.replies import Say, say
from bot.conversation.turn import Turn
from bot.handlers import choice
from bot.handlers.common import (
    OPEN_STATUSES,
    event_changed,
    event_view,
    events_named,
    kind_label,
    load_event,
    unit_to_change,
)
from bot.nlp.intent_words import TOPIC_CHANGE
from bot.timefmt import format_exact
from store import rules
from store.models import Event, Status
from store.people import people_in_roles
from store.repo import update_event

FORM = "change_reason"  # ConversationState.form while the reason is asked
STEP = "reason"
CANCEL, TOPIC = "cancel", "topic"
LOOK_AHEAD = timedelta(days=400)
MIN_REASON, MAX_REASON = 2, 300

REASON = re.compile(r"(?:因为|由于|原因(?:是|为)?[:：]?)\s*(?P<reason>[^。！!]{2,300})")
QUOTES = "「」“”\"'《》 ：:，,。"


def topic_in(text: str) -> tuple[str, str | None]:
    """(what comes before, the new topic) of "我局5月的发布会主题改成：X，因为…"; topic None if none."""
    for pattern in TOPIC_CHANGE:
        m = pattern.search(text)
        if m:
            topic = REASON.split(m.group("topic"), maxsplit=1)[0]
            topic = topic.strip().strip(QUOTES).strip()
            return text[:m.start()], topic or None
    return text, None


def reason_in(text: str) -> str | None:
    m = REASON.search(text)
    return m.group("reason").strip(" ，,。") if m else None




async def change_topic(turn: Turn) -> list[Say]:
    """"我局5月的发布会主题改成：X": find the event, then ask why (unless the message says it)."""
    head, topic = topic_in(turn.text)
    if not topic:
        return [turn.reply("conversation/change/need_topic.j2")]
    parsed = await _parse(turn, head)
    unit, refusal = await unit_to_change(turn, parsed)
    if unit is None:
        return refusal
    events = await _candidates(turn, unit.id, parsed)
    if not events:
        return [turn.reply("conversation/change/not_found.j2", unit=unit.name, kind=kind_label(parsed.kind))]
    if len(events) > 1:
        options = [choice.Option(_label(e, turn), "change_record.topic", {"event_id": e.id, "topic": topic,
                                                                           "text": turn.text})
                   for e in events[:9]]
        return await choice.offer(turn, "conversation/change/which.j2", options, op=TOPIC, unit=unit.name,
                                  count=len(events))
    return await _ask_or_apply(turn, events[0], TOPIC, {"topic": topic}, turn.text)


async def topic_for(turn: Turn, args: dict[str, Any]) -> list[Say]:
    """The choice action ``change_record.topic``: the event was picked from a list."""
    event = await _open_event(turn, args["event_id"])
    if event is None:
        return [turn.reply("conversation/change/not_found.j2", unit=None, kind="活动")]
    return await _ask_or_apply(turn, event, TOPIC, {"topic": args["topic"]}, args.get("text", ""))


async def cancel(turn: Turn, event: Event) -> list[Say]:
    """Called by ``change.apply`` for a cancellation: the reason first."""
    return await _ask_or_apply(turn, event, CANCEL, {}, turn.text)


# Routes that are requests of their own: such a message is not the reason asked for.
NOT_A_REASON = ("query.", "form.", "help", "export", "dashboard", "register", "reschedule", "cancel", "report")


async def resume(turn: Turn) -> list[Say] | None:
    """The answer to "请说明原因"; None when the message asks or orders something else instead
    (the change is dropped, said so, and the message is handled as it is)."""
    assert turn.state is not None
    data = dict(turn.state.data)
    if await _asks_something_else(turn):
        await turn.clear()
        turn.notes.append(turn.reply("conversation/change/reason_dropped.j2", op=data.get("op")))
        return None
    reason = turn.text.strip().strip("。")
    if len(reason) < MIN_REASON or len(reason) > MAX_REASON:
        return [turn.reply("conversation/change/reason_length.j2", low=MIN_REASON, high=MAX_REASON)]
    await turn.clear()
    event = await _open_event(turn, data["event_id"])
    if event is None:
        return [turn.reply("conversation/change/not_found.j2", unit=None, kind="活动")]
    return await _apply(turn, event, data["op"], data, reason)


async def _asks_something_else(turn: Turn) -> bool:
    from bot.nlp.intents import is_question

    if is_question(turn.text):
        return True
    parsed = await turn.parsed()
    return bool(parsed.sure and parsed.route.startswith(NOT_A_REASON))


async def _ask_or_apply(turn: Turn, event: Event, op: str, data: dict[str, Any], text: str) -> list[Say]:
    reason = reason_in(text)
    if reason:
        return await _apply(turn, event, op, data, reason)
    await turn.save(FORM, STEP, {"op": op, "event_id": event.id, **data}, event_id=event.id)
    return [turn.reply("conversation/change/ask_reason.j2", op=op, event=event_view(event, turn.tz),
                       topic=data.get("topic"), by_office=turn.actor.is_office)]


async def _apply(turn: Turn, event: Event, op: str, data: dict[str, Any], reason: str) -> list[Say]:
    if not turn.actor.may_change(event.unit_id):
        return [turn.reply("conversation/rights/not_allowed.j2", unit=event.unit.name, own=None)]
    before = event_view(event, turn.tz)
    if op == CANCEL:
        changes: dict[str, Any] = {"status": Status.CANCELLED}
        note = "取消"
    else:
        changes, note = {"topic": data["topic"]}, "更换主题"
    await update_event(turn.session, event, changes, **turn.actor_fields, note=note, reason=reason)
    await event_changed(turn, event)
    after = event_view(event, turn.tz)
    notices, copied = await _notices(turn, op, before, after, reason)
    done = "conversation/change/cancelled_filed.j2" if op == CANCEL else "conversation/change/topic_changed.j2"
    return [turn.reply(done, event=after, old=before, reason=reason, copied=copied, by_office=turn.actor.is_office),
            *notices]


async def _notices(turn: Turn, op: str, before: dict, after: dict, reason: str) -> tuple[list[Say], list[str]]:
    """The written explanation to the office and the copied roles; and who was copied, by role name."""
    template = "conversation/change/office_cancelled.j2" if op == CANCEL else "conversation/change/office_topic.j2"
    copy = turn.ctx.policy.rules.change_copy_roles
    roles = (*rules.OFFICE_ROLES, *copy)
    me = turn.actor.person.id if turn.actor.person else None
    people = [p for p in await people_in_roles(turn.session, roles) if p.id != me]
    copied = sorted({rules.ROLE_NAMES.get(p.role, p.role) for p in people if p.role in copy})
    at = format_exact(turn.now, turn.tz)
    said = [say(template, target=person_target(p), event=after, old=before, reason=reason, actor=turn.actor.name,
                at=at) for p in people]
    return said, copied


async def _parse(turn: Turn, head: str) -> Any:
    """The event is named before "主题改成"; times in the new topic or the reason are not its time."""
    units = await turn.ctx.unit_directory(turn.session)
    own = turn.actor.unit.name if turn.actor.unit else None
    return turn.ctx.parser()(head, now=turn.now, sender_unit=own, units=units)


async def _open_event(turn: Turn, event_id: int) -> Event | None:
    event = await load_event(turn.session, event_id)
    return event if event is not None and event.status in OPEN_STATUSES else None


async def _candidates(turn: Turn, unit_id: int, parsed: Any) -> list[Event]:
    today = turn.now.date()
    return await events_named(turn, getattr(parsed, "old_when", None) or getattr(parsed, "when", None),
                              unit_id=unit_id, kind=getattr(parsed, "kind", None), statuses=OPEN_STATUSES,
                              otherwise=(today, today + LOOK_AHEAD))


def _label(event: Event, turn: Turn) -> str:
    view = event_view(event, turn.tz)
    return f"{view['kind']}：{view['topic']}，{view['when']}"
