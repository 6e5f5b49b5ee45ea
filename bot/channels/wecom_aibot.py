"""WeCom intelligent robot (智能机器人): group @-mentions and DMs as encrypted JSON.

Same signature and AES scheme as the app callback, with receive id "" and a JSON envelope
``{"encrypt": …}`` (protocols.md §3.6). Replies go to the message's ``response_url`` (one
call, valid 1 h); when that is used up or expired, the WeCom app writes to the person.
"""
from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from aiohttp import web

from bot.channels.base import GROUP, SINGLE, Incoming, Outgoing, PermanentError, Rejected, log_rejection
from bot.channels.http import call_json, parse_json_object, read_body, refusal
from bot.channels.wecom import WeComEndpoint
from bot.channels.wecom_crypto import json_encrypt, signed_query
from bot.settings import WeComBot

log = logging.getLogger("pressbot.channels.wecom_aibot")

RESPONSE_URL_TTL = timedelta(hours=1)
LEADING_MENTION = re.compile(r"^(?:@\S+\s*)+")


class WeComAibotChannel(WeComEndpoint):
    platform = "wecom_aibot"
    path = "/wecom/aibot"
    log = log

    def __init__(self, cfg: WeComBot, **kwargs: Any) -> None:
        super().__init__(cfg.token, cfg.aes_key, "", **kwargs)  # the robot's receive id is ""

    async def receive(self, request: web.Request) -> web.Response:
        try:
            q = signed_query(request.query)
            body = await read_body(request, self.body_limit)
            self.cipher.check_time(q, self.clock.now())
            encrypt = json_encrypt(body)  # before any parse: a forged body is never parsed
            self.cipher.verify(q, encrypt)
            message = parse_json_object(self.cipher.decrypt(encrypt).encode())
            incoming = to_incoming(message, self.clock.now())
            await self.store(incoming, q)
        except Rejected as exc:
            log_rejection(log, self.platform, exc, self.metrics)
            return await refusal(exc)
        return web.Response(text="")


def to_incoming(msg: dict[str, Any], now: datetime) -> Incoming:
    msg_type = msg.get("msgtype")
    if not isinstance(msg_type, str) or not msg_type:
        raise Rejected(200, "no_msgtype", "decrypted message has no msgtype")
    sender: dict[str, Any] = msg["from"] if isinstance(msg.get("from"), dict) else {}
    user, msg_id = sender.get("userid"), msg.get("msgid")
    if not isinstance(user, str) or not user or not isinstance(msg_id, str) or not msg_id:
        raise Rejected(400, "malformed", "no msgid or from.userid")
    text = ""
    if msg_type == "text":
        content = (msg.get("text") or {}).get("content") if isinstance(msg.get("text"), dict) else None
        if not isinstance(content, str):
            raise Rejected(400, "malformed", "text message without text.content")
        text = LEADING_MENTION.sub("", content.strip()).strip()
    kind = {"text": "text", "event": "event"}.get(msg_type, "other")
    group = msg.get("chattype") == "group"
    handle = {}
    if isinstance(msg.get("response_url"), str):
        handle = {"response_url": msg["response_url"],
                  "response_url_expires": (now + RESPONSE_URL_TTL).timestamp()}
    return Incoming(
        platform="wecom_aibot", chat_id=msg.get("chatid") if group else None,
        chat_type=GROUP if group else SINGLE, user_id=user, user_name=None, text=text,
        message_id=msg_id, mentioned=True,  # the robot only hears group messages that @ it
        reply_handle=handle, kind=kind,
    )


class WeComAibotSender:
    platform = "wecom_aibot"

    def __init__(self, http: aiohttp.ClientSession, fallback: Any | None) -> None:
        self.http = http
        self.fallback = fallback  # a WeComAppSender, to write to the person directly

    async def send(self, item: Outgoing, now: datetime) -> None:
        target = item.target
        url = target.get("response_url")
        usable = url and target.get("part", 0) == 0 and item.attempts == 0 \
            and now.timestamp() < float(target.get("response_url_expires", 0))
        if usable and isinstance(url, str):
            _, data = await call_json(self.http, "POST", url, json_body={
                "msgtype": "markdown", "markdown": {"content": item.body}})
            if data.get("errcode", 0) == 0:
                return
            log.warning("response_url refused (%s): falling back", data.get("errcode"))
        if self.fallback is None:
            raise PermanentError("response_url 已用过或过期，且未配置企业微信应用，无法回复")
        direct = {"user_id": target.get("user_id"), "chat_type": SINGLE}
        await self.fallback.send(
            Outgoing(item.id, item.idempotency_key, "wecom", direct, item.content_type,
                     item.body, item.attempts, parts_sent=item.parts_sent, resend=item.resend), now)

