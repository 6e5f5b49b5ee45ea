"""Approval chains as data: the deployment's steps become rows per event and round.

A submitted 登记表 starts a round: its steps are written ``waiting``, then ``advance`` asks the
first step that answers (``pending``) and marks the copies on the way ``informed``. An answer
decides the asked step; a refusal stops the round (the liaison fills the form again, which
starts a new round from the first step). Who may answer a step is fixed when it is asked: the
people its role or names resolve to, or the one it was passed on to (转交).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.procedure.config import Approval, ApprovalStepSpec
from store.models import ApprovalStep, Event, EventChange, Person, Role

WAITING, PENDING, APPROVED, REJECTED, INFORMED, STOPPED = (
    "waiting", "pending", "approved", "rejected", "informed", "stopped")
OPEN = (WAITING, PENDING)
STATUS_WORDS = {WAITING: "待审", PENDING: "审批中", APPROVED: "同意", REJECTED: "不同意", INFORMED: "已抄送",
                STOPPED: "未送达（已退回）"}
# "已核查保密" / "不涉及国家秘密" / "无涉密内容": the confirmation a confidentiality step needs
CONFIDENTIALITY_OK = re.compile(r"(?:已|经)?(?:核查|审查|确认|检查)\S{0,6}(?:保密|涉密|秘密|隐私)"
                                r"|(?:不|未|无)涉(?:及|密)|保密(?:审查|核查)?(?:无误|通过|已核|已查)")


def confirms_confidentiality(opinion: str | None) -> bool:
    return bool(opinion and CONFIDENTIALITY_OK.search(opinion))


async def people_for(session: AsyncSession, spec: ApprovalStepSpec, event: Event) -> list[Person]:
    """Who answers (or is told of) a step of ``event``: named people, else its role."""
    query = select(Person).where(Person.active.is_(True)).order_by(Person.id)
    if spec.people:
        query = query.where(Person.user_id.in_(spec.people) | Person.name.in_(spec.people))
    elif spec.role == "director":  # the unit's head: the event's own unit
        query = query.where(Person.role == Role.DIRECTOR, Person.unit_id == event.unit_id)
    elif spec.role == "liaison":
        query = query.where(Person.role == Role.LIAISON, Person.unit_id == event.unit_id)
    else:
        query = query.where(Person.role.in_((Role.OFFICE, Role.ADMIN)))
    return list((await session.execute(query)).scalars())


async def start_round(session: AsyncSession, event: Event, approval: Approval) -> list[ApprovalStep]:
    """A new round of the chain for ``event`` (an earlier round still open is stopped)."""
    last = await session.scalar(select(func.max(ApprovalStep.round)).where(ApprovalStep.event_id == event.id))
    for old in await steps_of(session, event.id):
        if old.status in OPEN:
            old.status = STOPPED
    steps = [ApprovalStep(event_id=event.id, round=(last or 0) + 1, seq=n, name=spec.name,
                          mode="copy" if spec.copy else "approve", confidentiality=spec.confidentiality,
                          assignees=[p.id for p in await people_for(session, spec, event)], status=WAITING)
             for n, spec in enumerate(approval.chain(event.kind), 1)]
    session.add_all(steps)
    await session.flush()
    return steps


@dataclass
class Advance:
    asked: ApprovalStep | None = None  # the step now waiting for an answer
    informed: list[ApprovalStep] = field(default_factory=list)  # copies reached on the way
    done: bool = False  # every step that answers has agreed


def advance(steps: list[ApprovalStep], now: datetime) -> Advance:
    """Move the round on from its first open step."""
    result = Advance()
    for step in steps:
        if step.status not in OPEN:
            continue
        if step.mode == "copy":
            step.status, step.decided_at = INFORMED, now
            result.informed.append(step)
            continue
        step.status, step.asked_at = PENDING, now
        result.asked = step
        return result
    result.done = True
    return result


def decide(step: ApprovalStep, *, approved: bool, opinion: str | None, person: Person | None, now: datetime) -> None:
    step.status = APPROVED if approved else REJECTED
    step.opinion = opinion or ("同意" if approved else None)
    step.decided_by = person.id if person else None
    step.decided_name = person.name if person else None
    step.decided_at = now


def stop_rest(steps: list[ApprovalStep]) -> None:
    for step in steps:
        if step.status in OPEN:
            step.status = STOPPED


async def steps_of(session: AsyncSession, event_id: int, round_: int | None = None) -> list[ApprovalStep]:
    query = select(ApprovalStep).where(ApprovalStep.event_id == event_id)
    if round_ is not None:
        query = query.where(ApprovalStep.round == round_)
    return list((await session.execute(query.order_by(ApprovalStep.round, ApprovalStep.seq))).scalars())


async def latest_round(session: AsyncSession, event_id: int) -> list[ApprovalStep]:
    steps = await steps_of(session, event_id)
    last = max((s.round for s in steps), default=None)
    return [s for s in steps if s.round == last]


async def pending_for(session: AsyncSession, person: Person | None) -> list[ApprovalStep]:
    """The steps asked of ``person``, oldest first (a handful at any time: filtered here)."""
    if person is None:
        return []
    query = select(ApprovalStep).where(ApprovalStep.status == PENDING).order_by(ApprovalStep.asked_at)
    return [s for s in (await session.execute(query)).scalars() if person.id in (s.assignees or [])]


def history(event: Event, step: ApprovalStep, *, now: datetime, actor: str, person_id: int | None,
            inbound_id: int | None, what: str) -> EventChange:
    """The history row of a step's answer, pass-on or copy."""
    return EventChange(event_id=event.id, at=now, person_id=person_id, actor=actor, field="approval_step",
                       old_value=None, new_value=f"第{step.round}轮 {step.seq}.{step.name}：{what}",
                       inbound_id=inbound_id)


def stamp(step: ApprovalStep) -> str:
    """A step as the 登记表 and the dashboard show it: name, opinion, who and (by the caller) when."""
    if step.mode == "copy":
        return f"{step.name}：{STATUS_WORDS.get(step.status, step.status)}"
    opinion = step.opinion or STATUS_WORDS.get(step.status, step.status)
    who = f"（{step.decided_name}）" if step.decided_name else ""
    return f"{step.name}：{opinion}{who}"
