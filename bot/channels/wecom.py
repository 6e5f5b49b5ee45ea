"""WeCom self-built app: the callback routes (URL check, encrypted XML) and the senders.

Order of checks on a message (protocols.md §1, §7): query parameters → body size →
timestamp window → the signed field, read without parsing the envelope → signature
(constant time) → decryption (strict padding) and receive id → message XML → replay key,
stored with the message (shared by every instance). Each failure answers as the failure
table says and stores nothing; a forged body of any shape costs one linear scan.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.channels.base import SINGLE, Incoming, MediaRef, Rejected, log_rejection
from bot.channels.http import read_body, refusal
from bot.channels.text import clean
from bot.channels.wecom_crypto import (
    SignedQuery,
    WeComCipher,
    envelope_encrypt,
    envelope_to_user,
    parse_xml,
    signed_query,
)
from bot.clock import Clock
from bot.metrics import Metrics
from bot.settings import WeComApp

log = logging.getLogger("pressbot.channels.wecom")

Accept = Callable[..., Awaitable[int | None]]  # (incoming, *, replay_key=None, replay_ttl=...)
TEXT_TYPES = {"text"}
MEDIA_TYPES = {"file", "image", "video"}  # carry a MediaId, fetched with media/get


class WeComEndpoint:
    """What the app callback and the intelligent robot share: one signature and AES scheme,
    a replay cache, and the URL check; they differ in receive id and envelope."""

    platform: str
    path: str
    log: logging.Logger

    def __init__(self, token: str, aes_key: str, receive_id: str, *, clock: Clock, accept: Accept,
                 metrics: Metrics, body_limit: int, window: int) -> None:
        self.clock = clock
        self.accept = accept
        self.metrics = metrics
        self.body_limit = body_limit
        self.cipher = WeComCipher(token, aes_key, receive_id, window)
        self.replay_ttl = 2 * window  # older requests fail the timestamp window anyway

    async def store(self, incoming: Incoming, q: SignedQuery) -> None:
        """Into the inbox with the request's replay key (Rejected(200) when seen before)."""
        key = f"{self.platform}:{q.timestamp}:{q.nonce}:{q.signature.lower()}"[:200]
        await self.accept(incoming, replay_key=key, replay_ttl=self.replay_ttl)

    def routes(self) -> list[web.RouteDef]:
        return [web.get(self.path, self.verify_url), web.post(self.path, self.receive)]

    async def verify_url(self, request: web.Request) -> web.Response:
        """The admin console's URL check: answer the decrypted echostr, with no I/O (1 s limit)."""
        try:
            q = signed_query(request.query, with_echostr=True)
            self.cipher.check_time(q, self.clock.now())
            self.cipher.verify(q, q.echostr or "")
            plain = self.cipher.decrypt(q.echostr or "")
        except Rejected as exc:
            log_rejection(self.log, self.platform, exc, self.metrics)
            return await refusal(exc)
        return web.Response(text=plain, content_type="text/plain")

    async def receive(self, request: web.Request) -> web.Response:
        raise NotImplementedError


class WeComChannel(WeComEndpoint):
    platform = "wecom"
    path = "/wecom/callback"
    log = log

    def __init__(self, cfg: WeComApp, **kwargs: Any) -> None:
        super().__init__(cfg.token, cfg.aes_key, cfg.corp_id, **kwargs)
        self.cfg = cfg

    async def receive(self, request: web.Request) -> web.Response:
        try:
            incoming, q = await self._incoming(request)
            await self.store(incoming, q)  # stored before we answer; a repeat is a no-op
        except Rejected as exc:
            log_rejection(log, self.platform, exc, self.metrics)
            return await refusal(exc)
        return web.Response(text="")

    async def _incoming(self, request: web.Request) -> tuple[Incoming, SignedQuery]:
        q = signed_query(request.query)
        body = await read_body(request, self.body_limit)
        self.cipher.check_time(q, self.clock.now())
        encrypt = envelope_encrypt(body)
        self.cipher.verify(q, encrypt)
        to_user = envelope_to_user(body)
        if to_user is not None and to_user != self.cfg.corp_id:
            raise Rejected(403, "corp_id", f"ToUserName {to_user[:40]!r}")
        # signed, so ours to read: what the database cannot store is dropped here as the inbox
        # drops it, since XML refuses the same characters and the platform would retry forever
        message = parse_xml(clean(self.cipher.decrypt(encrypt)))
        return to_incoming(message), q


def to_incoming(msg: dict[str, Any]) -> Incoming:
    """A decrypted WeCom message as an Incoming; events are keyed by sender and time."""
    msg_type = msg.get("MsgType")
    user = msg.get("FromUserName")
    if not isinstance(msg_type, str) or not msg_type:
        raise Rejected(200, "no_msgtype", "decrypted message has no MsgType")
    if not isinstance(user, str) or not user:
        raise Rejected(400, "malformed", "no FromUserName")
    if msg_type == "event":
        message_id, kind = f"event:{user}:{msg.get('CreateTime')}", "event"
    else:
        msg_id = msg.get("MsgId")
        if not isinstance(msg_id, str) or not msg_id:
            raise Rejected(400, "malformed", "no MsgId")
        message_id, kind = msg_id, "text" if msg_type in TEXT_TYPES else "other"
    content = msg.get("Content") if kind == "text" else ""
    if not isinstance(content, str):  # elements inside <Content>: not something WeCom sends as text
        content = ""
    media = media_of(msg_type, msg)
    return Incoming(
        platform="wecom", chat_id=None, chat_type=SINGLE, user_id=user, user_name=None,
        text=(content or "").strip(), message_id=message_id, mentioned=True,
        kind="file" if media else kind, reply_handle={}, media=media,
    )


def media_of(msg_type: str, msg: dict[str, Any]) -> MediaRef | None:
    """A file, image or video message's MediaId (and its FileName where WeCom gives one)."""
    media_id = msg.get("MediaId")
    if msg_type not in MEDIA_TYPES or not isinstance(media_id, str) or not media_id:
        return None
    name = msg.get("FileName") or msg.get("Title")
    return MediaRef("wecom", media_id, name if isinstance(name, str) and name else None, msg_type)
