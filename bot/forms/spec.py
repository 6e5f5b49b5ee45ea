"""A chat form declared as data: fields in order, each with a prompt template, a parser and rules.

The engine (``bot.forms.engine``) walks any ``FormSpec``; no form has step code of its own.
Steps are field names (strings) plus ``CONFIRM``; never positions, so a stored state stays
readable and survives a field being added to the form.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.forms.parsers import FieldInput, count_chars

CONFIRM = "confirm"


def always(values: dict[str, Any]) -> bool:
    return True


def show_value(value: Any) -> str:
    """How a stored value reads in a summary."""
    if value is None:
        return "（未填）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return f"{len(value)}组"
        return "、".join(str(v) for v in value) if value else "（无）"
    return str(value)


EXCERPT_CHARS = 30


def show_long(value: Any) -> str:
    """A long text as the filler wrote it, its beginning only: "区教育局将于…（共312字）"."""
    if not value:
        return "（未填）"
    text = " ".join(str(value).split())
    if len(text) <= EXCERPT_CHARS:
        return text
    return f"{text[:EXCERPT_CHARS]}…（共{count_chars(text)}字）"


def show_time(value: Any) -> str:
    from bot.clock import DEFAULT_TZ
    from bot.timefmt import format_exact

    return "（未填）" if not value else format_exact(datetime.fromisoformat(value), DEFAULT_TZ)


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # as the user says it: "联系电话"
    prompt: str  # template under templates/
    parse: Callable[[str, FieldInput], Any]
    skippable: bool = False
    aliases: tuple[str, ...] = ()  # other words for "改一下电话"
    applies: Callable[[dict[str, Any]], bool] = always
    show: Callable[[Any], str] = show_value

    def words(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class FormSpec:
    name: str  # "registration": also ConversationState.form
    title: str  # "登记表"
    fields: tuple[Field, ...]
    summary: str  # template showing every field before 确认

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def applicable(self, values: dict[str, Any]) -> list[Field]:
        return [f for f in self.fields if f.applies(values)]

    def find_field(self, text: str) -> tuple[Field, str] | None:
        """The field named at the start of ``text`` (longest word wins) and what follows it."""
        best: tuple[Field, str] | None = None
        best_len = 0
        for f in self.fields:
            for word in f.words():
                if text.startswith(word) and len(word) > best_len:
                    best, best_len = (f, text[len(word):]), len(word)
        return best


@dataclass
class FormState:
    """What a form holds between messages; stored as JSON in ConversationState.data."""

    form: str
    step: str
    values: dict[str, Any] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)  # fields asked so far, for 上一步
    skipped: list[str] = field(default_factory=list)
    return_to: str | None = None  # where an edit ("改一下电话") goes back to
    extra: dict[str, Any] = field(default_factory=dict)  # event id, expected counts ...

    def to_data(self) -> dict[str, Any]:
        return {"values": self.values, "asked": self.asked, "skipped": self.skipped,
                "return_to": self.return_to, "extra": self.extra}

    @classmethod
    def from_data(cls, form: str, step: str, data: dict[str, Any]) -> FormState:
        return cls(form=form, step=step, values=dict(data.get("values", {})),
                   asked=list(data.get("asked", [])), skipped=list(data.get("skipped", [])),
                   return_to=data.get("return_to"), extra=dict(data.get("extra", {})))
