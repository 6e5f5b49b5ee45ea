"""Handlers, one module per capability; each gets a ``Turn`` and returns what to say.

``ROUTES`` lists them in priority order (no directory scanning): the office's verdicts, the
form starters, then the parse's intent. Open states (a form, a numbered choice) are resumed by
``FORMS`` before any route is tried.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.handlers import (  # noqa: F401 - help and identity are used as handlers.X by the dispatcher
    approval,
    change,
    change_record,
    choice,
    clarify,
    dashboard,
    export,
    help,
    identity,
    query,
    register,
    registration,
    report,
)
from bot.handlers.formflow import FormBinding, cancel, keep_draft

Handler = Callable[[Turn], Awaitable[list[Say]]]


@dataclass(frozen=True)
class Route:
    name: str
    matches: Callable[[Turn], Awaitable[bool]]
    handle: Handler


async def _by_intent(turn: Turn) -> list[Say]:
    parsed = await turn.parsed()
    if clarify.unsure(parsed, turn.text):
        return await clarify.handle(turn)
    return await INTENTS.get(parsed.intent, clarify.handle)(turn)


async def _always(turn: Turn) -> bool:
    return True


INTENTS: dict[str, Handler] = {
    "register": register.handle,
    "query": query.handle,
    "reschedule": change.handle,
    "cancel": change.handle,
    "report": report.handle,
    "help": help.handle,
    "other": clarify.handle,
}

ROUTES: tuple[Route, ...] = (
    Route("dashboard", dashboard.matches, dashboard.handle),  # “后台”: a sign-in link (bot.web)
    Route("export", export.matches, export.handle),  # “导出上半年统计表”: the file in the chat
    Route("approval", approval.matches, approval.handle),
    Route("registration", registration.matches, registration.start),
    Route("statistics", report.matches, report.handle),
    # “主题改成…”/“换个主题：…” (until the parse has a topic_change intent; see change_record)
    Route("topic_change", change_record.matches, change_record.change_topic),
    Route("intent", _always, _by_intent),
)

# What a numbered choice may lead to: action name → handler(turn, args).
CHOICE_ACTIONS = {
    "register.new": register.create,
    "register.update": register.update,
    "change.apply": change.apply,
    "change_record.topic": change_record.topic_for,
    "registration.begin": registration.begin_for,
    "report.begin": report.begin_for,
    "approval.apply": approval.apply,
    "clarify.intent": clarify.with_intent,
}

FORMS: dict[str, FormBinding] = {"registration": registration.BINDING, "statistics": report.BINDING}


async def resume_open(turn: Turn) -> list[Say] | None:
    """The open form or choice takes the message; None when it lets it go (a choice not answered)."""
    if turn.state.form == choice.FORM:
        return await choice.resume(turn)
    if turn.state.form == change_record.FORM:  # the reason of a cancellation or a new topic
        return await change_record.resume(turn)
    binding = FORMS.get(turn.state.form)
    if binding is None:  # a state this version does not know: drop it rather than trap the user
        await turn.clear()
        return None
    from bot.handlers.formflow import resume

    return await resume(turn, binding)


async def expire_open(turn: Turn) -> list[Say]:
    """The open state is past its expiry: a form keeps its draft and says so once; a choice just goes."""
    binding = FORMS.get(turn.state.form)
    if binding is None:
        await turn.clear()
        return []
    return await keep_draft(turn, binding)


async def cancel_open(turn: Turn) -> list[Say]:
    if turn.state is None:
        return [turn.reply("conversation/nothing_to_cancel.j2")]
    binding = FORMS.get(turn.state.form)
    if binding is None:
        await turn.clear()
        return [turn.reply("conversation/choice/cancelled.j2")]
    return await cancel(turn, binding)
