"""The procedure's facts of one event as plain data: material files, approval steps, 预告/实录.

``pressbot events --json`` adds them under new keys (``materials``, ``approval``,
``publications``); nothing there is renamed.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import ApprovalStep, Material, Publication


def _at(value: datetime | None, tz: tzinfo) -> str | None:
    return value.astimezone(tz).isoformat() if value else None


async def procedure_json(session: AsyncSession, event_id: int, tz: tzinfo) -> dict[str, Any]:
    return (await procedures_json(session, [event_id], tz))[event_id]


async def procedures_json(session: AsyncSession, event_ids: list[int], tz: tzinfo) -> dict[int, dict[str, Any]]:
    """Each event's materials, approval steps and publications: three queries per 500 events,
    not three per event (``pressbot events --json`` on a register of thousands)."""
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(event_ids), 500):
        ids = event_ids[i:i + 500]
        materials, steps, published = defaultdict(list), defaultdict(list), defaultdict(list)
        for m in (await session.execute(select(Material).where(Material.event_id.in_(ids))
                                        .order_by(Material.received_at, Material.id))).scalars():
            materials[m.event_id].append(m)
        for st in (await session.execute(select(ApprovalStep).where(ApprovalStep.event_id.in_(ids))
                                         .order_by(ApprovalStep.round, ApprovalStep.seq))).scalars():
            steps[st.event_id].append(st)
        for pb in (await session.execute(select(Publication).where(Publication.event_id.in_(ids))
                                         .order_by(Publication.item))).scalars():
            published[pb.event_id].append(pb)
        for event_id in ids:
            out[event_id] = _procedure(materials[event_id], steps[event_id], published[event_id], tz)
    return out


def _procedure(materials: list, steps: list, published: list, tz: tzinfo) -> dict[str, Any]:
    return {
        "materials": [{"kind": m.kind, "name": m.name, "size": m.size, "sha256": m.sha256,
                       "received_at": _at(m.received_at, tz), "chars": m.facts.get("chars"),
                       "qa_pairs": m.facts.get("pairs")} for m in materials],
        "approval": [{"round": s.round, "seq": s.seq, "step": s.name, "mode": s.mode, "status": s.status,
                      "opinion": s.opinion, "by": s.decided_name, "at": _at(s.decided_at, tz)} for s in steps],
        "publications": {p.item: {"published_at": _at(p.published_at, tz), "link": p.link, "contents": p.contents}
                         for p in published},
    }
