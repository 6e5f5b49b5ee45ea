"""report and the 统计表: "发布会刚开完，来了8家媒体，记者提了5个问题" → the form, prefilled.

The event gives time, place, unit, topic and speaker; the message gives the counts (5 questions)
and how many media names to ask for (8). On 确认 the event becomes ``reported``.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.forms.spec import FormState
from bot.forms.statistics import PRINCIPAL_FIELDS, STATISTICS, counts_in_message
from bot.handlers import choice, formflow
from bot.handlers.common import event_changed, event_view, events_named, load_event, unit_to_change
from store.models import Event, StatisticsForm, Status
from store.repo import update_event

REPORTABLE = (Status.PLANNED, Status.SCHEDULED, Status.REGISTERED, Status.APPROVED, Status.HELD)
LOOK_BACK = timedelta(days=90)


def prefill(event: Event, row: StatisticsForm | None) -> dict[str, Any]:
    values: dict[str, Any] = {"kind": event.kind, "unit_name": event.unit.name}
    if event.topic and event.topic != "待定":
        values["topic"] = event.topic
    for name, value in (("held_at", event.start_at.isoformat() if event.start_at else None),
                        ("location", event.location), ("speaker", event.speaker)):
        if value:
            values[name] = value
    if event.subtype in ("网上访谈", "微视频访谈"):
        values["interview_form"] = event.subtype.removesuffix("访谈")
    values.update({name: getattr(event, name) for name in PRINCIPAL_FIELDS if getattr(event, name) is not None})
    return {**values, **formflow.row_values(STATISTICS, row)}


def from_message(text: str, kind: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(values, extra) said in the report message (see ``bot.forms.statistics.counts_in_message``)."""
    return counts_in_message(text, kind)


async def handle(turn: Turn) -> list[Say]:
    parsed = await turn.parsed()
    unit, refusal = await unit_to_change(turn, parsed)
    if unit is None:
        return refusal
    events = await reportable(turn, unit.id, parsed)
    if not events:
        return [turn.reply("conversation/forms/statistics/nothing.j2", unit=unit.name)]
    if len(events) > 1 and not _just_held(turn, events[0]):
        options = [choice.Option(f"{v['kind']}：{v['topic']}，{v['when']}", "report.begin",
                                 {"event_id": e.id, "text": turn.text})
                   for e, v in ((e, event_view(e, turn.tz)) for e in events[:9])]
        return await choice.offer(turn, "conversation/forms/statistics/which.j2", options, unit=unit.name)
    return await _begin(turn, events[0], turn.text)


async def begin_for(turn: Turn, args: dict[str, Any]) -> list[Say]:
    event = await load_event(turn.session, args["event_id"])
    if event is None or event.status not in REPORTABLE:
        return [turn.reply("conversation/change/not_found.j2", unit=None, kind="活动")]
    return await _begin(turn, event, args.get("text", ""))


async def _begin(turn: Turn, event: Event, text: str) -> list[Say]:
    values, extra = from_message(text, event.kind)
    return await formflow.begin(turn, BINDING, event, known=values, extra=extra)


async def reportable(turn: Turn, unit_id: int, parsed: Any) -> list[Event]:
    today = turn.now.date()
    events = await events_named(turn, getattr(parsed, "when", None), unit_id=unit_id,
                                kind=getattr(parsed, "kind", None), statuses=REPORTABLE,
                                otherwise=(today - LOOK_BACK, today), keep=lambda e: e.window_start <= today)
    return sorted(events, key=lambda e: (e.start_at.date() if e.start_at else e.window_start), reverse=True)


def _just_held(turn: Turn, event: Event) -> bool:
    """The most recent candidate is clearly the one meant: it took place today or yesterday."""
    if event.start_at is None:
        return False
    return (turn.now.date() - event.start_at.astimezone(turn.now.tzinfo).date()).days <= 1


async def submit(turn: Turn, event: Event, row: StatisticsForm, state: FormState) -> list[Say]:
    row.submitted_at = turn.now
    row.submitted_by = turn.actor.person.id if turn.actor.person else None
    changes: dict[str, Any] = {"status": Status.REPORTED}
    changes.update({name: state.values.get(name) for name in PRINCIPAL_FIELDS if name in state.values})
    if event.start_at is None and row.held_at is not None:
        changes["start_at"] = row.held_at
    await update_event(turn.session, event, changes, **turn.actor_fields, note="提交统计表")
    await event_changed(turn, event)
    return [turn.reply("conversation/forms/statistics/submitted.j2", event=event_view(event, turn.tz))]


async def resume(turn: Turn) -> list[Say]:
    return await formflow.resume(turn, BINDING)


BINDING = formflow.FormBinding(
    spec=lambda turn: STATISTICS, model=StatisticsForm, intro="conversation/forms/statistics/intro.j2",
    prefill=prefill, submit=submit,
)
