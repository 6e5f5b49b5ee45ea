"""A message about events that the parse is not sure of gets one numbered question, not a guess.

Anything else the bot does not understand gets a one-line pointer to 帮助 in a one-to-one
chat, and silence in a group.
"""
from __future__ import annotations

from typing import Any

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.handlers import choice

CHOICES = (
    ("register", "登记一场新的发布会或访谈"),
    ("query.list", "查询已登记的安排"),
    ("reschedule", "修改时间（改期）"),
    ("cancel", "取消一场"),
    ("report", "已经举办，填报统计表"),
)


ABOUT_EVENTS = ("register", "reschedule", "cancel", "report")  # and every query.*


async def handle(turn: Turn) -> list[Say]:
    parsed = await turn.parsed()
    if parsed.route in ABOUT_EVENTS or parsed.route.startswith("query."):
        options = [choice.Option(label, "clarify.intent", {"route": route, "text": turn.text})
                   for route, label in CHOICES]
        return await choice.offer(turn, "conversation/clarify.j2", options, text=turn.text)
    if turn.in_group:
        return []
    return [turn.reply("conversation/not_understood.j2")]


def picked_route(args: dict[str, Any]) -> str:
    """The route the user picked (``intent``: a choice offered before routes were dotted)."""
    route = args.get("route") or args["intent"]
    return "query.list" if route == "query" else route
