"""Messages acknowledged while the database could not store them (down, restarting, locked).

A platform retries a failed callback only a few times (WeCom three times, 5 s apart), so an
outage of more than about ten seconds used to lose every message sent in its first seconds.
When the inbox's insert fails with a transient error, the signed and checked message is
written here instead, one JSON line, flushed to disk (fsync) before the platform gets its
200; ``Inbox.run_spool`` puts the lines into the inbox once the database answers again.
The insert is the usual ``ON CONFLICT DO NOTHING``: a message the platform also retried,
or a line replayed twice after a crash, is stored once.

Each process writes a file of its own in the directory; any process replays any file, under
an exclusive ``flock`` that the writer also takes for each append. A file replayed and
removed while its writer waited for the lock is noticed by the writer (no links left), which
then writes a new file, so no line goes to a removed file.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger("pressbot.spool")

PREFIX, SUFFIX = "inbound-", ".jsonl"


class Spool:
    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._name = f"{PREFIX}{os.getpid()}-{time.time_ns()}{SUFFIX}"

    def add(self, entries: list[dict[str, Any]]) -> None:
        """Append the messages (each the inbox's row values, plus its replay key if any) and
        flush them to disk; raises OSError when they could not be kept."""
        data = "".join(json.dumps(e, ensure_ascii=False, default=_iso) + "\n" for e in entries).encode()
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.directory / self._name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                if os.fstat(fd).st_nlink == 0:  # replayed and removed while this waited
                    continue
                os.write(fd, data)
                os.fsync(fd)
                return
            finally:
                os.close(fd)

    def files(self) -> list[Path]:
        try:
            return sorted(p for p in self.directory.iterdir() if p.name.startswith(PREFIX) and p.suffix == SUFFIX)
        except FileNotFoundError:
            return []

    def take(self, path: Path) -> tuple[int, list[dict[str, Any]]] | None:
        """Lock ``path`` and read its messages: (the locked descriptor, the lines). None if
        another process holds it now; ``done`` releases it."""
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        if os.fstat(fd).st_nlink == 0:
            os.close(fd)
            return None
        with os.fdopen(os.dup(fd), "rb") as f:
            text = f.read()
        entries = []
        for line in text.splitlines():
            try:
                entries.append(_revive(json.loads(line)))
            except (ValueError, TypeError, KeyError):  # a line cut by a crash: its 200 was never sent
                log.warning("spool %s: an unreadable line skipped", path.name)
        return fd, entries

    def done(self, path: Path, fd: int, stored: bool) -> None:
        """Release ``path``; removed once its messages are in the inbox."""
        try:
            if stored:
                os.unlink(path)
        finally:
            os.close(fd)


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _revive(entry: dict[str, Any]) -> dict[str, Any]:
    values = dict(entry["values"])
    values["received_at"] = datetime.fromisoformat(values["received_at"])
    expires = entry.get("expires")
    return {"values": values, "replay_key": entry.get("replay_key"),
            "expires": datetime.fromisoformat(expires) if expires else None}


def default_directory(database_url: str) -> Path:
    """Beside the SQLite file ("pressbot.db" → "pressbot.spool"), else ``pressbot-spool`` in
    the working directory."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).with_suffix(".spool")
    return Path("pressbot-spool")
