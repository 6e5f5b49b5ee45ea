"""The console platform for ``pressbot chat``: replies are printed as they are delivered."""
from __future__ import annotations

import asyncio
import sys
import uuid
from datetime import datetime
from typing import Any, TextIO

from bot.channels.base import SINGLE, Incoming, Outgoing

PROMPT = "你："
BOT = "助手："


def incoming(user_id: str, text: str, message_id: str) -> Incoming:
    return Incoming(platform="console", chat_id=user_id, chat_type=SINGLE, user_id=user_id,
                    user_name=None, text=text.strip(), message_id=message_id, mentioned=True)


class ConsoleSender:
    platform = "console"
    max_bytes = 64 * 1024  # a terminal has no limit; the Sender protocol wants one

    def __init__(self, out: TextIO = sys.stdout, *, user_id: str | None = None) -> None:
        self.out = out
        self.user_id = user_id  # who is typing: a message for anyone else says whom it is for
        self.delivered = 0

    async def send(self, item: Outgoing, now: datetime) -> None:
        from bot.markdown import to_plain

        lines = (to_plain(item.body) if item.content_type == "markdown" else item.body).split("\n")
        to = str(item.target.get("user_id") or item.target.get("chat_id") or "")
        head = BOT if self.user_id is None or to in ("", self.user_id) else f"助手（发给 {to}）："
        self.out.write(head + lines[0] + "\n" + "".join(f"      {line}\n" for line in lines[1:]))
        self.out.flush()
        self.delivered += 1


def _file_links(settings: Any):
    """Exports asked for here come as download links for ``pressbot serve``: only when the
    signing key is configured (a random one would die with this process)."""
    if not settings.secret_key:
        return None
    from bot.web.config import WebConfig
    from bot.web.downloads import file_link_maker

    return file_link_maker(WebConfig.from_settings(settings))


async def run_chat(settings: Any, core: Any, user_id: str, stdin: TextIO, stdout: TextIO) -> int:
    """Read lines, hand each to the inbox as a console message, print the replies."""
    from bot.delivery.database import Database, migrate
    from bot.delivery.inbox import Inbox
    from bot.delivery.worker import OutboxWorker
    from bot.metrics import Metrics

    await migrate(settings.database_url)
    db = Database.open(settings.database_url)
    clock, metrics = core.clock, Metrics()
    worker = OutboxWorker(db, clock, {"console": ConsoleSender(stdout, user_id=user_id)}, metrics,
                          platforms=frozenset({"console"}), file_links=_file_links(settings))
    inbox = Inbox(db, clock, metrics, core)
    interactive = stdin.isatty()
    try:
        while True:
            if interactive:
                stdout.write(PROMPT)
                stdout.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            if not line.strip():
                continue
            await inbox.accept(incoming(user_id, line, f"console-{uuid.uuid4().hex}"))
            await inbox.drain()
            await worker.tick()
    finally:
        await db.close()
    return 0
