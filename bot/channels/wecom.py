"""WeCom self-built app: the callback routes (URL check, encrypted XML) and the senders.

Order of checks on a message (protocols.md §1, §7): query parameters → body size →
timestamp window → envelope XML (entities refused) → signature (constant time) →
decryption and receive id → message XML. Each failure answers as the failure table says
and stores nothing.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.channels.base import SINGLE, Incoming, MediaRef, Rejected, log_rejection
from bot.channels.http import read_body, reject_response
from bot.channels.wecom_crypto import NonceCache, WeComCipher, parse_xml, signed_query
from bot.clock import Clock
from bot.metrics import Metrics
from bot.settings import WeComApp

log = logging.getLogger("pressbot.channels.wecom")

Accept = Callable[[Incoming], Awaitable[int | None]]
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
        self.nonces = NonceCache(2 * window)

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
            return reject_response(exc)
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
        except Rejected as exc:
            log_rejection(log, self.platform, exc, self.metrics)
            return reject_response(exc)
        await self.accept(incoming)  # stored before we answer; a repeat is a no-op
        self.nonces.remember(q)
        return web.Response(text="")

    async def _incoming(self, request: web.Request) -> tuple[Incoming, Any]:
        q = signed_query(request.query)
        body = await read_body(request, self.body_limit)
        self.cipher.check_time(q, self.clock.now())
        root = parse_xml(body)
        encrypt = root.get("Encrypt")
        if not isinstance(encrypt, str) or not encrypt:
            raise Rejected(400, "malformed", "no <Encrypt>")
        self.cipher.verify(q, encrypt)
        if self.nonces.seen(q):
            raise Rejected(200, "replay", f"nonce {q.nonce} seen")
        to_user = root.get("ToUserName")
        if isinstance(to_user, str) and to_user != self.cfg.corp_id:
            raise Rejected(403, "corp_id", f"ToUserName {to_user!r}")
        message = parse_xml(self.cipher.decrypt(encrypt))
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
