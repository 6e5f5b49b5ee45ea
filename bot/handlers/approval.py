"""The office decides by chat: "同意" / "不同意，原因…" on a 登记表 or on a person asking to join.

With one thing waiting the answer applies to it; with several the office picks by number.
The liaison (or the new person) is told the result and the opinion.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.conversation.actors import person_target
from bot.conversation.replies import Say, say
from bot.conversation.turn import Turn
from bot.handlers import choice
from bot.handlers.common import event_changed, event_view, load_event
from bot.nlp.intents import verdict
from store.models import Person, RegistrationForm, Status
from store.repo import update_event


async def for_office(turn: Turn) -> bool:
    """Only the office's "同意" is a verdict; anyone else's is an ordinary message."""
    return turn.actor.is_office


async def handle(turn: Turn) -> list[Say]:
    approved, opinion = verdict(turn.text) or (False, None)
    if not approved and not opinion:
        return [turn.reply("conversation/approval/need_reason.j2")]
    items = await _pending(turn)
    if not items:
        return [turn.reply("conversation/approval/nothing.j2")]
    args = {"approved": approved, "opinion": opinion}
    if len(items) == 1:
        return await apply(turn, {**args, **items[0].args})
    options = [choice.Option(o.label, o.action, {**args, **o.args}) for o in items[:9]]
    return await choice.offer(turn, "conversation/approval/which.j2", options, approved=approved)


async def _pending(turn: Turn) -> list[choice.Option]:
    forms = (await turn.session.execute(
        select(RegistrationForm).where(RegistrationForm.submitted_at.is_not(None),
                                       RegistrationForm.approval == "pending")
        .order_by(RegistrationForm.submitted_at))).scalars()
    items = []
    for form in forms:
        event = await load_event(turn.session, form.event_id)
        if event is None:
            continue
        view = event_view(event, turn.tz)
        items.append(choice.Option(f"登记表：{view['unit']}《{view['topic']}》{view['when']}", "approval.apply",
                                   {"what": "registration", "id": form.id}))
    people = (await turn.session.execute(
        select(Person).where(Person.active.is_(False)).order_by(Person.id))).scalars()
    for person in people:
        unit = person.unit.name if person.unit else "未知单位"
        items.append(choice.Option(f"人员：{unit}联络员 {person.name}", "approval.apply",
                                   {"what": "person", "id": person.id}))
    return items


async def apply(turn: Turn, args: dict[str, Any]) -> list[Say]:
    if args["what"] == "person":
        return await _decide_person(turn, args)
    return await _decide_registration(turn, args)


async def _decide_registration(turn: Turn, args: dict[str, Any]) -> list[Say]:
    form = await turn.session.get(RegistrationForm, args["id"])
    event = await load_event(turn.session, form.event_id) if form is not None else None
    if form is None or event is None or form.approval != "pending":
        return [turn.reply("conversation/approval/nothing.j2")]
    approved, opinion = args["approved"], args["opinion"]
    form.approval = "approved" if approved else "rejected"
    form.approval_opinion = opinion or ("同意" if approved else None)
    form.approved_by = turn.actor.person.id if turn.actor.person else None
    form.approved_at = turn.now
    status = Status.APPROVED if approved else Status.SCHEDULED  # rejected: the form is to be filled again
    await update_event(turn.session, event, {"status": status}, **turn.actor_fields,
                       note=f"登记表{'通过' if approved else '未通过'}：{form.approval_opinion or ''}")
    await event_changed(turn, event)
    view = event_view(event, turn.tz)
    said = [turn.reply("conversation/approval/done.j2", event=view, approved=approved, opinion=opinion)]
    submitter = await turn.session.get(Person, form.submitted_by) if form.submitted_by else None
    if submitter is not None and submitter is not turn.actor.person:
        said.append(say("conversation/approval/result_registration.j2", target=person_target(submitter),
                        event=view, approved=approved, opinion=opinion, office=turn.actor.name))
    return said


async def _decide_person(turn: Turn, args: dict[str, Any]) -> list[Say]:
    person = await turn.session.get(Person, args["id"])
    if person is None or person.active:
        return [turn.reply("conversation/approval/nothing.j2")]
    approved, opinion = args["approved"], args["opinion"]
    unit = person.unit.name if person.unit else "未知单位"
    told = say("conversation/approval/result_person.j2", target=person_target(person),
               approved=approved, opinion=opinion, unit=unit, name=person.name)
    if approved:
        person.active = True
    else:
        await turn.session.delete(person)  # may ask again later
    return [turn.reply("conversation/approval/person_done.j2", approved=approved, name=person.name, unit=unit),
            told]
