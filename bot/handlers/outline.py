"""“报访谈提纲” / “填访谈方案”: the short form of an online interview's plan and outline.

On submit the office is told; later than the rule's days (30) it is flagged with the lateness.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.conversation.actors import office_people, person_target
from bot.conversation.replies import Say, say
from bot.conversation.turn import Turn
from bot.forms import engine
from bot.forms.outline import outline_form
from bot.forms.spec import FormState
from bot.handlers import formflow
from bot.handlers.common import OPEN_STATUSES, event_changed, event_view, unit_to_change
from bot.procedure.config import Procedure
from store.models import Event, EventChange, InterviewOutline, Kind
from store.repo import events_overlapping

LOOK_AHEAD = timedelta(days=400)


def spec_for(turn: Turn):
    return outline_form()


def prefill(event: Event, row: InterviewOutline | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if event.subtype in ("网上访谈", "微视频访谈"):
        values["interview_form"] = event.subtype.removesuffix("访谈")
    if event.speaker:
        values["guests"] = [event.speaker]
    return {**values, **formflow.row_values(outline_form(), row)}




async def start(turn: Turn) -> list[Say]:
    unit, refusal = await unit_to_change(turn, await turn.parsed())
    if unit is None:
        return refusal
    today = turn.now.date()
    events = await events_overlapping(turn.session, today, today + LOOK_AHEAD, unit_id=unit.id,
                                      kind=Kind.ONLINE_INTERVIEW, statuses=OPEN_STATUSES)
    if not events:
        return [turn.reply("conversation/forms/outline/nothing.j2", unit=unit.name)]
    return await formflow.begin(turn, BINDING, events[0])


async def submit(turn: Turn, event: Event, row: InterviewOutline, state: FormState) -> list[Say]:
    person = turn.actor.person
    row.submitted_at, row.submitted_by = turn.now, person.id if person else None
    days = (turn.ctx.procedure or Procedure()).outline_days
    left = (event.start_at.astimezone(turn.tz).date() if event.start_at else event.window_start) - turn.now.date()
    late = max(0, days - left.days)
    fact = f"访谈方案和提纲已报送（距上线{left.days}天）" + (f"，晚{late}天" if late else "")
    turn.session.add(EventChange(event_id=event.id, at=turn.now, person_id=person.id if person else None,
                                 actor=turn.actor.name, field="outline", old_value=None, new_value=fact,
                                 inbound_id=turn.inbound.id))
    await turn.session.flush()
    await event_changed(turn, event)  # the outline_due reminder is no longer due
    view = event_view(event, turn.tz)
    summary = engine.summary(outline_form(), state, for_office=True)
    said = [turn.reply("conversation/forms/outline/submitted.j2", event=view)]
    said += [say("conversation/forms/outline/to_office.j2", target=person_target(p), event=view, summary=summary,
                 actor=turn.actor.name, late=late, days=days, days_left=left.days)
             for p in await office_people(turn.session)]
    return said


BINDING = formflow.FormBinding(spec=spec_for, model=InterviewOutline, intro="conversation/forms/outline/intro.j2",
                               prefill=prefill, submit=submit)
