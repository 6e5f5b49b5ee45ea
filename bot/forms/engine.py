"""Walks any FormSpec one message at a time: answer, 跳过, 上一步, 修改 X, 确认.

Pure: it takes the state and the text and returns the new state and the sentences to say.
Saving the state, cancelling (a global word) and submitting are the caller's business.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.forms.parsers import FieldError, FieldInput
from bot.forms.spec import CONFIRM, Field, FormSpec, FormState
from bot.render import render

SKIP_WORDS = {"跳过", "略过", "下一项", "skip", "暂无", "暂时没有"}
BACK_WORDS = {"上一步", "返回上一步", "上一项", "返回", "back"}
CONFIRM_WORDS = {"确认", "确定", "提交", "确认提交", "没问题", "对", "好", "好的", "是", "ok"}
EDIT_PREFIX = re.compile(r"^(?:请|帮我)?(?:修改|改一下|改下|更改|更正|重填|改)\s*(?:一下)?\s*")
# "通稿改成：县教育局…": the colon after the verb is no part of the value
EDIT_SUFFIX = re.compile(r"^\s*(?:改为|改成|应为|应该是|更正为)\s*[:：]?\s*")
VALUE_LEAD = re.compile(r"^\s*(?:(?:为|成|是|改为|改成)\s*[:：]?|[:：])\s*")


@dataclass
class FormTurn:
    state: FormState
    say: list[str] = field(default_factory=list)
    submitted: bool = False


def start(spec: FormSpec, values: dict[str, Any], extra: dict[str, Any] | None = None) -> FormTurn:
    """Open a form with what is already known; asks the first missing field (or shows the summary)."""
    state = FormState(form=spec.name, step=CONFIRM, values=dict(values), extra=dict(extra or {}))
    return _advance(spec, state, FormTurn(state))


def step(spec: FormSpec, state: FormState, text: str, inp: FieldInput) -> FormTurn:
    text = text.strip()
    turn = FormTurn(state)
    word = text.lower().rstrip("。.!！")
    if word in BACK_WORDS:
        return _back(spec, state, turn)
    edit = _match_edit(spec, text)
    if edit is not None:
        return _edit(spec, state, turn, inp, *edit)
    if state.step == CONFIRM:
        if word in CONFIRM_WORDS:
            turn.submitted = True
            return turn
        turn.say.append(render("conversation/forms/confirm_hint.j2", title=spec.title))
        return turn
    current = spec.field(state.step)
    if word in SKIP_WORDS:
        return _skip(spec, state, turn, current)
    return _answer(spec, state, turn, inp, current, text)


def summary(spec: FormSpec, state: FormState, *, for_office: bool = False) -> str:
    """Every field as filled; the filler is asked to confirm, the office just reads it."""
    rows = [{"label": f.label, "value": f.show(state.values.get(f.name)), "skipped": f.name in state.skipped}
            for f in spec.applicable(state.values)]
    return render(spec.summary, title=spec.title, rows=rows, values=state.values, extra=state.extra,
                  for_office=for_office)


def prompt(spec: FormSpec, state: FormState, f: Field) -> str:
    fields = spec.applicable(state.values)
    position = next((i for i, g in enumerate(fields, 1) if g.name == f.name), len(fields))
    current = state.values.get(f.name)
    body = render(f.prompt, values=state.values, extra=state.extra)
    return render("conversation/forms/ask.j2", body=body, skippable=f.skippable, position=position,
                  total=len(fields), current=None if current is None else f.show(current),
                  first=not state.asked)


def _answer(spec, state, turn, inp, f: Field, text: str) -> FormTurn:
    try:
        state.values[f.name] = f.parse(text, FieldInput(now=inp.now, values=state.values))
    except FieldError as err:
        turn.say.append(render(err.template, label=f.label, **err.context))
        turn.say.append(prompt(spec, state, f))
        return turn
    if f.name in state.skipped:
        state.skipped.remove(f.name)
    if state.return_to is not None:  # the answer to 「改一下X」: say that it took
        turn.say.append(render("conversation/forms/edited.j2", label=f.label, value=f.show(state.values[f.name])))
    return _after_value(spec, state, turn)


def _skip(spec, state, turn, f: Field) -> FormTurn:
    if not f.skippable and f.name in state.values:  # asked again with 当前：X: "跳过" keeps X
        return _after_value(spec, state, turn)
    if not f.skippable:
        turn.say.append(render("conversation/forms/cannot_skip.j2", label=f.label))
        turn.say.append(prompt(spec, state, f))
        return turn
    state.values.pop(f.name, None)
    if f.name not in state.skipped:
        state.skipped.append(f.name)
    return _after_value(spec, state, turn)


def _after_value(spec, state, turn) -> FormTurn:
    if state.return_to:
        target, state.return_to = state.return_to, None
        if target == CONFIRM or target in state.values:
            state.step = CONFIRM
            return _advance(spec, state, turn)
        state.step = target
        turn.say.append(prompt(spec, state, spec.field(target)))
        return turn
    return _advance(spec, state, turn)


def _advance(spec, state, turn) -> FormTurn:
    """Go to the first applicable field that has neither a value nor a skip; else the summary."""
    for f in spec.applicable(state.values):
        if f.name not in state.values and f.name not in state.skipped:
            state.step = f.name
            turn.say.append(prompt(spec, state, f))
            if f.name not in state.asked:
                state.asked.append(f.name)
            return turn
    state.step = CONFIRM
    turn.say.append(summary(spec, state))
    return turn


def _back(spec, state, turn) -> FormTurn:
    asked = [name for name in state.asked if spec.field(name).applies(state.values)]
    here = asked.index(state.step) if state.step in asked else len(asked)
    if here == 0:
        turn.say.append(render("conversation/forms/at_first.j2"))
        turn.say.append(prompt(spec, state, spec.field(state.step)) if state.step != CONFIRM
                        else summary(spec, state))
        return turn
    previous = spec.field(asked[here - 1])
    state.return_to = None
    state.step = previous.name
    if previous.name in state.skipped:  # asked again; a kept value is shown as 当前
        state.skipped.remove(previous.name)
    turn.say.append(prompt(spec, state, previous))
    return turn


def _match_edit(spec: FormSpec, text: str) -> tuple[Field, str] | None:
    """"改一下电话" / "修改联系电话为139…" / "电话改成139…" → (field, value text or "")."""
    m = EDIT_PREFIX.match(text)
    if m:
        found = spec.find_field(text[m.end():])
        if found:
            return found[0], VALUE_LEAD.sub("", found[1], count=1).strip()
    found = spec.find_field(text)
    if found and EDIT_SUFFIX.match(found[1]):
        return found[0], EDIT_SUFFIX.sub("", found[1], count=1).strip()
    return None


def _edit(spec, state, turn, inp, f: Field, value_text: str) -> FormTurn:
    if not f.applies(state.values):
        turn.say.append(render("conversation/forms/no_such_field.j2", label=f.label))
        return turn
    origin = state.step
    state.return_to = origin if origin != f.name else state.return_to
    state.step = f.name
    if f.name not in state.asked:
        state.asked.append(f.name)
    if value_text:
        return _answer(spec, state, turn, inp, f, value_text)
    turn.say.append(prompt(spec, state, f))
    return turn
