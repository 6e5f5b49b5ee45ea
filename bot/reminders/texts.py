"""Reminder texts: one template per rule (``templates/reminders/<rule>.j2``), and the merge of
several reminders for one person into one message."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.reminders.register import Recipient
from bot.render import render
from store.rules import ROLE_NAMES


def template_for(rule: str) -> str:
    return f"reminders/{rule}.j2"


def reminder_text(rule: str, recipient: Recipient, context: Mapping[str, Any]) -> str:
    return render(template_for(rule), recipient=recipient.name,
                  role=ROLE_NAMES.get(recipient.role, recipient.role), **context)


def merged_text(recipient: Recipient, texts: list[str]) -> str:
    if len(texts) == 1:
        return texts[0]
    return render("reminders/merged.j2", recipient=recipient.name, count=len(texts), items=texts)
