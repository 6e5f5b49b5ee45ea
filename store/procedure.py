"""The procedure's facts of one event as plain data: material files, approval steps, 预告/实录.

``pressbot events --json`` adds them under new keys (``materials``, ``approval``,
``publications``); nothing there is renamed.
"""
from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import ApprovalStep, Material, Publication


def _at(value: datetime | None, tz: tzinfo) -> str | None:
    return value.astimezone(tz).isoformat() if value else None


async def procedure_json(session: AsyncSession, event_id: int, tz: tzinfo) -> dict[str, Any]:
    materials = (await session.execute(select(Material).where(Material.event_id == event_id)
                                       .order_by(Material.received_at, Material.id))).scalars()
    steps = (await session.execute(select(ApprovalStep).where(ApprovalStep.event_id == event_id)
                                   .order_by(ApprovalStep.round, ApprovalStep.seq))).scalars()
    published = (await session.execute(select(Publication).where(Publication.event_id == event_id)
                                       .order_by(Publication.item))).scalars()
    return {
        "materials": [{"kind": m.kind, "name": m.name, "size": m.size, "sha256": m.sha256,
                       "received_at": _at(m.received_at, tz), "chars": m.facts.get("chars"),
                       "qa_pairs": m.facts.get("pairs")} for m in materials],
        "approval": [{"round": s.round, "seq": s.seq, "step": s.name, "mode": s.mode, "status": s.status,
                      "opinion": s.opinion, "by": s.decided_name, "at": _at(s.decided_at, tz)} for s in steps],
        "publications": {p.item: {"published_at": _at(p.published_at, tz), "link": p.link, "contents": p.contents}
                         for p in published},
    }
