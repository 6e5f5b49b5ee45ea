"""The demo's year in motion: the register of an office on an ordinary day, around today.

The two sample plans alone are a year of intentions: moved to this year, in December every
event would be overdue and the first screens all red. Here, after the import, what has passed
was mostly held and reported (statistics filed), a few events are overdue or still lack their
statistics, three are dated in the coming days (approved, awaiting approval, only scheduled)
and three fall in next month. Every change goes through ``update_event``, so the history shows
how each event got there. Deterministic: the same day gives the same register.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.procedure import chain
from bot.procedure.config import Approval
from store.models import Event, Person, RegistrationForm, Role, StatisticsForm, Status
from store.repo import update_event

ACTOR = "示例数据"
NOTE = "pressbot demo 模拟的办理过程"
OVERDUE = 3  # ended, never held: what the office chases
UNREPORTED = 2  # held, statistics not filed yet
COMING = 3  # dated in the next working days
NEXT_MONTH = 3
MEDIA = ["县融媒体中心", "市日报社", "市广播电视台"]
QUESTIONS = [{"q": "这项工作今年有哪些新变化？", "a": "主要有三方面：扩大覆盖、简化流程、加强督导。"},
             {"q": "群众有问题可以向哪里咨询？", "a": "可拨打单位咨询电话，或在县政府网站留言。"}]


@dataclass
class Life:
    held: int = 0
    reported: int = 0
    overdue: int = 0
    coming: int = 0
    next_month: int = 0


async def bring_to_life(session: AsyncSession, now: datetime) -> Life:
    """Move the freshly imported plans to where an office would be on ``now`` (caller commits)."""
    events = list(await session.scalars(select(Event).options(selectinload(Event.unit))
                                        .where(Event.status == Status.PLANNED)))
    events.sort(key=lambda e: (e.window_end, e.id))
    liaisons = await _liaisons(session)
    today, life = now.date(), Life()
    past = [e for e in events if e.window_end < today]
    few = min(OVERDUE, (len(past) + 4) // 5)  # a few: not half of a short past
    overdue = {e.id for e in past[-2 * few::2]} if few else set()  # recently ended, spread over the weeks
    unreported = {e.id for e in past[-2 * OVERDUE - 1::-5][:UNREPORTED]}
    for event in past:
        if event.id in overdue:
            life.overdue += 1
            continue
        await _hold(session, event, now, report=event.id not in unreported)
        life.held += 1
        life.reported += event.id not in unreported
    ahead = sorted((e for e in events if e.window_end >= today),
                   key=lambda e: (e.unit_id not in liaisons, e.window_start, e.id))
    for n, (event, day) in enumerate(zip(ahead[:COMING], _working_days_after(today), strict=False)):
        await _date(session, event, now, day, step=n, contact=liaisons.get(event.unit_id))
        life.coming += 1
    for n, event in enumerate(ahead[COMING:COMING + NEXT_MONTH]):
        await _to_next_month(session, event, now, part=n)
        life.next_month += 1
    return life


async def _liaisons(session: AsyncSession) -> dict[int, str]:
    rows = await session.execute(select(Person.unit_id, Person.name).where(Person.role == Role.LIAISON))
    return {unit_id: name for unit_id, name in rows if unit_id is not None}


def _working_days_after(today: date):
    day = today
    while True:
        day += timedelta(days=1)
        if day.weekday() < 5:
            yield day


def _held_day(event: Event) -> date:
    """A working day in the middle of the window (its start if the window is all weekend)."""
    day = event.window_start + (event.window_end - event.window_start) / 2
    while day.weekday() >= 5 and day > event.window_start:
        day -= timedelta(days=1)
    return day


def _moment(day: date, event: Event, now: datetime) -> datetime:
    clock = time(9, 30) if event.kind == "press_conference" else time(15, 0)
    return datetime.combine(day, clock, tzinfo=now.tzinfo)


def _place(event: Event) -> str:
    return "县政府新闻发布厅" if event.kind == "press_conference" else "县政府网站访谈室"


async def _hold(session: AsyncSession, event: Event, now: datetime, *, report: bool) -> None:
    held_at = _moment(_held_day(event), event, now)
    await update_event(session, event, {"start_at": held_at, "location": event.location or _place(event),
                                        "status": Status.HELD}, actor=ACTOR, now=now, note=NOTE)
    if not report:
        return
    interview = event.kind == "online_interview"
    session.add(StatisticsForm(
        event_id=event.id, held_at=held_at, location=event.location, unit_name=event.unit.name,
        media=MEDIA, topic=event.topic, speaker=event.speaker or f"{event.unit.name}负责同志",
        has_reporter_questions=True, reporter_question_count=3 + event.id % 4,
        interview_form="网上" if interview else None, netizen_question_count=12 + event.id % 9 if interview else None,
        link=f"https://www.example.gov.cn/fbh/{event.id}.html" if interview else None,
        submitted_at=min(held_at + timedelta(days=1), now)))
    await update_event(session, event, {"status": Status.REPORTED}, actor=ACTOR, now=now, note=NOTE)


async def _date(session: AsyncSession, event: Event, now: datetime, day: date, *, step: int,
                contact: str | None) -> None:
    """The soonest is approved, the next awaits approval, the third has only its time."""
    start_at = _moment(day, event, now)
    await update_event(session, event, {"start_at": start_at, "location": event.location or _place(event),
                                        "status": Status.SCHEDULED}, actor=ACTOR, now=now, note=NOTE)
    if step >= 2:
        return
    session.add(RegistrationForm(
        event_id=event.id, title=event.topic, host_unit=event.unit.name, contact_name=contact or "李明",
        contact_title="办公室主任", contact_phone="05616012345", summary=f"介绍{event.topic}有关情况并答记者问。",
        held_at=start_at, location=event.location, invited_media=MEDIA, questions=QUESTIONS, photo_count=3,
        submitted_at=now - timedelta(days=1), approval="approved" if step == 0 else "pending",
        approval_opinion="同意" if step == 0 else None, approved_at=now if step == 0 else None))
    status = Status.APPROVED if step == 0 else Status.REGISTERED
    await update_event(session, event, {"status": status}, actor=ACTOR, now=now, note=NOTE)
    if step == 1:  # as a filed form does: the chain's round, its first step asked (the default chain)
        chain.advance(await chain.start_round(session, event, Approval()), now - timedelta(days=1))


async def _to_next_month(session: AsyncSession, event: Event, now: datetime, *, part: int) -> None:
    """Into next month's 上旬 / 中旬 / 下旬, unless its window already lies there."""
    first = (now.date().replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    if first <= event.window_start and event.window_end <= last:
        return
    start = first + timedelta(days=10 * part)
    end = last if part == 2 else start + timedelta(days=9)
    await update_event(session, event, {"window_start": start, "window_end": end}, actor=ACTOR, now=now,
                       note=NOTE + "（改期）")
