"""Sending to WeCom: app messages (message/send, appchat/send; files after media/upload) and
the group webhook robot (text only: a file goes to it as a download link).

Error codes are a table (protocols.md §3.4): what each one means for the outbox row.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import aiohttp

from bot.channels.base import (
    GROUP,
    FetchedMedia,
    FileAttachment,
    MediaRef,
    Outgoing,
    PermanentError,
    RetryLater,
    TransientError,
)
from bot.channels.http import call_json, download, upload_file
from bot.channels.split import MAX_BYTES, split_text
from bot.channels.tokens import TokenCache, fetch_gettoken
from bot.delivery.limits import ROBOT_PER_MINUTE, USER_PER_MINUTE, Limits
from bot.settings import WeComApp, WeComWebhook

TOKEN_CODES = {42001, 40014, 40001}  # expired / invalid token / invalid credential
RATE_CODES = {45009, 45033}  # frequency / concurrency: WeCom throttles the robot for a minute
PERMANENT_CODES = {81013: "所有接收人无效（81013）", 60020: "服务器 IP 不在可信 IP 列表（60020）",
                   40003: "无效的 UserID（40003）", 86003: "群不存在（86003）"}
RATE_DELAY = 60.0
MEDIA_GONE_CODES = {40007}  # invalid media_id: expired (3 days) or of another app


def check_errcode(data: dict[str, Any], what: str) -> None:
    code = data.get("errcode", 0)
    if code == 0:
        return
    if code in RATE_CODES:
        raise RetryLater(RATE_DELAY, f"{what}: errcode {code}")
    if code in PERMANENT_CODES:
        raise PermanentError(f"{what}: {PERMANENT_CODES[code]} {data.get('errmsg', '')}")
    raise TransientError(f"{what}: errcode {code} {data.get('errmsg', '')}")


def message_payload(item: Outgoing, body: str) -> dict[str, Any]:
    kind = "markdown" if item.content_type == "markdown" else "text"
    return {"msgtype": kind, kind: {"content": body}}


class WeComAppSender:
    platform = "wecom"
    sends_files = True  # media/upload, then a file message

    def __init__(self, cfg: WeComApp, http: aiohttp.ClientSession, limits: Limits) -> None:
        self.cfg = cfg
        self.http = http
        self.limits = limits
        self.tokens = TokenCache(self._fetch_token)

    async def _fetch_token(self) -> tuple[str, float]:
        return await fetch_gettoken(self.http, f"{self.cfg.api_base}/cgi-bin/gettoken",
                                    {"corpid": self.cfg.corp_id, "corpsecret": self.cfg.secret})

    async def send(self, item: Outgoing, now: datetime) -> None:
        if item.content_type == "file" and item.file is not None:
            # a media_id is only valid for its app and 3 days: upload on every try, it is cheap
            media_id = await self.upload(item.file)
            await self._deliver(item.target, {"msgtype": "file", "file": {"media_id": media_id}}, now)
            return
        # a long body only reaches here as a fallback for another channel: split it here
        for body in split_text(item.body, MAX_BYTES["wecom"]):
            await self._deliver(item.target, message_payload(item, body), now)

    async def _deliver(self, target: dict[str, Any], payload: dict[str, Any], now: datetime) -> None:
        if target.get("chat_type") == GROUP and target.get("appchat"):
            await self.call("/cgi-bin/appchat/send", {"chatid": target["chat_id"], **payload})
            return
        user = target.get("user_id")
        if not user:
            raise PermanentError("WeCom app message without a user_id")
        self.limits.take(f"wecom:user:{user}", USER_PER_MINUTE, now)
        await self.call("/cgi-bin/message/send",
                        {"touser": user, "agentid": self.cfg.agent_id, "safe": 0, **payload})

    async def upload(self, file: FileAttachment) -> str:
        """The file's media_id (``media/upload``, type file, multipart field ``media``)."""
        data = await self._with_token("/cgi-bin/media/upload", lambda url, token: upload_file(
            self.http, url, file, params={"access_token": token, "type": "file"}))
        if not data.get("media_id"):
            raise TransientError("media/upload: no media_id in the answer")
        return data["media_id"]

    async def fetch_media(self, ref: MediaRef) -> FetchedMedia:
        """A received file's bytes: ``GET media/get?access_token&media_id`` (errors come as JSON)."""
        for attempt in (1, 2):
            token = await self.tokens.get()
            got = await download(self.http, f"{self.cfg.api_base}/cgi-bin/media/get",
                                 params={"access_token": token, "media_id": ref.id})
            error = got.json()
            if error is None and got.status == 200:
                name = ref.name or got.filename or default_name(ref, got.media_type)
                return FetchedMedia(name, got.content, got.media_type or "application/octet-stream")
            if error and error.get("errcode") in TOKEN_CODES and attempt == 1:
                self.tokens.invalidate(token)
                continue
            if error and error.get("errcode") in MEDIA_GONE_CODES:
                raise PermanentError(f"media/get: errcode {error['errcode']} (媒体文件无效或已过期)")
            check_errcode(error or {"errcode": -1, "errmsg": f"HTTP {got.status}"}, "media/get")
            raise TransientError("media/get: neither a file nor an error")
        raise AssertionError("unreachable")

    async def call(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST JSON with the cached token."""
        return await self._with_token(path, lambda url, token: call_json(
            self.http, "POST", url, params={"access_token": token}, json_body=payload))

    async def _with_token(self, path: str, request) -> dict[str, Any]:
        """``request(url, token)`` with the cached token; one refetch and retry when it is refused."""
        for attempt in (1, 2):
            token = await self.tokens.get()
            _, data = await request(f"{self.cfg.api_base}{path}", token)
            if data.get("errcode") in TOKEN_CODES and attempt == 1:
                self.tokens.invalidate(token)
                continue
            check_errcode(data, path)
            return data
        raise AssertionError("unreachable")


class WeComWebhookSender:
    """The group robot ("消息推送"): a key is its only credential; 20 messages a minute."""

    platform = "wecom_webhook"

    def __init__(self, cfg: WeComWebhook, http: aiohttp.ClientSession, limits: Limits) -> None:
        self.cfg = cfg
        self.http = http
        self.limits = limits

    async def send(self, item: Outgoing, now: datetime) -> None:
        key = item.target.get("webhook_key") or self.cfg.key
        self.limits.take(f"wecom:robot:{key}", ROBOT_PER_MINUTE, now)
        payload = message_payload(item, item.body)
        mentions = item.target.get("mentioned_list")
        if mentions and payload["msgtype"] == "text":
            payload["text"]["mentioned_list"] = list(mentions)
        _, data = await call_json(self.http, "POST", f"{self.cfg.api_base}/cgi-bin/webhook/send",
                                  params={"key": key}, json_body=payload)
        check_errcode(data, "webhook/send")


EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "video/mp4": ".mp4",
              "application/pdf": ".pdf"}


def default_name(ref: MediaRef, media_type: str) -> str:
    """A name for a file the platform did not name (a picture, a video)."""
    label = {"image": "图片", "video": "视频"}.get(ref.type, "文件")
    return f"{label}-{ref.id[-8:]}{EXTENSIONS.get(media_type, '')}"
