"""Numbered choices: "1. 新登记一场  2. 更新已有的那场"; the answer "2" / "二" / "第二个" picks one,
as do the option's own words ("更新已有的那场").

A choice is a small state (form ``choice``) holding the options, each an action name from
``bot.handlers.CHOICE_ACTIONS`` (passed in by the caller) and its JSON arguments. An answer that is not a number closes
the choice and the message is understood afresh, so nobody gets stuck in a question.
"""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.handlers.common import open_state
from bot.nlp.numbers import cn_to_int

FORM = "choice"
Action = Callable[[Turn, dict[str, Any]], Awaitable[list[Say]]]
PICK = re.compile(r"^(?:选|选择)?\s*(?:第)?\s*([0-9]+|[一二两三四五六七八九十]+)\s*(?:个|项|条|场|号)?$")


@dataclass
class Option:
    label: str
    action: str
    args: dict[str, Any] = field(default_factory=dict)


async def offer(turn: Turn, question: str, options: list[Option], *, ttl: timedelta | None = None,
                **context: Any) -> list[Say]:
    """Ask ``question`` (a template) with the options numbered; the state waits for the pick
    (until ``ttl``, by default the policy's form_ttl)."""
    await turn.save(FORM, "pick", {"options": [asdict(o) for o in options]}, ttl=ttl)
    return [turn.reply(question, options=[o.label for o in options], **context)]


def pick_number(text: str) -> int | None:
    m = PICK.match(text.strip().rstrip("。.!！"))
    if not m:
        return None
    word = m.group(1)
    return int(word) if word.isdigit() else cn_to_int(word)


# A yes/no question is two options, the first "确认…" ("确认取消", "确认导入"): words answer it too.
YES_WORDS = frozenset({"是", "是的", "对", "对的", "好", "好的", "行", "可以", "确认", "确定", "嗯", "ok", "yes", "y"})
NO_WORDS = frozenset({"不", "不是", "不要", "不用", "不用了", "不了", "否", "no", "n"})


def pick_label(text: str, options: list[Option]) -> int | None:
    """The option's own words ("确认导入") pick it as its number would; to a yes/no question
    "是"/"好的" picks the first and "不"/"不用了" the second ("算了" leaves any question)."""
    said = text.strip().rstrip("。.!！~～").strip()
    exact = next((i for i, o in enumerate(options, 1) if o.label == said), None)
    if exact is not None or len(options) != 2 or not options[0].label.startswith("确认"):
        return exact
    word = said.lower()
    return 1 if word in YES_WORDS else 2 if word in NO_WORDS else None


async def resume(turn: Turn, actions: Mapping[str, Action]) -> list[Say] | None:
    options = [Option(**o) for o in open_state(turn).data.get("options", [])]
    number = pick_number(turn.text) or pick_label(turn.text, options)
    if number is not None and not 1 <= number <= len(options):
        return [turn.reply("conversation/choice/out_of_range.j2", count=len(options))]
    await turn.clear()
    if number is None:
        return None  # not an answer to the question: understood as a new message
    option = options[number - 1]
    return await actions[option.action](turn, option.args)
