"""“后台”: the office asks for the dashboard and gets a one-time sign-in link, privately.

The link's address is where the message came from when the channel knows it (the playground
puts its own address in the reply handle), else the deployment's public URL.
"""
from __future__ import annotations

from bot.conversation.replies import Say
from bot.conversation.turn import Turn


async def handle(turn: Turn) -> list[Say]:
    from bot.web.auth import issue_login_link, may_sign_in
    from bot.web.config import LOGIN_LINK_TTL

    person = turn.actor.person
    if person is None or not turn.actor.is_office or not may_sign_in(person):
        return [turn.reply("web/bot/login_not_allowed.j2")]
    base = (getattr(turn.incoming, "reply_handle", None) or {}).get("web_base") or turn.ctx.policy.public_url
    link = await issue_login_link(turn.session, person, turn.now, base)
    minutes = int(LOGIN_LINK_TTL.total_seconds() // 60)
    if not turn.in_group:
        return [turn.reply("web/bot/login_link.j2", name=person.name, link=link, minutes=minutes)]
    # a sign-in link posted in a group would let anyone in the group in
    private = turn.reply("web/bot/login_link.j2", name=person.name, link=link, minutes=minutes,
                         target=turn.actor.target())
    return [private, turn.reply("web/bot/login_sent_privately.j2")]
