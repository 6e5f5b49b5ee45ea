"""register: "我局5月中旬开秋季招生政策解读发布会" → a new entry, shown as stored.

When the unit already has an event of the same kind overlapping the window, the bot asks
whether this is a new one or an update of that one, instead of guessing. A joint event
("财政局和农业农村局联合…") is stored once, for the first unit, with the others as co-units.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.handlers import choice
from bot.handlers.common import (
    OPEN_STATUSES,
    Window,
    event_changed,
    event_view,
    impossible_time,
    kind_label,
    load_event,
    parsed_unit,
    unit_named,
    window_of,
)
from store.models import Kind, Status, Unit
from store.repo import add_event, events_overlapping, update_event


@dataclass
class Draft:
    """What a register message said, kept as JSON while the bot asks new-or-update."""

    unit_id: int
    kind: str
    topic: str | None
    window: dict[str, Any]
    location: str | None
    speaker: str | None
    co_unit_ids: list[int] = field(default_factory=list)

    @property
    def when(self) -> Window:
        return Window.from_json(self.window)


async def handle(turn: Turn) -> list[Say]:
    parsed = await turn.parsed()
    unit = await parsed_unit(turn, parsed)
    if unit is None:
        return [turn.reply("conversation/register/need_unit.j2")]
    if not turn.actor.may_register or not turn.actor.may_change(unit.id):
        return [turn.reply("conversation/rights/not_allowed.j2", unit=unit.name, own=_own_unit(turn),
                            role=turn.actor.role)]
    window = window_of(parsed.when, turn.now)
    if window is None:
        return [turn.reply("conversation/register/need_time.j2", unit=unit.name, wrong=impossible_time(turn))]
    co_units = [u for u in [await unit_named(turn.session, name) for name in parsed.co_units] if u and u.id != unit.id]
    draft = Draft(unit.id, parsed.kind or Kind.PRESS_CONFERENCE, parsed.topic, window.as_json(), parsed.location,
                  parsed.speaker, [u.id for u in co_units])
    same = await events_overlapping(turn.session, window.start, window.end, unit_id=unit.id,
                                    kind=draft.kind, statuses=OPEN_STATUSES)
    if same:
        return await _ask_new_or_update(turn, draft, unit, same[:5])
    return await create(turn, asdict(draft))


async def _ask_new_or_update(turn: Turn, draft: Draft, unit: Unit, same: list) -> list[Say]:
    options = [choice.Option(_new_label(draft), "register.new", asdict(draft))]
    for event in same:
        view = event_view(event, turn.tz)
        options.append(choice.Option(f"更新已有的：{view['topic']}，{view['when']}", "register.update",
                                     {"draft": asdict(draft), "event_id": event.id}))
    return await choice.offer(turn, "conversation/register/overlap.j2", options,
                              unit=unit.name, kind=kind_label(draft.kind), count=len(same))


def _new_label(draft: Draft) -> str:
    return f"这是另一场，新登记（{draft.topic or '主题待定'}）"


def _own_unit(turn: Turn) -> str | None:
    return turn.actor.unit.name if turn.actor.unit else None


async def create(turn: Turn, data: dict[str, Any]) -> list[Say]:
    draft = Draft(**data)
    when = draft.when
    unit = await turn.session.get(Unit, draft.unit_id)
    if unit is None:
        return [turn.reply("conversation/register/need_unit.j2")]
    co_units = [u for u in [await turn.session.get(Unit, i) for i in draft.co_unit_ids] if u is not None]
    fields = turn.actor_fields
    event = await add_event(
        turn.session, unit=unit, kind=draft.kind, co_units=co_units, window_start=when.start, window_end=when.end,
        window_text=when.text, start_at=when.start_at, topic=draft.topic or "待定",
        location=draft.location, speaker=draft.speaker,
        status=Status.SCHEDULED if when.start_at else Status.PLANNED, source="chat",
        now=fields["now"], actor=fields["actor"], person_id=fields["person_id"], inbound_id=fields["inbound_id"],
    )
    await event_changed(turn, event)
    return [turn.reply("conversation/register/created.j2", event=event_view(event, turn.tz))]


async def update(turn: Turn, data: dict[str, Any]) -> list[Say]:
    draft, event = Draft(**data["draft"]), await load_event(turn.session, data["event_id"])
    if event is None or event.status not in OPEN_STATUSES:
        return [turn.reply("conversation/change/not_found.j2")]
    when = draft.when
    changes: dict[str, Any] = {"window_start": when.start, "window_end": when.end, "window_text": when.text}
    if when.start_at:
        changes.update(start_at=when.start_at, status=_scheduled(event.status))
    changes.update({k: v for k, v in (("topic", draft.topic), ("location", draft.location),
                                      ("speaker", draft.speaker)) if v})
    await update_event(turn.session, event, changes, **turn.actor_fields, note="登记时选择更新")
    await event_changed(turn, event)
    return [turn.reply("conversation/register/updated.j2", event=event_view(event, turn.tz))]


def _scheduled(status: str) -> str:
    return Status.SCHEDULED if status == Status.PLANNED else status
