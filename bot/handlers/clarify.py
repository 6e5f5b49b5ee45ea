"""A message about events that the parse could not place gets one numbered question, not a guess.

Chatter ("好的", "辛苦了", "收到") is never answered in a group; in a one-to-one chat it gets a
one-line pointer to 帮助.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.handlers import choice

ABOUT_EVENTS = re.compile(r"发布会|吹风会|访谈|登记表|统计表|发布(?![会人厅])")
CHOICES = (
    ("register", "登记一场新的发布会或访谈"),
    ("query", "查询已登记的安排"),
    ("reschedule", "修改时间（改期）"),
    ("cancel", "取消一场"),
    ("report", "已经举办，填报统计表"),
)
LOW_CONFIDENCE = 0.5


def unsure(parsed: Any, text: str) -> bool:
    """The parse guessed: a confidence below the bar, or no intent keyword at all ("发布会的事")."""
    confidence = getattr(parsed, "confidence", None)
    if confidence is not None:
        return confidence < LOW_CONFIDENCE
    if parsed.intent not in ("query", "register"):
        return False
    from bot.nlp import normalize
    from bot.nlp.intents import scores

    return max(scores(normalize(text)).values()) == 0


async def handle(turn: Turn) -> list[Say]:
    if ABOUT_EVENTS.search(turn.text):
        options = [choice.Option(label, "clarify.intent", {"intent": intent, "text": turn.text})
                   for intent, label in CHOICES]
        return await choice.offer(turn, "conversation/clarify.j2", options, text=turn.text)
    if turn.in_group:
        return []
    return [turn.reply("conversation/not_understood.j2")]


async def with_intent(turn: Turn, args: dict[str, Any]) -> list[Say]:
    """The user picked what they meant: handle the original text with that intent."""
    from bot.handlers import INTENTS

    turn.text = args["text"]
    parsed = await turn.parsed()
    turn._parsed = dataclasses.replace(parsed, intent=args["intent"])
    return await INTENTS[args["intent"]](turn)
