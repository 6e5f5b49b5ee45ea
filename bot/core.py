"""``build_core``: the one conversation every entry point runs (``serve``, ``chat``, the
playground, tests and benches), so that they all answer alike."""
from __future__ import annotations

from bot.clock import Clock
from bot.conversation import Conversation, ConversationPolicy
from bot.reminders.policy import Policy
from bot.settings import Settings


def build_core(settings: Settings, clock: Clock, policy: Policy | None = None) -> Conversation:
    """The conversation for a deployment: its rules are ``policy`` or the settings' ``[reminders]``."""
    from bot.procedure.config import procedure_of

    rules = policy or settings.reminders
    return Conversation(clock=clock, policy=ConversationPolicy(rules=rules, public_url=settings.public_url),
                        procedure=procedure_of(settings, rules))
