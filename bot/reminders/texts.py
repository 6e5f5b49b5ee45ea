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


def merged_text(recipient: Recipient, items: list[tuple[str, str, Mapping[str, Any]]]) -> str:
    """One message for one person: the reminders as (rule, text, payload), numbered; the reports
    of unreachable contacts become one entry that names them all."""
    unreachable = [payload for rule, _, payload in items if rule == "unreachable"]
    texts = [text for rule, text, _ in items if rule != "unreachable" or len(unreachable) == 1]
    if len(unreachable) > 1:
        texts.append(render("reminders/unreachable.j2", contacts=unreachable))
    if len(texts) == 1:
        return texts[0]
    # the message greets once: an item's own "周局长您好，" after its heading is dropped
    hello = f"】{recipient.name}您好，"
    texts = [text.replace(hello, "】", 1) for text in texts]
    return render("reminders/merged.j2", recipient=recipient.name, count=len(texts), items=texts)
