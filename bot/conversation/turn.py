"""One message being handled: who, where, the open state, the parse; what handlers receive."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.actors import Actor
from bot.conversation.locks import ConversationKey
from bot.conversation.policy import ConversationPolicy
from bot.conversation.replies import Say, Target, say
from bot.conversation.state import clear_state, save_state
from store.models import ConversationState, InboundMessage


class TurnContext(Protocol):
    """What a turn needs from the conversation (``bot.conversation.core.Conversation``)."""

    policy: ConversationPolicy
    procedure: Any  # bot.procedure.config.Procedure, or None for the defaults
    fetch_media: Any  # ``await fetch_media(MediaRef) -> FetchedMedia`` (bot.channels.media), or None

    def now(self) -> datetime: ...

    async def unit_directory(self, session: AsyncSession) -> Any: ...

    def parser(self) -> Any: ...

    async def on_event_changed(self, session: AsyncSession, event_id: int, now: datetime) -> None: ...


@dataclass
class Turn:
    ctx: TurnContext
    session: AsyncSession
    incoming: Any
    inbound: InboundMessage
    actor: Actor
    key: ConversationKey
    now: datetime
    text: str
    state: ConversationState | None = None
    notes: list[Say] = field(default_factory=list)  # said before the handler's answer (an expiry notice)
    _parsed: Any = None

    @property
    def tz(self) -> Any:
        """The deployment's zone: the clock's ``now`` is aware in it."""
        return self.now.tzinfo

    @property
    def in_group(self) -> bool:
        return getattr(self.incoming, "chat_type", "single") == "group"

    async def parsed(self) -> Any:
        """The NLP parse of this message, computed once."""
        if self._parsed is None:
            unit = self.actor.unit.name if self.actor.unit else None
            units = await self.ctx.unit_directory(self.session)
            self._parsed = self.ctx.parser()(self.text, now=self.now, sender_unit=unit, units=units)
        return self._parsed

    async def save(self, form: str, step: str, data: dict[str, Any], event_id: int | None = None,
                   ttl: timedelta | None = None) -> None:
        """Open (or move on) this chat's state; it expires after ``ttl`` (the policy's form_ttl)."""
        self.state = await save_state(
            self.session, self.key, self.state, form=form, step=step, data=data, now=self.now,
            ttl=ttl or self.ctx.policy.form_ttl, event_id=event_id,
        )

    async def clear(self) -> None:
        await clear_state(self.session, self.state)
        self.state = None

    def reply(self, template: str, /, markdown: bool = False, target: Target | None = None, **context: Any) -> Say:
        """A rendered reply; with ``target`` it goes to that person instead of this chat."""
        return say(template, markdown=markdown, target=target, **context)

    @property
    def actor_fields(self) -> dict[str, Any]:
        """What every history row needs: who and which message."""
        person = self.actor.person
        return {"actor": self.actor.name, "person_id": person.id if person else None,
                "inbound_id": self.inbound.id, "now": self.now}
