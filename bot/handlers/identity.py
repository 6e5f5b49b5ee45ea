"""People not (yet) in the directory.

They may ask questions; anything else gets a short explanation. "我是教育局联络员张三" asks to
be added: the person is stored inactive and the office is asked to confirm by chat
("同意" / "不同意，原因…", see ``approval``); only then may they register events.
"""
from __future__ import annotations

from re import Match

from bot.conversation.actors import PENDING, directory_platform, office_people, person_target
from bot.conversation.replies import Say, say
from bot.conversation.turn import Turn
from bot.handlers.common import unit_named
from bot.nlp.intent_words import INTRODUCTION
from store.models import Person, Role

ANYONE_MAY = ("help", "greeting")  # and every query.*


def may_ask(route: str) -> bool:
    """What a stranger may ask like anyone else."""
    return route.startswith("query.") or route in ANYONE_MAY


async def handle(turn: Turn) -> list[Say]:
    """A stranger's message other than a question (see ``may_ask``)."""
    intro = INTRODUCTION.match(turn.text)
    if intro:
        return await _request(turn, intro)
    parsed = await turn.parsed()
    if turn.actor.role == PENDING:
        return [turn.reply("conversation/identity/pending.j2", name=turn.actor.name)]
    if turn.in_group and parsed.route == "other":
        return []
    return [turn.reply("conversation/identity/unknown.j2")]


async def _request(turn: Turn, intro: Match[str]) -> list[Say]:
    unit = await unit_named(turn.session, intro.group("unit").strip())
    if unit is None:
        return [turn.reply("conversation/identity/unit_unknown.j2", unit=intro.group("unit").strip())]
    name = intro.group("name") or getattr(turn.incoming, "user_name", None) or turn.incoming.user_id
    person = turn.actor.person
    if person is None:
        person = Person(platform=directory_platform(turn.incoming.platform), user_id=turn.incoming.user_id,
                        name=name, unit_id=unit.id, role=Role.LIAISON, active=False)
        turn.session.add(person)
    else:  # asked before: the newer introduction wins
        person.name, person.unit_id = name, unit.id
    await turn.session.flush()
    said = [turn.reply("conversation/identity/requested.j2", name=name, unit=unit.name)]
    for office in await office_people(turn.session):
        said.append(say("conversation/approval/request_person.j2", target=person_target(office),
                        name=name, unit=unit.name))
    return said
