"""help: what the bot can do, with three example sentences that fit the person's role."""
from __future__ import annotations

from bot.conversation.actors import PENDING, UNKNOWN
from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from store.models import Role
from store.rules import OFFICE_ROLES

# Which help text a role reads; the examples themselves are in the template.
ROLE_HELP = {
    Role.LIAISON.value: "liaison",
    Role.DIRECTOR.value: "director",
    **{role: "office" for role in OFFICE_ROLES},
    UNKNOWN: "unknown",
    PENDING: "unknown",
}
FORM_TITLES = {"registration": "登记表", "statistics": "统计表"}


async def handle(turn: Turn) -> list[Say]:
    unit = turn.actor.unit.name if turn.actor.unit else "我局"
    short = unit.removeprefix("区").removeprefix("市").removeprefix("县")
    open_form = FORM_TITLES.get(turn.state.form) if turn.state is not None else None
    return [turn.reply("conversation/help.j2", role=ROLE_HELP.get(turn.actor.role, "unknown"),
                       name=turn.actor.name, unit=short, open_form=open_form)]
