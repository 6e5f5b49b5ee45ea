"""greeting: "你好", "谢谢", "好的", "收到" get one short friendly line (in a group only when @-ed)."""
from __future__ import annotations

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.nlp.intents import greeting_kind


async def handle(turn: Turn) -> list[Say]:
    name = turn.actor.name if turn.actor.is_known else None
    return [turn.reply("conversation/greeting.j2", greeting=greeting_kind(turn.text), name=name)]
