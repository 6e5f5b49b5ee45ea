"""The loops that work on what is stored: handling messages, the procedure rounds, reminders.

One definition for both places they run: inside the web process (``pressbot chat``, the
tests, ``PRESSBOT_HANDLING=inline``) and in the handler process that ``pressbot serve``
starts beside it (``bot.delivery.handler_process``).
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
from typing import Any

from bot.clock import Clock
from bot.delivery.database import Database
from bot.delivery.inbox import Inbox
from bot.delivery.tasks import TaskTracker

log = logging.getLogger("pressbot.background")


class Loops:
    def __init__(self, db: Database, clock: Clock, settings: Any, inbox: Inbox | None, tasks: TaskTracker) -> None:
        self.db, self.clock, self.settings, self.inbox, self.tasks = db, clock, settings, inbox, tasks
        self._stop = asyncio.Event()
        self.requested = asyncio.Event()  # set: reminder requests were committed (bot.reminders.requests)

    async def start(self, *, reminders: bool, handling: bool = True, rounds: bool = True) -> None:
        """With ``handling``, rehearse (``warm_up``), then handle what waits (a crash's leftovers
        too); with ``rounds``, run the procedure rounds; with ``reminders``, the reminder
        scheduler. ``pressbot serve`` runs the first in one process, the others in another, so
        that a round's reading and composing never delays a reply."""
        from bot.conversation import Conversation
        from bot.core import warm_up
        from bot.procedure.config import procedure_of
        from bot.procedure.rounds import run_rounds

        if handling and self.inbox is not None:
            # messages already waiting (a restart under load) are the rehearsal: handling them
            # compiles the same, while seven rehearsed writes would queue for the write lock
            # behind the platforms' retries and delay them all
            if isinstance(self.inbox.dispatch, Conversation) and not await self.inbox.has_waiting():
                await warm_up(self.inbox.dispatch, self.db)
            self.tasks.spawn(self.inbox.run(), name="inbox")
        if rounds:  # packs, approval, publication; the reminders of events that changed
            from bot.reminders.requests import run_requests

            self.tasks.spawn(run_rounds(self.db, self.clock, procedure_of(self.settings, self.settings.reminders),
                                        stop=self._stop), name="procedure")
            self.tasks.spawn(run_requests(self.db.handling_sessions, self.clock, self.settings.reminders,
                                          wake=self.requested, stop=self._stop), name="reminder-requests")
        if reminders:  # reminders are rows: the scheduler claims due ones with a lease, writes the outbox
            from bot.reminders.scheduler import messages_first, run_scheduler

            self.tasks.spawn(run_scheduler(self.db.handling_sessions, self.clock, self.settings.reminders,
                                           worker_id=f"{socket.gethostname()}:{os.getpid()}", stop=self._stop,
                                           reader=self.db.read_sessions,
                                           pause=messages_first(self.db.read_sessions)),
                             name="reminder-scheduler")

    def stop(self) -> None:
        """Finish the message in hand and the current round, start nothing new."""
        if self.inbox is not None:
            self.inbox.stop()
        self._stop.set()
