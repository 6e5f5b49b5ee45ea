"""The conversation: one object per process, built by ``bot.core.build_core``.

``Conversation`` is what the Inbox calls for every stored message, inside the Inbox's
transaction (the one that marks the message handled and queues the replies): it takes the
(chat, user) key's lock, claims the inbound row, finds out who is writing, loads the open
state, lets ``bot.conversation.dispatch.route`` choose a handler, and returns the replies. A
lost version race on the state (another process) is handled again from the fresh state, once.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from bot.channels.base import Incoming
from bot.clock import Clock
from bot.conversation.actors import identify
from bot.conversation.inbound import claim, clean_text, is_addressed, key_of
from bot.conversation.locks import ConversationKey, KeyLocks
from bot.conversation.policy import ConversationPolicy
from bot.conversation.replies import Say
from bot.conversation.state import StateConflict, load_state
from bot.conversation.turn import Turn

log = logging.getLogger(__name__)
ATTEMPTS = 2  # a lost version race is retried once from the fresh state


@dataclass
class Conversation:
    """Shared by every message of the process: the key locks, the unit directory, the rules."""

    clock: Clock
    policy: ConversationPolicy = field(default_factory=ConversationPolicy)
    units: Any = None  # a bot.nlp.units.UnitDirectory; loaded from the database when None
    parse: Callable[..., Any] | None = None  # bot.nlp.parse unless a test gives another
    locks: KeyLocks = field(default_factory=KeyLocks)
    # The deployment's procedure (a bot.procedure.config.Procedure; defaults when None) and how
    # a received file's bytes are fetched (bot.channels.media; the app sets it from its senders).
    procedure: Any = None
    fetch_media: Callable[[Any], Awaitable[Any]] | None = None
    # Once a message that changed events is committed: who works out their reminders (the
    # requests it wrote). None: this process, at once; ``pressbot serve``'s handler tells the
    # rounds process instead (bot.delivery.handler_process).
    reminders_requested: Callable[[Any], Awaitable[None]] | None = None
    _units_loaded_at: datetime | None = None
    _units_from_db: bool = False

    def now(self) -> datetime:
        return self.clock.now()

    async def __call__(self, incoming: Incoming, dctx: Any) -> list[Say]:
        """The replies to a stored message, in the Inbox's transaction (``dctx.session``)."""
        if not is_addressed(incoming) or incoming.kind == "event":
            return []
        key = key_of(incoming)
        session: AsyncSession = dctx.session
        await self.locks.acquire(key)
        _release_when_transaction_ends(session, lambda: self.locks.release(key))
        for attempt in range(1, ATTEMPTS + 1):
            try:
                async with session.begin_nested():
                    return await self._turn(incoming, key, session, dctx.now, dctx.inbound_id)
            except (StateConflict, StaleDataError):
                if attempt == ATTEMPTS:
                    raise
                log.info("conversation %s changed meanwhile; handling the message again", key)
        return []

    async def _turn(self, incoming: Incoming, key: ConversationKey, session: AsyncSession,
                    now: datetime, inbound_id: int) -> list[Say]:
        from bot.conversation.dispatch import route

        inbound = await claim(session, inbound_id)
        if inbound is None:
            return []
        actor = await identify(session, incoming.platform, incoming.user_id, incoming.user_name)
        state = await load_state(session, key)
        text = clean_text(incoming.text) if incoming.kind == "text" else ""
        turn = Turn(ctx=self, session=session, incoming=incoming, inbound=inbound, actor=actor,
                    key=key, now=now, text=text, state=state)
        said = await route(turn)
        return turn.notes + said

    async def on_event_changed(self, session: AsyncSession, event_id: int, now: datetime) -> None:
        """An event changed in this message's transaction. Under the Inbox, a request for its
        reminders is written in that transaction and worked off once it is committed, by the
        rounds (``bot.reminders.requests``: reading the register and working out the reminders
        then never delays the next message); elsewhere they are recomputed right here."""
        from bot.delivery.inbox import after_commit
        from bot.reminders.reconcile import on_event_changed
        from bot.reminders.requests import request

        later = after_commit(session)
        if later is None:
            await on_event_changed(session, event_id, now, self.policy.rules)
            return
        request(session, [event_id])
        if not session.info.get(CHANGED_EVENTS):
            session.info[CHANGED_EVENTS] = True
            later.append(self.reminders_requested or self._work_requests)

    async def _work_requests(self, db: Any) -> None:
        from bot.reminders.requests import work_requests

        await work_requests(db.handling_sessions, self.now, self.policy.rules)

    async def unit_directory(self, session: AsyncSession) -> Any:
        """The directory; rebuilt from the units table now and then, so imported units appear."""
        now = self.now()
        stale = self._units_loaded_at is None or now - self._units_loaded_at > self.policy.unit_cache
        if self.units is not None and not (self._units_from_db and stale):
            return self.units
        from bot.nlp.units import UnitDirectory
        from store.units import directory_entries

        self.units = UnitDirectory(await directory_entries(session))
        self._units_loaded_at, self._units_from_db = now, True
        return self.units

    def parser(self) -> Callable[..., Any]:
        if self.parse is None:
            from bot.nlp import parse

            self.parse = parse
        return self.parse


CHANGED_EVENTS = "pressbot_changed_events"  # session.info: reminders were requested in this transaction


def _release_when_transaction_ends(session: AsyncSession, release: Callable[[], None]) -> None:
    """Keep the key locked until the Inbox commits or rolls back (its state is written then)."""
    sync = session.sync_session
    root = sync.get_transaction()
    if root is None:
        release()
        return
    released: list[bool] = []

    def on_end(_session: Any, transaction: Any) -> None:
        if transaction is root and not released:
            released.append(True)
            release()
            # removing a listener while SQLAlchemy iterates its listeners is not allowed
            asyncio.get_running_loop().call_soon(event.remove, sync, "after_transaction_end", on_end)

    event.listen(sync, "after_transaction_end", on_end)
