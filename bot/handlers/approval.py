"""Approval by chat, step by step: "同意" / "同意，意见…" / "不同意，原因…" / "转交 姓名".

A submitted 登记表 starts the event's chain (``bot.procedure.chain``, steps from ``[approval]``):
each step is asked of its people with the form's summary, a copy step is only told, and the
liaison hears the outcome. A step that checks confidentiality needs its confirmation
("同意，已核查保密"). The office also confirms people asking to join ("同意" on a person).
With several things waiting the answer applies to one picked by number.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.conversation.actors import office_people, person_target
from bot.conversation.replies import Say, say
from bot.conversation.turn import Turn
from bot.handlers import choice
from bot.handlers.common import event_changed, event_view, load_event
from bot.handlers.registration_view import office_summary
from bot.nlp.intent_words import FORWARD, VERDICT_EVENT
from bot.nlp.intents import verdict
from bot.procedure import chain
from bot.procedure.config import Procedure
from store.models import ApprovalStep, Event, EventChange, Person, RegistrationForm, Role, Status
from store.repo import update_event


def procedure(turn: Turn) -> Procedure:
    return turn.ctx.procedure or Procedure()


async def may_answer(turn: Turn) -> bool:
    """A verdict is the office's, a leader's (told when nothing waits) or of whoever a step waits for;
    anyone else's "同意" is an ordinary message."""
    if turn.actor.is_office or turn.actor.role == Role.DIRECTOR:
        return True
    return bool(await chain.pending_for(turn.session, turn.actor.person))


async def handle(turn: Turn) -> list[Say]:
    forward = FORWARD.match(turn.text.strip())
    if forward:
        return await _offer(turn, {"forward_to": forward.group(1)}, approved=True)
    approved, opinion = verdict(turn.text) or (False, None)
    named = VERDICT_EVENT.match(opinion or "")
    if named:  # "批准编号60": that event's step; the rest is the opinion
        opinion = opinion[named.end():].strip() or None  # type: ignore[index]
    if not approved and not opinion:
        return [turn.reply("conversation/approval/need_reason.j2")]
    return await _offer(turn, {"approved": approved, "opinion": opinion}, approved=approved,
                        event_id=int(named["id"]) if named else None)


async def _offer(turn: Turn, args: dict[str, Any], *, approved: bool, event_id: int | None = None) -> list[Say]:
    items = await _pending(turn, people=("forward_to" not in args and event_id is None))
    if event_id is not None:
        items = [o for o in items if o.args.get("event_id") == event_id]
        if not items:
            return [turn.reply("conversation/approval/not_waiting.j2", number=event_id)]
    if not items:
        return [turn.reply("conversation/approval/nothing.j2")]
    if len(items) == 1:
        return await apply(turn, {**args, **items[0].args})
    options = [choice.Option(o.label, o.action, {**args, **o.args}) for o in items[:9]]
    return await choice.offer(turn, "conversation/approval/which.j2", options, approved=approved)


async def _pending(turn: Turn, *, people: bool) -> list[choice.Option]:
    items = []
    for step in await chain.pending_for(turn.session, turn.actor.person):
        event = await load_event(turn.session, step.event_id)
        if event is None:
            continue
        view = event_view(event, turn.tz)
        items.append(choice.Option(f"登记表（{step.name}）：{view['unit']}《{view['topic']}》{view['when']}",
                                   "approval.apply", {"what": "step", "id": step.id, "event_id": step.event_id}))
    if people and turn.actor.is_office:
        query = select(Person).where(Person.active.is_(False)).order_by(Person.id)
        for person in (await turn.session.execute(query)).scalars():
            unit = person.unit.name if person.unit else "未知单位"
            items.append(choice.Option(f"人员：{unit}联络员 {person.name}", "approval.apply",
                                       {"what": "person", "id": person.id}))
    return items


