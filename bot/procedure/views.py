"""The procedure of one event as the dashboard shows it, and the office's attention list."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.procedure import chain
from bot.procedure import materials as mat
from bot.procedure import publication as pub
from bot.procedure.config import Procedure
from store.models import Event, RegistrationForm


async def event_procedure(session: AsyncSession, event: Event, now: datetime, proc: Procedure) -> dict[str, Any]:
    tz = now.tzinfo
    steps = await chain.steps_of(session, event.id)
    files = await mat.event_materials(session, event.id)
    query = select(RegistrationForm).where(RegistrationForm.event_id == event.id)
    form = (await session.execute(query)).scalars().first()
    done = await pub.publications_of(session, event.id)
    publications = []
    for item in pub.ITEMS.get(event.kind, ("preview", "record")):
        row, due = done.get(item), pub.due_at(event, item, proc)
        publications.append({
            "label": pub.label(item, event.kind), "link": row.link if row else None,
            "published_at": row.published_at.astimezone(tz) if row else None,
            "contents": row.contents if row else [], "due": due.astimezone(tz) if due else None,
            "late": pub.days_late(due, row.published_at if row else now) if due else 0})
    return {
        "steps": [{"round": s.round, "seq": s.seq, "name": s.name, "copy": s.mode == "copy",
                   "status": chain.STATUS_WORDS.get(s.status, s.status), "code": s.status, "stamp": chain.stamp(s),
                   "at": s.decided_at.astimezone(tz) if s.decided_at else None,
                   "asked_at": s.asked_at.astimezone(tz) if s.asked_at else None} for s in steps],
        "files": [{"kind": mat.KIND_LABELS.get(m.kind, m.kind), "name": m.name, "size": mat.size_text(m.size),
                   "at": m.received_at.astimezone(tz)} for m in files],
        "checks": [c.line() for c in mat.checklist(files, form)],
        "publications": publications,
    }


async def waiting_steps(session: AsyncSession) -> list[tuple[Event, Any]]:
    """Approval steps asked and not answered, oldest first, with their event."""
    from store.models import ApprovalStep

    rows = (await session.execute(select(ApprovalStep).where(ApprovalStep.status == chain.PENDING)
                                  .order_by(ApprovalStep.asked_at))).scalars().all()
    found = []
    for step in rows:
        event = await session.get(Event, step.event_id)
        if event is not None:
            found.append((event, step))
    return found
