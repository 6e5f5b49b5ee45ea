"""The order in which a message is understood.

global words (取消/退出/算了, 帮助) → identity (unknown people may only ask) → the open form or
choice of this (chat, user) → ``bot.handlers.handle``: the parse's route in the ``INTENTS``
table (a parse that is not sure gets a numbered question).
"""
from __future__ import annotations

import re

from bot.conversation.replies import Say
from bot.conversation.state import is_expired
from bot.conversation.turn import Turn

CANCEL_WORDS = {"取消", "退出", "算了", "不填了", "取消填写", "先不填了", "cancel", "quit"}
HELP_WORDS = {"帮助", "help", "?", "？", "菜单", "怎么用", "使用说明", "帮助一下"}
TRAILING = re.compile(r"[。.!！~～\s]+$")


def normalize(text: str) -> str:
    return TRAILING.sub("", text.strip()).lower()


async def route(turn: Turn) -> list[Say]:
    from bot import handlers

    word = normalize(turn.text)
    if word in CANCEL_WORDS:
        return await handlers.cancel_open(turn)
    if word in HELP_WORDS:
        return await handlers.help.handle(turn)
    if turn.state is not None and is_expired(turn.state, turn.now):
        turn.notes.extend(await handlers.expire_open(turn))
    if not turn.actor.is_known:
        return await handlers.handle_stranger(turn)
    if turn.state is not None:
        said = await handlers.resume_open(turn)
        if said is not None:
            return said
    return await handlers.handle(turn)