async def apply(turn: Turn, args: dict[str, Any]) -> list[Say]:
    if args["what"] == "person":
        return await _decide_person(turn, args)
    step = await turn.session.get(ApprovalStep, args["id"])
    person = turn.actor.person
    if step is None or step.status != chain.PENDING or person is None or person.id not in step.assignees:
        return [turn.reply("conversation/approval/nothing.j2")]
    event = await load_event(turn.session, step.event_id)
    assert event is not None
    if "forward_to" in args:
        return await _forward(turn, event, step, args["forward_to"])
    if args["approved"] and step.confidentiality and not chain.confirms_confidentiality(args["opinion"]):
        return [turn.reply("conversation/approval/need_confidentiality.j2", step=step.name)]
    return await _decide_step(turn, event, step, args["approved"], args["opinion"])


# -- starting and moving the chain ----------------------------------------------------------
async def request_chain(turn: Turn, event: Event, summary: str) -> list[Say]:
    """A submitted 登记表: a new round, its first step asked; a late filing flagged to the office."""
    proc = procedure(turn)
    steps = await chain.start_round(turn.session, event, proc.approval)
    said = await _move_on(turn, event, steps, summary)
    return said + await _flag_late(turn, event, proc)


async def _move_on(turn: Turn, event: Event, steps: list[ApprovalStep], summary: str | None) -> list[Say]:
    moved = chain.advance(steps, turn.now)
    view, total = event_view(event, turn.tz), len(steps)
    said: list[Say] = []
    for step in moved.informed:
        turn.session.add(chain.history(event, step, what="已抄送", **_who(turn)))
        for person in await _people(turn, step):
            said.append(say("conversation/approval/copy.j2", target=person_target(person), event=view,
                            step=step.name, summary=summary or ""))
    if moved.asked is not None:
        said += await _ask(turn, event, moved.asked, total, summary)
    if moved.done:
        said += await _finish(turn, event, steps)
    return said


async def _ask(turn: Turn, event: Event, step: ApprovalStep, total: int, summary: str | None) -> list[Say]:
    if summary is None:
        summary = await office_summary(turn, event)
    view = event_view(event, turn.tz)
    done = [chain.stamp(s) for s in await chain.steps_of(turn.session, event.id, step.round)
            if s.seq < step.seq and s.mode != "copy"]
    people = await _people(turn, step)
    if not people:  # nobody to ask: the office must know, or the chain waits forever
        people = await office_people(turn.session)
        step.assignees = [p.id for p in people]
    return [say("conversation/approval/request_registration.j2", target=person_target(p), event=view,
                summary=summary, actor=turn.actor.name, step=step.name, seq=step.seq, total=total,
                confidentiality=step.confidentiality, done=done) for p in people]


async def _people(turn: Turn, step: ApprovalStep) -> list[Person]:
    if not step.assignees:
        return []
    query = select(Person).where(Person.id.in_(step.assignees)).order_by(Person.id)
    return list((await turn.session.execute(query)).scalars())


async def _decide_step(turn: Turn, event: Event, step: ApprovalStep, approved: bool,
                       opinion: str | None) -> list[Say]:
    chain.decide(step, approved=approved, opinion=opinion, person=turn.actor.person, now=turn.now)
    turn.session.add(chain.history(event, step, what=f"{'同意' if approved else '不同意'}"
                                   f"{'，' + opinion if opinion else ''}", **_who(turn)))
    steps = await chain.steps_of(turn.session, event.id, step.round)
    view = event_view(event, turn.tz)
    said = [turn.reply("conversation/approval/done.j2", event=view, approved=approved, opinion=opinion,
                       step=step.name if len(steps) > 1 else None)]
    if not approved:
        chain.stop_rest(steps)
        return said + await _refused(turn, event, step)
    return said + await _move_on(turn, event, steps, None)


