"""DingTalk enterprise robot, HTTP mode: ``POST /dingtalk/callback`` with timestamp and sign.

``sign = base64(HMAC-SHA256(appSecret, f"{timestamp}\\n{appSecret}"))``, timestamp in ms
within an hour of now (protocols.md §4). The body's fields (shared with Stream mode) become
an Incoming here.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.channels.base import GROUP, SINGLE, Incoming, MediaRef, Rejected, log_rejection, timestamp_skew
from bot.channels.http import parse_json_object, read_body, refusal
from bot.channels.wecom import Accept
from bot.clock import Clock
from bot.metrics import Metrics
from bot.settings import DingTalk

log = logging.getLogger("pressbot.channels.dingtalk")


def sign(timestamp: str, secret: str) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def check_signature(timestamp: str | None, signature: str | None, secret: str,
                    now: datetime, window: int) -> None:
    if not timestamp or not signature:
        raise Rejected(401, "signature", "missing timestamp or sign header")
    skew = timestamp_skew(timestamp, now, status=401, per_second=1000)
    if skew > window:
        raise Rejected(401, "timestamp", f"{skew:.0f} s off")
    if not hmac.compare_digest(sign(timestamp, secret).encode(), signature.encode()):
        raise Rejected(401, "signature", "sign mismatch")


class DingTalkHttpChannel:
    platform = "dingtalk"
    path = "/dingtalk/callback"

    def __init__(self, cfg: DingTalk, *, clock: Clock, accept: Accept, metrics: Metrics,
                 body_limit: int, window: int) -> None:
        self.cfg = cfg
        self.clock = clock
        self.accept = accept
        self.metrics = metrics
        self.body_limit = body_limit
        self.window = window

    def routes(self) -> list[web.RouteDef]:
        return [web.post(self.path, self.receive)]

    async def receive(self, request: web.Request) -> web.Response:
        try:
            check_signature(request.headers.get("timestamp"), request.headers.get("sign"),
                            self.cfg.app_secret, self.clock.now(), self.window)
            body = await read_body(request, self.body_limit)
            incoming = to_incoming(parse_json_object(body))
            await self.accept(incoming)
        except Rejected as exc:
            log_rejection(log, self.platform, exc, self.metrics)
            return await refusal(exc)
        return web.json_response({})


def to_incoming(msg: dict[str, Any]) -> Incoming:
    """A robot message (HTTP body or Stream ``data``) as an Incoming."""
    msg_type, msg_id = msg.get("msgtype"), msg.get("msgId")
    user = msg.get("senderStaffId") or msg.get("senderId")
    if not all(isinstance(v, str) and v for v in (msg_type, msg_id, user)):
        raise Rejected(400, "malformed", "no msgtype, msgId or sender")
    text, kind = "", "other"
    if msg_type == "text":
        content = msg.get("text", {}).get("content") if isinstance(msg.get("text"), dict) else None
        if not isinstance(content, str):
            raise Rejected(400, "malformed", "text message without text.content")
        text, kind = content.strip(), "text"
    media = media_of(msg_type, msg.get("content"))
    if media is not None:
        kind = "file"
    group = str(msg.get("conversationType")) == "2"
    handle: dict[str, Any] = {"conversation_id": msg.get("conversationId")}
    if isinstance(msg.get("sessionWebhook"), str):
        handle["session_webhook"] = msg["sessionWebhook"]
        expires = msg.get("sessionWebhookExpiredTime")
        handle["session_webhook_expires"] = int(str(expires)) if str(expires).isdigit() else 0
    return Incoming(
        platform="dingtalk", chat_id=msg.get("conversationId"), chat_type=GROUP if group else SINGLE,
        user_id=str(user), user_name=msg.get("senderNick"), text=text, message_id=str(msg_id),
        mentioned=bool(msg.get("isInAtList")) or not group, reply_handle=handle, kind=kind,
        media=media,
    )


MEDIA_TYPES = {"file": "file", "picture": "image", "video": "video"}


def media_of(msg_type: Any, content: Any) -> MediaRef | None:
    """A file, picture or video message's downloadCode (robot ``messageFiles/download``)."""
    if msg_type not in MEDIA_TYPES or not isinstance(content, dict):
        return None
    code = content.get("downloadCode") or content.get("pictureDownloadCode")
    if not isinstance(code, str) or not code:
        return None
    name = content.get("fileName")
    return MediaRef("dingtalk", code, name if isinstance(name, str) and name else None, MEDIA_TYPES[msg_type])
