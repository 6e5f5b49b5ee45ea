"""The procedure's timed work, one round at a time (``pressbot serve`` runs one every few
minutes; tests advance the fake clock and call ``run_round``):

- the material pack, ``materials_days`` before the event: one .zip (the files, 材料清单, the
  登记表) to the office in chat, and by e-mail where ``[mail]`` is set;
- approval steps waiting longer than ``remind_after_hours``: their people are reminded;
- 预告 / 实录 past due: the unit's liaisons are reminded.

Every push has a key, so a second round (or a second process) queues nothing twice.
"""
from __future__ import annotations

import logging
import smtplib
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.base import SINGLE, FileAttachment
from bot.clock import DEFAULT_TZ
from bot.conversation.actors import office_people, unit_liaisons
from bot.delivery.outbox import enqueue_push
from bot.handlers.common import event_view
from bot.procedure import chain
from bot.procedure import materials as mat
from bot.procedure import publication as pub
from bot.procedure.config import Procedure
from bot.procedure.mail import build_message, send_mail
from bot.render import render
from store.models import ApprovalStep, Event, EventChange, OutboxMessage, Person, RegistrationForm, Status

log = logging.getLogger(__name__)
ZIP = "application/zip"
Mailer = Callable[[Any, Any], Awaitable[None]]


@dataclass
class RoundReport:
    packs: list[int] = field(default_factory=list)  # event ids whose pack went to the office
    mailed: list[int] = field(default_factory=list)
    step_reminders: int = 0
    publication_reminders: int = 0


async def run_round(sessionmaker: async_sessionmaker, now: datetime, proc: Procedure, *,
                    mailer: Mailer = send_mail,
                    writer: Callable[[], AbstractAsyncContextManager] = nullcontext) -> RoundReport:
    """One round; ``writer`` is the database's write lock (SQLite), never held while mailing."""
    report = RoundReport()
    async with writer(), sessionmaker() as session, session.begin():
        to_mail = await send_packs(session, now, proc, report)
        report.step_reminders = await remind_steps(session, now, proc)
        report.publication_reminders = await remind_publications(session, now, proc)
    mailed = [pack for pack in to_mail if await _mail(proc, pack, mailer)]
    if mailed:
        async with writer(), sessionmaker() as session, session.begin():
            to = proc.mail.to if proc.mail else ""
            for pack in mailed:
                session.add(EventChange(event_id=pack.event_id, at=now, actor="系统", field="materials_mailed",
                                        old_value=None, new_value=f"{pack.name} 已发送至 {to}"))
                report.mailed.append(pack.event_id)
    return report


@dataclass(frozen=True)
class Pack:
    event_id: int
    subject: str
    name: str
    content: bytes = field(repr=False)
    text: str = ""


# -- the pack ---------------------------------------------------------------------------------
async def _done(session: AsyncSession, event_id: int, what: str) -> bool:
    query = select(EventChange.id).where(EventChange.event_id == event_id, EventChange.field == what).limit(1)
    return (await session.scalar(query)) is not None


async def send_packs(session: AsyncSession, now: datetime, proc: Procedure, report: RoundReport) -> list[Pack]:
    """Queue the packs due for the office's chats; the ones still to be mailed are returned."""
    horizon = now + timedelta(days=proc.materials_days)
    events = (await session.execute(select(Event).where(
        Event.start_at.is_not(None), Event.start_at > now, Event.start_at <= horizon,
        Event.status != Status.CANCELLED).order_by(Event.start_at))).scalars().all()
    to_mail = []
    for event in events:
        files = await mat.event_materials(session, event.id)
        chat_due = not await _done(session, event.id, "materials_pack")
        mail_due = proc.mail is not None and not await _done(session, event.id, "materials_mailed")
        if not files or not (chat_due or mail_due):
            continue
        name, content, text = await _pack(session, event, files, proc, now)
        if chat_due:
            await _pack_to_office(session, event, name, content, text, now)
            report.packs.append(event.id)
        if mail_due:
            subject = f"【材料报送】{event.unit.name}《{event.topic}》（编号{event.id}）"
            to_mail.append(Pack(event.id, subject, name, content, text))
    return to_mail


