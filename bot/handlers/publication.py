"""“实录已发布 https://…” / “预告已发 https://…”: the liaison records what was published.

A 预告 is for the unit's next event, a 实录 (an interview's 图文实录, 视频) for its latest one
held; "编号12" names the event. Keyword rules here for now (to move to bot/nlp).
"""
from __future__ import annotations

import re

from sqlalchemy import select

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.handlers.common import OPEN_STATUSES, event_view, load_event
from bot.nlp.commands import event_number
from bot.nlp.intent_words import ITEM_WORDS, PUBLISHED_SAID
from bot.procedure import publication as pub
from bot.procedure.config import Procedure
from store.models import Event, Status

LINK = re.compile(r"https?://[^\s，。；;）)]+")
CONTENT_WORDS = (("文字", ("文字", "图文")), ("图片", ("图片", "照片", "图文")), ("视频", ("视频",)),
                 ("问答", ("问答", "答问")))


def procedure(turn: Turn) -> Procedure:
    return turn.ctx.procedure or Procedure()


async def may_record(turn: Turn) -> bool:
    """A unit's liaison or the office records what was published."""
    return turn.actor.may_register or turn.actor.is_office


def item_of(word: str) -> str:
    return next(item for item, words in ITEM_WORDS if word in words)


async def handle(turn: Turn) -> list[Say]:
    m = PUBLISHED_SAID.match(turn.text)
    assert m is not None
    item = item_of(m.group("item1") or m.group("item2"))
    rest = m.group("rest")
    link = LINK.search(turn.text)
    contents = [name for name, words in CONTENT_WORDS if any(w in rest for w in words)]
    event = await _event_for(turn, item, rest)
    if event is None:
        return [turn.reply("conversation/publication/no_event.j2", item=pub.ITEM_LABELS[item])]
    person = turn.actor.person
    await pub.record(turn.session, event, item, link=link.group(0) if link else None, contents=contents,
                     now=turn.now, actor=turn.actor.name, person_id=person.id if person else None,
                     inbound_id=turn.inbound.id)
    due = pub.due_at(event, item, procedure(turn))
    late = pub.days_late(due, turn.now) if due is not None else 0
    return [turn.reply("conversation/publication/recorded.j2", event=event_view(event, turn.tz),
                       item=pub.label(item, event.kind), link=link.group(0) if link else None,
                       contents=contents, late=late)]


async def _event_for(turn: Turn, item: str, rest: str) -> Event | None:
    number = event_number(rest)
    if number is not None:
        event = await load_event(turn.session, number)
        return event if event is not None and _may(turn, event) else None
    unit = turn.actor.unit
    if unit is None:
        return None
    query = select(Event).where(Event.unit_id == unit.id, Event.status != Status.CANCELLED)
    if item == "preview":  # the next one not yet held
        query = query.where(Event.status.in_(OPEN_STATUSES), (Event.start_at.is_(None)) | (Event.start_at >= turn.now))
        query = query.order_by(Event.window_start, Event.start_at)
    else:  # the latest one that took place
        query = query.where((Event.start_at <= turn.now) | (Event.window_start <= turn.now.date()))
        query = query.order_by(Event.window_start.desc(), Event.start_at.desc())
    return (await turn.session.execute(query.limit(1))).scalars().first()


def _may(turn: Turn, event: Event) -> bool:
    return turn.actor.may_change(event.unit_id)
