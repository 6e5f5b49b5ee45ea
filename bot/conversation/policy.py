"""How the conversation behaves, beside the deployment's rules it follows."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.reminders.policy import Policy


@dataclass(frozen=True)
class ConversationPolicy:
    """How the conversation behaves; the notices' rules themselves are ``rules`` (the
    deployment's ``[reminders]`` table), so that answers and reminders never disagree."""

    rules: Policy = field(default_factory=Policy)
    public_url: str = "http://127.0.0.1:8080"  # how people reach the server, for links in chat
    form_ttl: timedelta = timedelta(hours=24)
    press_release_chars: int = 1200
    min_questions: int = 2
    answer_chars: int = 500
    group_month_after: int = 8  # a list longer than this is grouped by month
    unit_cache: timedelta = timedelta(minutes=1)
