"""How events are shown outside the program: the ``pressbot events --json`` contract.

Times are stored in UTC and shown in the deployment's zone (passed in, never read here).
"""
from __future__ import annotations

from datetime import tzinfo
from typing import Any

from store.models import Event
from store.rules import KIND_NAMES, STATUS_NAMES


def event_json(event: Event, tz: tzinfo) -> dict[str, Any]:
    """Stable keys: id, unit, co_units, kind, topic, when{start,end}, start_at, location, speaker, status."""
    return {
        "id": event.id,
        "unit": event.unit.name,
        "co_units": [u.name for u in event.co_units],
        "kind": event.kind,
        "topic": event.topic,
        "when": {"start": event.window_start.isoformat(), "end": event.window_end.isoformat()},
        "start_at": event.start_at.astimezone(tz).isoformat() if event.start_at else None,
        "location": event.location,
        "speaker": event.speaker,
        "status": event.status,
    }


def event_line(event: Event, tz: tzinfo) -> str:
    """One line for a terminal."""
    when = f"{event.window_start}~{event.window_end}"
    if event.start_at:
        when = event.start_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    units = "、".join([event.unit.name, *(u.name for u in event.co_units)])
    extra = "".join(f"｜{v}" for v in (event.location, event.speaker) if v)
    kind = KIND_NAMES.get(event.kind, event.kind)
    status = STATUS_NAMES.get(event.status, event.status)
    return f"#{event.id}  {when}  {units}  {kind}：{event.topic}{extra}  [{status}]"
