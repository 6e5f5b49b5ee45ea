"""登记表: "填登记表" (or a reminder's prompt) opens the form for the unit's next event.

On submit the event becomes ``registered`` with its exact time and place, and the office is
asked to approve ("同意" / "不同意，原因…", see ``approval``).
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.forms import engine
from bot.forms.registration import registration_form
from bot.forms.spec import FormState
from bot.handlers import approval, choice, formflow
from bot.handlers.common import event_changed, event_view, kind_label, load_event, unit_to_change
from store.models import Event, RegistrationForm, Status
from store.repo import events_overlapping, update_event

FILLABLE = (Status.PLANNED, Status.SCHEDULED, Status.REGISTERED)
LOOK_AHEAD = timedelta(days=400)
DEFAULT_EMPTY = {"photo_count": 0, "has_video": False}  # column defaults, not answers


def spec_for(turn: Turn):
    p = turn.ctx.policy
    return registration_form(p.press_release_chars, p.min_questions, p.answer_chars)


def prefill(event: Event, row: RegistrationForm | None) -> dict[str, Any]:
    values: dict[str, Any] = {"host_unit": event.unit.name}
    if event.topic and event.topic != "待定":
        values["title"] = f"{event.topic}{kind_label(event.kind)}"
    if event.start_at:
        values["held_at"] = event.start_at.isoformat()
    if event.location:
        values["location"] = event.location
    drafted = formflow.row_values(registration_form(), row)
    drafted = {k: v for k, v in drafted.items() if DEFAULT_EMPTY.get(k, object()) != v}
    return {**values, **drafted}


async def start(turn: Turn) -> list[Say]:
    parsed = await turn.parsed()
    unit, refusal = await unit_to_change(turn, parsed)
    if unit is None:
        return refusal
    events = await _fillable(turn, unit.id)
    if not events:
        return [turn.reply("conversation/forms/registration/nothing.j2", unit=unit.name)]
    if len(events) > 1:
        options = [choice.Option(f"{v['kind']}：{v['topic']}，{v['when']}", "registration.begin", {"event_id": e.id})
                   for e, v in ((e, event_view(e, turn.tz)) for e in events[:9])]
        return await choice.offer(turn, "conversation/forms/registration/which.j2", options, unit=unit.name)
    return await formflow.begin(turn, BINDING, events[0])


async def begin_for(turn: Turn, args: dict[str, Any]) -> list[Say]:
    event = await load_event(turn.session, args["event_id"])
    if event is None or event.status not in FILLABLE:
        return [turn.reply("conversation/change/not_found.j2", unit=None, kind="活动")]
    return await formflow.begin(turn, BINDING, event)


async def _fillable(turn: Turn, unit_id: int) -> list[Event]:
    today = turn.now.date()
    events = await events_overlapping(turn.session, today, today + LOOK_AHEAD, unit_id=unit_id, statuses=FILLABLE)
    done = select(RegistrationForm.event_id).where(
        RegistrationForm.submitted_at.is_not(None), RegistrationForm.approval != "rejected")
    done_ids = set((await turn.session.execute(done)).scalars())
    return [e for e in events if e.id not in done_ids]


async def submit(turn: Turn, event: Event, row: RegistrationForm, state: FormState) -> list[Say]:
    row.submitted_at, row.approval, row.approval_opinion = turn.now, "pending", None
    row.submitted_by = turn.actor.person.id if turn.actor.person else None
    row.approved_by = row.approved_at = None
    changes = {"start_at": row.held_at, "location": row.location, "status": Status.REGISTERED}
    await update_event(turn.session, event, changes, **turn.actor_fields, note="提交登记表")
    await event_changed(turn, event)
    spec = spec_for(turn)
    view, summary = event_view(event, turn.tz), engine.summary(spec, state, for_office=True)
    said = [turn.reply("conversation/forms/registration/submitted.j2", event=view)]
    return said + await approval.request_chain(turn, event, summary)


async def office_summary(turn: Turn, event: Event) -> str:
    """The submitted form as the office reads it (asking a later step of the chain)."""
    spec = spec_for(turn)
    row = await formflow.form_row(turn, BINDING, event.id)
    values = formflow.row_values(spec, row)
    return engine.summary(spec, FormState(spec.name, "confirm", values), for_office=True)


async def resume(turn: Turn) -> list[Say]:
    return await formflow.resume(turn, BINDING)


BINDING = formflow.FormBinding(
    spec=spec_for, model=RegistrationForm, intro="conversation/forms/registration/intro.j2",
    prefill=prefill, submit=submit,
)
