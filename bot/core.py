"""``build_core``: the one conversation every entry point runs (``serve``, ``chat``, the
playground, tests and benches), so that they all answer alike."""
from __future__ import annotations

import logging
from typing import Any

from bot.clock import Clock
from bot.conversation import Conversation, ConversationPolicy
from bot.reminders.policy import Policy
from bot.settings import Settings

log = logging.getLogger("pressbot.core")


def build_core(settings: Settings, clock: Clock, policy: Policy | None = None) -> Conversation:
    """The conversation for a deployment: its rules are ``policy`` or the settings' ``[reminders]``."""
    from bot.procedure.config import procedure_of

    rules = policy or settings.reminders
    return Conversation(clock=clock, policy=ConversationPolicy(rules=rules, public_url=settings.public_url),
                        procedure=procedure_of(settings, rules))


# What a restarted instance rehearses before it takes requests: each family of handler (a
# registration, a change, a list, a count, the missing forms, a form, help), each through the
# whole conversation in a transaction that is then rolled back.
WARM_UP = ("我局5月中旬召开就业创业政策发布会，发布人周强副主任", "本月有哪些发布会", "改期到12月18日下午3点",
           "教育局今年有几场发布会", "哪些单位还没报登记表", "填登记表", "帮助")


async def warm_up(conversation: Conversation, db: Any) -> None:
    """Compile what the first messages would otherwise wait for (the templates, the SQL
    statements, the unit directory, the patterns) before the service takes requests, so a
    restarted instance's first acknowledgements do not queue behind it. Nothing is kept."""
    from sqlalchemy import select

    from bot.delivery.inbox import AFTER_COMMIT, DispatchContext, to_incoming
    from bot.nlp import parse
    from bot.nlp.units import UnitDirectory
    from bot.render import environment
    from store.models import InboundMessage, Person

    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)
    now = conversation.now()
    for text in WARM_UP:  # the segmenter's dictionary and the patterns load here, holding no lock
        parse(text, now=now, sender_unit=None, units=UnitDirectory())
    try:
        async with db.reading() as session:
            person = await session.scalar(select(Person).where(Person.active.is_(True), Person.unit_id.is_not(None))
                                          .order_by(Person.id).limit(1))
        for n, text in enumerate(WARM_UP):
            async with db.handling() as session:
                session.info[AFTER_COMMIT] = []  # as under the Inbox: reminders are requested, not worked out here
                row = InboundMessage(
                    platform=person.platform if person else "console", message_id=f"warm-up-{n}",
                    chat_id=person.user_id if person else "warm-up", chat_type="single",
                    user_id=person.user_id if person else "warm-up", user_name="", text=text, mentioned=False,
                    reply_handle={}, received_at=now, status="received")
                session.add(row)
                await session.flush()
                await conversation(to_incoming(row), DispatchContext(now, session, row.id))
                await session.rollback()
    except Exception:  # noqa: BLE001 - a rehearsal must never keep the service from starting
        log.warning("warm-up rehearsal failed; the first messages will be slower", exc_info=True)
