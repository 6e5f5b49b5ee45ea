"""Running a declared form in a conversation: open, answer, keep a draft on expiry, submit.

Both the 登记表 and the 统计表 go through here; each says only what differs (its spec, its
table, how it is prefilled, what happens on submit) in a ``FormBinding``.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.forms import engine
from bot.forms.parsers import FieldInput
from bot.forms.spec import FormSpec, FormState
from bot.handlers.common import event_view, load_event, open_state
from store.models import Event

TIME_FIELDS = ("held_at",)


@dataclass(frozen=True)
class FormBinding:
    spec: Callable[[Turn], FormSpec]  # built from the policy (limits may differ per deployment)
    model: type  # RegistrationForm / StatisticsForm: one row per event
    intro: str  # template said when the form opens
    prefill: Callable[[Event, Any], dict[str, Any]]  # event, draft row (or None) → values
    submit: Callable[[Turn, Event, Any, FormState], Awaitable[list[Say]]]


async def form_row(turn: Turn, binding: FormBinding, event_id: int) -> Any:
    model: Any = binding.model
    query = select(model).where(model.event_id == event_id)
    return (await turn.session.execute(query)).scalars().first()


async def begin(turn: Turn, binding: FormBinding, event: Event, known: dict[str, Any] | None = None,
                extra: dict[str, Any] | None = None) -> list[Say]:
    """Open the form for ``event``: prefilled from it, its draft row and what the message said."""
    spec = binding.spec(turn)
    row = await form_row(turn, binding, event.id)
    values = {**binding.prefill(event, row), **(known or {})}
    opened = engine.start(spec, values, extra={**(extra or {}), "event_id": event.id})
    await _save(turn, spec, opened.state, event.id)
    drafted = row_values(spec, row)
    kept = _kept_labels(spec, {k: v for k, v in drafted.items() if values.get(k) == v})
    return [turn.reply(binding.intro, event=event_view(event, turn.tz), kept=kept)] + [Say(t) for t in opened.say]


async def resume(turn: Turn, binding: FormBinding) -> list[Say]:
    spec, open_ = binding.spec(turn), open_state(turn)
    state = FormState.from_data(spec.name, open_.step, open_.data)
    result = engine.step(spec, state, turn.text, FieldInput(now=turn.now))
    if result.submitted:
        event = await load_event(turn.session, state.extra["event_id"])
        await turn.clear()
        if event is None:
            return [turn.reply("conversation/change/not_found.j2", unit=None, kind="活动")]
        row = await form_row(turn, binding, event.id) or binding.model(event_id=event.id)
        fill_row(row, state.values, spec)
        turn.session.add(row)
        return await binding.submit(turn, event, row, state)
    await _save(turn, spec, result.state, state.extra.get("event_id"))
    return [Say(t) for t in result.say]


async def keep_draft(turn: Turn, binding: FormBinding) -> list[Say]:
    """The form expired: what was typed goes into the form's row (not submitted) and the user is told once."""
    spec, open_ = binding.spec(turn), open_state(turn)
    state = FormState.from_data(spec.name, open_.step, open_.data)
    event_id = state.extra.get("event_id")
    kept = _kept_labels(spec, state.values)
    if event_id is not None and await load_event(turn.session, event_id) is not None:
        row = await form_row(turn, binding, event_id) or binding.model(event_id=event_id)
        if getattr(row, "submitted_at", None) is None:
            fill_row(row, state.values, spec)
            turn.session.add(row)
    await turn.clear()
    return [turn.reply("conversation/forms/expired.j2", title=spec.title, kept=kept)]


async def cancel(turn: Turn, binding: FormBinding) -> list[Say]:
    spec = binding.spec(turn)
    await turn.clear()
    return [turn.reply("conversation/forms/cancelled.j2", title=spec.title)]


def fill_row(row: Any, values: dict[str, Any], spec: FormSpec) -> None:
    for f in spec.fields:
        if f.name not in values:
            continue
        value = values[f.name]
        if f.name in TIME_FIELDS and isinstance(value, str):
            value = datetime.fromisoformat(value)
        setattr(row, f.name, value)


def row_values(spec: FormSpec, row: Any) -> dict[str, Any]:
    """A stored (draft) row's filled fields as form values."""
    if row is None:
        return {}
    values = {}
    for f in spec.fields:
        value = getattr(row, f.name, None)
        if value in (None, [], ""):
            continue
        values[f.name] = value.isoformat() if isinstance(value, datetime) else value
    return values


def _kept_labels(spec: FormSpec, values: dict[str, Any]) -> list[str]:
    return [f.label for f in spec.fields if f.name in values]


async def _save(turn: Turn, spec: FormSpec, state: FormState, event_id: int | None) -> None:
    await turn.save(spec.name, state.step, state.to_data(), event_id=event_id)