async def _finish(turn: Turn, event: Event, steps: list[ApprovalStep]) -> list[Say]:
    form = await _form(turn, event)
    answered = [s for s in steps if s.mode != "copy"]
    last = answered[-1]
    if form is not None:
        form.approval, form.approved_at, form.approved_by = "approved", turn.now, last.decided_by
        form.approval_opinion = last.opinion or "同意"
    await update_event(turn.session, event, {"status": Status.APPROVED}, **turn.actor_fields,
                       note=f"登记表审批通过：{'；'.join(chain.stamp(s) for s in answered)}")
    await event_changed(turn, event)
    return await _tell_submitter(turn, event, form, True, last.opinion if last.opinion != "同意" else None)


async def _refused(turn: Turn, event: Event, step: ApprovalStep) -> list[Say]:
    form = await _form(turn, event)
    if form is not None:
        form.approval, form.approval_opinion = "rejected", step.opinion
        form.approved_by, form.approved_at = step.decided_by, turn.now
    await update_event(turn.session, event, {"status": Status.SCHEDULED}, **turn.actor_fields,
                       note=f"登记表未通过（{step.name}）：{step.opinion or ''}")
    await event_changed(turn, event)
    return await _tell_submitter(turn, event, form, False, f"{step.name}：{step.opinion}")


async def _tell_submitter(turn: Turn, event: Event, form: RegistrationForm | None, approved: bool,
                          opinion: str | None) -> list[Say]:
    submitter = await turn.session.get(Person, form.submitted_by) if form and form.submitted_by else None
    if submitter is None or submitter is turn.actor.person:
        return []
    return [say("conversation/approval/result_registration.j2", target=person_target(submitter),
                event=event_view(event, turn.tz), approved=approved, opinion=opinion, office=turn.actor.name)]


async def _forward(turn: Turn, event: Event, step: ApprovalStep, name: str) -> list[Say]:
    query = select(Person).where(Person.active.is_(True), (Person.name == name) | (Person.user_id == name))
    person = (await turn.session.execute(query)).scalars().first()
    if person is None:
        return [turn.reply("conversation/approval/forward_unknown.j2", name=name)]
    step.assignees = [person.id]
    step.asked_at, step.reminded_at = turn.now, None
    turn.session.add(chain.history(event, step, what=f"{turn.actor.name}转交{person.name}", **_who(turn)))
    total = len(await chain.steps_of(turn.session, event.id, step.round))
    return [turn.reply("conversation/approval/forwarded.j2", name=person.name, step=step.name,
                       event=event_view(event, turn.tz)), *await _ask(turn, event, step, total, None)]


async def _flag_late(turn: Turn, event: Event, proc: Procedure) -> list[Say]:
    """Filed later than the rule's days before the event: allowed, but the office is told how late."""
    if event.start_at is None:
        return []
    rule = timedelta(days=proc.registration_days)
    left = event.start_at - turn.now
    if left >= rule:
        return []
    days_left = max(0, left.days)
    late_by = proc.registration_days - days_left
    turn.session.add(EventChange(event_id=event.id, at=turn.now, person_id=_who(turn)["person_id"],
                                 actor=turn.actor.name, field="late_filing", old_value=None,
                                 new_value=f"距举办{days_left}天报送（规定提前{proc.registration_days}天），晚{late_by}天",
                                 inbound_id=turn.inbound.id))
    view = event_view(event, turn.tz)
    return [say("conversation/approval/late_filing.j2", target=person_target(p), event=view, days_left=days_left,
                rule=proc.registration_days, late_by=late_by, actor=turn.actor.name)
            for p in await office_people(turn.session)]


async def _form(turn: Turn, event: Event) -> RegistrationForm | None:
    query = select(RegistrationForm).where(RegistrationForm.event_id == event.id)
    return (await turn.session.execute(query)).scalars().first()


def _who(turn: Turn) -> dict[str, Any]:
    fields = turn.actor_fields
    return {"now": fields["now"], "actor": fields["actor"], "person_id": fields["person_id"],
            "inbound_id": fields["inbound_id"]}


async def _decide_person(turn: Turn, args: dict[str, Any]) -> list[Say]:
    person = await turn.session.get(Person, args["id"])
    if person is None or person.active or "forward_to" in args:
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
