"""Material files by chat: a file, picture or video sent to the bot is stored with the unit's
next event and counted against the checklist; "我局…的材料" lists what is there.

The bytes come through ``ctx.fetch_media`` (the platform's sender: WeCom media/get, DingTalk
messageFiles/download); this handler never talks to a platform itself.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from bot.channels.base import FetchedMedia, PermanentError, TransientError
from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.exports.materials import MaterialRules
from bot.handlers.common import OPEN_STATUSES, event_changed, event_view, parsed_unit
from bot.procedure import materials as mat
from bot.procedure.config import Procedure
from store.models import Event, RegistrationForm
from store.repo import events_overlapping

log = logging.getLogger(__name__)

# "我局的材料" / "我局5月那场发布会的材料" / "查看材料" / "材料清单"; keyword rules to move to bot/nlp
LOOK_AHEAD = timedelta(days=400)


def rules_of(turn: Turn) -> MaterialRules:
    p = turn.ctx.policy
    return MaterialRules(release_max_chars=p.press_release_chars, min_questions=p.min_questions,
                         answer_max_chars=p.answer_chars)


def procedure(turn: Turn) -> Procedure:
    return turn.ctx.procedure or Procedure()




async def handle(turn: Turn) -> list[Say]:
    if getattr(turn.incoming, "kind", "text") == "file":
        return await receive(turn)
    return await list_materials(turn)


async def next_event(turn: Turn, unit_id: int) -> Event | None:
    """The event a file is for: the unit's nearest one not yet held."""
    today = turn.now.date()
    events = await events_overlapping(turn.session, today, today + LOOK_AHEAD, unit_id=unit_id,
                                      statuses=OPEN_STATUSES)
    return events[0] if events else None


async def fetch(turn: Turn) -> FetchedMedia | None:
    """The file of this message from its platform; None when it cannot be had."""
    ref = turn.incoming.media
    if ref is None or turn.ctx.fetch_media is None:
        return None
    try:
        return await turn.ctx.fetch_media(ref)
    except (TransientError, PermanentError) as exc:
        log.warning("fetching %s %s failed: %s", ref.platform, ref.type, exc)
        return None


async def receive(turn: Turn, media: FetchedMedia | None = None) -> list[Say]:
    """A material; ``media`` when the file was already fetched (a plan-or-material look, ``plan_import``)."""
    ref = turn.incoming.media
    unit = turn.actor.unit
    if ref is None or not turn.actor.may_register or unit is None:
        return [turn.reply("conversation/materials/not_yours.j2")]
    event = await next_event(turn, unit.id)
    if event is None:
        return [turn.reply("conversation/materials/no_event.j2", unit=unit.name)]
    if media is None:
        media = await fetch(turn)
    if media is None:
        return [turn.reply("conversation/materials/fetch_failed.j2")]
    kind = mat.kind_of(media.name, media.media_type, ref.type)
    person = turn.actor.person
    stored = await mat.store_material(
        turn.session, event, media, kind=kind, now=turn.now, person_id=person.id if person else None,
        inbound_id=turn.inbound.id, actor=turn.actor.name, directory=procedure(turn).materials_dir,
        rules=rules_of(turn))
    if not stored.duplicate:
        await event_changed(turn, event)  # a complete pack is no longer reminded (materials_due)
    checks = await checks_of(turn, event)
    return [turn.reply("conversation/materials/received.j2", event=event_view(event, turn.tz),
                       label=mat.KIND_LABELS[kind], name=stored.material.name,
                       size=mat.size_text(stored.material.size), facts=stored.material.facts,
                       duplicate=stored.duplicate, checks=[c.line() for c in checks],
                       complete=mat.complete(checks), limit=rules_of(turn).release_max_chars)]


async def checks_of(turn: Turn, event: Event) -> list[mat.Check]:
    form = (await turn.session.execute(select(RegistrationForm).where(
        RegistrationForm.event_id == event.id))).scalars().first()
    return mat.checklist(await mat.event_materials(turn.session, event.id), form, rules_of(turn))


async def list_materials(turn: Turn) -> list[Say]:
    unit = await parsed_unit(turn, await turn.parsed())
    if unit is None:
        return [turn.reply("conversation/register/need_unit.j2")]
    event = await next_event(turn, unit.id)
    if event is None:
        return [turn.reply("conversation/materials/no_event.j2", unit=unit.name)]
    files = await mat.event_materials(turn.session, event.id)
    checks = await checks_of(turn, event)
    return [turn.reply("conversation/materials/list.j2", event=event_view(event, turn.tz),
                       files=[{"label": mat.KIND_LABELS.get(m.kind, m.kind), "name": m.name,
                               "size": mat.size_text(m.size)} for m in files],
                       checks=[c.line() for c in checks], complete=mat.complete(checks))]