async def _pack(session: AsyncSession, event: Event, files: list, proc: Procedure,
                now: datetime) -> tuple[str, bytes, str]:
    from bot.exports.registration import export_registration

    form = (await session.execute(select(RegistrationForm).where(
        RegistrationForm.event_id == event.id))).scalars().first()
    checks = mat.checklist(files, form)
    tz = now.tzinfo or DEFAULT_TZ
    extra = {f"登记表（编号{event.id}）.docx": await export_registration(session, event_id=event.id, tz=tz)}
    content = mat.build_pack(event, files, checks, directory=proc.materials_dir, extra=extra)
    text = render("procedure/pack.j2", event=event_view(event, tz), checks=[c.line() for c in checks],
                  count=len(files), complete=mat.complete(checks))
    return mat.pack_name(event), content, text


async def _pack_to_office(session: AsyncSession, event: Event, name: str, content: bytes, text: str,
                          now: datetime) -> None:
    file = FileAttachment(name, content, ZIP, {"what": "materials", "event": event.id})
    for person in await office_people(session):
        target = {"user_id": person.user_id, "chat_type": SINGLE}
        enqueue_push(session, key=f"pack:{event.id}:{person.id}:text", platform=person.platform, target=target,
                     text=text, now=now)
        enqueue_push(session, key=f"pack:{event.id}:{person.id}:file", platform=person.platform, target=target,
                     text=name, now=now, file=file)
    session.add(_fact(event, now, "materials_pack", f"{name}（{mat.size_text(len(content))}）已送政务公开办"))


async def _mail(proc: Procedure, pack: Pack, mailer: Mailer) -> bool:
    assert proc.mail is not None
    message = build_message(proc.mail, subject=pack.subject, body=pack.text, filename=pack.name, content=pack.content)
    try:
        await mailer(proc.mail, message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("material pack of event %s not mailed (next round tries again): %s", pack.event_id, exc)
        return False
    return True


def _fact(event: Event, now: datetime, what: str, value: str) -> EventChange:
    return EventChange(event_id=event.id, at=now, actor="系统", field=what, old_value=None, new_value=value)


# -- reminders -------------------------------------------------------------------------------
async def _push_once(session: AsyncSession, key: str, person: Person, text: str, now: datetime) -> bool:
    if await session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)):
        return False
    enqueue_push(session, key=key, platform=person.platform,
                 target={"user_id": person.user_id, "chat_type": SINGLE}, text=text, now=now)
    return True


async def remind_steps(session: AsyncSession, now: datetime, proc: Procedure) -> int:
    wait = timedelta(hours=proc.approval.remind_after_hours)
    steps = (await session.execute(select(ApprovalStep).where(ApprovalStep.status == chain.PENDING))).scalars()
    sent = 0
    for step in steps:
        last = step.reminded_at or step.asked_at
        if last is None or now - last < wait:
            continue
        event = await session.get(Event, step.event_id)
        if event is None:
            continue
        hours = int((now - (step.asked_at or now)).total_seconds() // 3600)
        text = render("procedure/step_waiting.j2", event=event_view(event, now.tzinfo), step=step.name, hours=hours,
                      confidentiality=step.confidentiality)
        for person_id in step.assignees:
            person = await session.get(Person, person_id)
            if person is not None and await _push_once(
                    session, f"step-remind:{step.id}:{person_id}:{now:%Y%m%d%H}", person, text, now):
                sent += 1
        step.reminded_at = now
    return sent


async def remind_publications(session: AsyncSession, now: datetime, proc: Procedure) -> int:
    sent = 0
    for item in await pub.overdue(session, now, proc):
        event = item.event
        text = render("procedure/publication_due.j2", event=event_view(event, now.tzinfo), item=item.label,
                      late=item.days_late(now), preview=item.item == "preview")
        for person in await unit_liaisons(session, event.unit_id):
            if await _push_once(session, f"publication:{event.id}:{item.item}:{person.id}", person, text, now):
                sent += 1
    return sent


async def run_rounds(db: Any, clock: Any, proc: Procedure, *, interval: float = 300.0,
                     stop: Any = None) -> None:
    """``pressbot serve``'s loop: a round every ``interval`` seconds until ``stop`` is set."""
    import asyncio

    stop = stop or asyncio.Event()
    while not stop.is_set():
        try:
            # reads and renders outside the write lock, which its writes take (Database.handling)
            await run_round(db.handling_sessions, clock.now(), proc)
        except Exception:  # noqa: BLE001 - a bad round must not end the loop; the next one retries
            log.exception("procedure round failed")
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval)
        except TimeoutError:
            pass
