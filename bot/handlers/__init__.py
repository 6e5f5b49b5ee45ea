"""Handlers, one module per capability; each gets a ``Turn`` and returns what to say.

``INTENTS`` is the whole routing: the parse's dotted route (``bot.nlp.intents``) → the handler
that answers it. An entry may add a condition that is not about the words ("only the office's
同意 is a verdict"); when it fails, the entry named by ``instead`` answers. Open states (a form,
a numbered choice) are resumed by ``FORMS`` before any route is tried; a short reply to a
reminder ("已召开", "取消") acts on the reminder's event (``in_reply``); a parse that is not
sure gets one numbered question (``clarify``); right after a confirmation ("已登记…"), "改到下周四" or
"取消" acts on the event just confirmed (``in_reply`` too).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

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
    greeting,
    help,
    identity,
    in_reply,
    materials,
    outline,
    plan_import,
    publication,
    query,
    register,
    registration,
    report,
)
from bot.handlers.common import open_state, out_of_years, out_of_years_reply, reparse
from bot.handlers.formflow import FormBinding, cancel, keep_draft

Handler = Callable[[Turn], Awaitable[list[Say]]]
Condition = Callable[[Turn], Awaitable[bool]]


@dataclass(frozen=True)
class Entry:
    handle: Handler
    applies: Condition | None = None  # a condition on who is writing / what is pending, never on the words
    instead: str = "other"


INTENTS: dict[str, Entry] = {
    "register": Entry(register.handle),
    "reschedule": Entry(change.handle),
    "cancel": Entry(change.handle),
    "report": Entry(report.handle),
    "query.list": Entry(query.list_events),
    "query.count": Entry(query.count),
    "query.completion": Entry(query.completion),
    "query.missing_registration": Entry(query.missing_registration),
    "query.missing_statistics": Entry(query.missing_statistics),
    "form.registration": Entry(registration.start),
    "form.statistics": Entry(report.handle),
    "export": Entry(export.handle),  # “导出上半年统计表”: the file in the chat
    "dashboard": Entry(dashboard.handle),  # “后台”: a sign-in link (bot.web)
    "approval": Entry(approval.handle, applies=approval.may_answer),
    "materials": Entry(materials.handle),  # a file sent in chat; “我局…的材料”
    "publication": Entry(publication.handle, applies=publication.may_record),  # “实录已发布 https://…”
    "form.outline": Entry(outline.start),  # “报访谈提纲”
    "change.topic": Entry(change_record.change_topic),  # “主题改成…”
    "help": Entry(help.handle),
    "greeting": Entry(greeting.handle),
    "other": Entry(clarify.handle),
}


async def handle(turn: Turn) -> list[Say]:
    """The answer to a message no open state took."""
    if turn.incoming.kind == "file":  # the office's plan (``plan_import``); any other file is a material
        return await plan_import.receive(turn)
    parsed = await turn.parsed()
    if said := next((w for w in (parsed.when, getattr(parsed, "old_when", None)) if out_of_years(w)), None):
        return out_of_years_reply(turn, getattr(said, "text", None))
    if parsed.route in in_reply.MAYBE_REPLIES:
        about = await reparse(turn, about_event=True)  # the register is read only for a possible reply
        reply = in_reply.may_be_reply(about, turn.text)
        events = await in_reply.events_in_context(turn, about, parsed) if reply else []
        if events and in_reply.names_no_event(about, events, turn.text):
            return await in_reply.answer(turn, events, about)
        if parsed.route == "other" and about.route in in_reply.OWN_EVENT_ROUTES and about.sure:
            if asked := await in_reply.ask_which_own(turn, about):  # "改期到12月8日" with no reminder
                return asked
        turn._parsed = parsed
    if not parsed.sure:
        return await clarify.handle(turn)
    entry = INTENTS.get(parsed.route, INTENTS["other"])
    if entry.applies is not None and not await entry.applies(turn):
        entry = INTENTS[entry.instead]
    return await entry.handle(turn)


async def _with_route(turn: Turn, args: dict[str, Any]) -> list[Say]:
    """The user picked what they meant (``clarify``): the original text is read again as that route."""
    turn.text = args["text"]
    route = clarify.picked_route(args)
    await reparse(turn, route=route)
    return await INTENTS[route].handle(turn)


# What a numbered choice may lead to: action name → handler(turn, args).
CHOICE_ACTIONS = {
    "register.new": register.create,
    "register.update": register.update,
    "change.apply": change.apply,
    "change_record.topic": change_record.topic_for,
    "registration.begin": registration.begin_for,
    "report.begin": report.begin_for,
    "approval.apply": approval.apply,
    "clarify.intent": _with_route,
    "in_reply.apply": in_reply.apply,
    "in_reply.keep": in_reply.keep,
    plan_import.CONFIRM: plan_import.confirm,
    plan_import.CANCEL: plan_import.cancel,
}

FORMS: dict[str, FormBinding] = {"registration": registration.BINDING, "statistics": report.BINDING,
                                 "outline": outline.BINDING}


async def handle_stranger(turn: Turn) -> list[Say]:
    """Someone not (yet) in the directory: questions are answered, the rest explained."""
    parsed = await turn.parsed()
    if identity.may_ask(parsed.route) and parsed.sure:
        return await INTENTS[parsed.route].handle(turn)
    return await identity.handle(turn)


async def resume_open(turn: Turn) -> list[Say] | None:
    """The open form or choice takes the message; None when it lets it go (a choice not answered)."""
    if getattr(turn.incoming, "kind", "text") == "file":  # a file sent mid-form is a material
        return None
    form = open_state(turn).form
    if form == choice.FORM:
        return await choice.resume(turn, CHOICE_ACTIONS)
    if form == in_reply.FORM:
        return await in_reply.resume(turn)
    if form == change_record.FORM:  # the reason of a cancellation or a new topic
        return await change_record.resume(turn)
    binding = FORMS.get(form)
    if binding is None:  # a state this version does not know: drop it rather than trap the user
        await turn.clear()
        return None
    from bot.handlers.formflow import resume

    return await resume(turn, binding)


async def expire_open(turn: Turn) -> list[Say]:
    """The open state is past its expiry: a form keeps its draft and says so once; a choice just goes."""
    if plan_import.is_plan_choice(turn):  # the plan sent in chat waited too long: say so once
        return await plan_import.expired(turn)
    binding = FORMS.get(open_state(turn).form)
    if binding is None:
        await turn.clear()
        return []
    return await keep_draft(turn, binding)


async def cancel_open(turn: Turn) -> list[Say]:
    """"取消": the open form or choice; with none, the event of the reminder just answered (or of
    the confirmation just given)."""
    if turn.state is None:
        about = await reparse(turn, about_event=True)  # "取消" cancels the event; "退出", "算了" nothing
        events = await in_reply.events_in_context(turn, about) if about.route == "cancel" else []
        if events:
            return await in_reply.answer(turn, events, about)
        return [turn.reply("conversation/nothing_to_cancel.j2")]
    binding = FORMS.get(turn.state.form)
    if binding is None:
        await turn.clear()
        return [turn.reply("conversation/choice/cancelled.j2")]
    return await cancel(turn, binding)
