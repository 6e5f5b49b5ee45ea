"""The neutral types every channel speaks, and the outcomes a sender may report.

Nothing above ``bot/channels`` knows which platform a message came from: it sees an
``Incoming`` and returns ``Reply`` objects; the channel that produced the Incoming knows how
to send the replies back (``reply_handle`` carries what it needs: a session webhook, a
response_url ...).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

SINGLE = "single"
GROUP = "group"


@dataclass(frozen=True)
class Incoming:
    platform: str  # wecom / wecom_aibot / dingtalk / console
    chat_id: str | None
    chat_type: str  # single / group
    user_id: str
    user_name: str | None
    text: str
    message_id: str  # the platform's id: the dedupe key
    mentioned: bool
    reply_handle: dict[str, Any] = field(default_factory=dict)
    kind: str = "text"  # text / event / file (file, image, video: see ``media``) / other (voice ...)
    media: MediaRef | None = None  # what a "file" message carries; fetched by the sender's fetch_media


@dataclass(frozen=True)
class MediaRef:
    """A file, picture or video received in chat, as the platform names it: fetch the bytes
    with the sender of ``platform`` (``await sender.fetch_media(ref)``)."""

    platform: str  # wecom / dingtalk
    id: str  # WeCom MediaId (valid 3 days), DingTalk downloadCode
    name: str | None  # the file name when the message gives one
    type: str  # file / image / video

    def as_json(self) -> dict[str, Any]:
        return {"platform": self.platform, "id": self.id, "name": self.name, "type": self.type}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MediaRef:
        return cls(str(data["platform"]), str(data["id"]), data.get("name"), str(data.get("type") or "file"))


@dataclass(frozen=True)
class FetchedMedia:
    name: str
    content: bytes = field(repr=False)
    media_type: str


@dataclass(frozen=True)
class FileAttachment:
    """A document for the chat: a file message where the platform can send one, else a link.

    ``source`` says how the document is built again (for a signed download link); the
    channel layer treats it as opaque.
    """

    filename: str
    content: bytes = field(repr=False)
    media_type: str
    source: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """Another person to tell (the office, a liaison) instead of the chat the message came from."""

    platform: str
    user_id: str
    name: str
    person_id: int | None = None


@dataclass(frozen=True)
class Reply:
    text: str  # with a file: a plain description (the file itself is what is sent)
    markdown: bool = False
    file: FileAttachment | None = None
    target: Target | None = None  # None: into the conversation the message came from


@dataclass(frozen=True)
class Outgoing:
    """One outbox row as a sender sees it."""

    id: int
    idempotency_key: str
    platform: str
    target: dict[str, Any]
    content_type: str  # text / markdown / file
    body: str  # a file's name for content_type "file"
    attempts: int
    file: FileAttachment | None = None  # the bytes, loaded by the worker for content_type "file"
    parts_sent: int = 0  # of a body the sender splits further: delivered on earlier tries
    resend: bool = False  # claimed before: an earlier try may have reached the platform
    claims: int = 0  # the claims that may have reached the platform, this one included


class Sender(Protocol):
    platform: str
    max_bytes: int  # replies are split to fit before they are queued
    # A sender that can send files says ``sends_files = True``; the others get a text with a
    # download link instead (``bot.delivery.files``).

    async def send(self, item: Outgoing, now: datetime) -> None:
        """Deliver or raise one of the exceptions below."""

    # A sender that receives files also has ``async def fetch_media(self, ref: MediaRef) ->
    # FetchedMedia`` (raising TransientError / PermanentError like ``send``).


class Rejected(Exception):
    """A bad inbound request: answered with ``status`` and ``body``, counted under ``reason``."""

    def __init__(self, status: int, reason: str, detail: str = "", body: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.status = status
        self.reason = reason
        self.detail = detail
        self.body = body


def timestamp_skew(raw: str, now: datetime, *, status: int, per_second: int = 1) -> float:
    """Seconds between a signed request's timestamp (``per_second`` units a second: 1000 for
    milliseconds) and now. Plain digits only, at most 16 of them: a longer number cannot be a
    time, and turning it into one would overflow before the signature is even looked at."""
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 16):
        raise Rejected(status, "timestamp", f"not a number: {raw[:20]!r}")
    return abs(now.timestamp() - int(raw) / per_second)


class RetryLater(Exception):
    """The platform asked us to slow down: queue again after ``delay`` seconds, not a failure."""

    def __init__(self, delay: float, reason: str) -> None:
        super().__init__(reason)
        self.delay = delay


class TransientError(Exception):
    """Worth another try after a backoff (network error, 5xx, platform busy). ``reached``
    is False when the request never left (the connection was refused): the platform has not
    seen it, so the next try is not a resend."""

    def __init__(self, *args: Any, reached: bool = True) -> None:
        super().__init__(*args)
        self.reached = reached


class PermanentError(Exception):
    """Retrying cannot help (no such user, no way to reach the chat): mark the message dead."""


def log_rejection(log: logging.Logger, channel: str, exc: Rejected, metrics: Any) -> None:
    log.warning("%s: rejected (%s) %s", channel, exc.reason, exc.detail)
    metrics.rejected.inc(channel=channel, reason=exc.reason)
