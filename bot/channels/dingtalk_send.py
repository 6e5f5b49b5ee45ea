"""Sending to DingTalk: the message's sessionWebhook while it is valid, else the robot OpenAPI
(files: legacy oapi media/upload, then "sampleFile"); and the custom group robot (signed, text
only) for pushes.

The sessionWebhook is free and needs no token but expires (≈90 min) and has been seen to
fail early, so any error falls back to the OpenAPI (protocols.md §6.3, D5).
"""
from __future__ import annotations

import json
import logging
import time
import urllib.parse
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
from bot.channels.dingtalk_http import sign
from bot.channels.http import call_json, download, upload_file
from bot.channels.tokens import TokenCache, fetch_gettoken
from bot.delivery.limits import API_PER_SECOND, ROBOT_PER_MINUTE, Limits
from bot.settings import DingTalk, DingTalkWebhook

log = logging.getLogger("pressbot.channels.dingtalk")

WEBHOOK_MARGIN_MS = 60_000  # don't start a send on a webhook that expires within a minute
QPS_DELAY = 1.5  # the doc says back off at least 1 s after a QPS refusal
FLOW_DELAY = 60.0
THROTTLED_CODES = {130101, 410100}  # custom robot "send too fast"
LEGACY_TOKEN_CODES = {40014, 42001, 40001}  # oapi: invalid / expired token
LEGACY_QPS_CODES = {90018}  # oapi: calls too frequent (protocols.md §6.5)


def robot_payload(item: Outgoing) -> dict[str, Any]:
    if item.content_type == "markdown":
        title = item.body.strip().split("\n", 1)[0][:30] or "消息"
        return {"msgtype": "markdown", "markdown": {"title": title, "text": item.body}}
    return {"msgtype": "text", "text": {"content": item.body}}


class DingTalkSender:
    platform = "dingtalk"
    sends_files = True  # oapi media/upload, then "sampleFile" through the robot OpenAPI

    def __init__(self, cfg: DingTalk, http: aiohttp.ClientSession, limits: Limits) -> None:
        self.cfg = cfg
        self.http = http
        self.limits = limits
        self.tokens = TokenCache(self._fetch_token)
        self.legacy_tokens = TokenCache(self._fetch_legacy_token)  # oapi.dingtalk.com wants its own

    async def _fetch_token(self) -> tuple[str, float]:
        status, data = await call_json(self.http, "POST", f"{self.cfg.api_base}/v1.0/oauth2/accessToken",
                                       json_body={"appKey": self.cfg.app_key,
                                                  "appSecret": self.cfg.app_secret})
        if status != 200 or not data.get("accessToken"):
            raise TransientError(f"accessToken: HTTP {status} {data.get('code', '')}")
        return data["accessToken"], float(data.get("expireIn", 7200))

    async def _fetch_legacy_token(self) -> tuple[str, float]:
        return await fetch_gettoken(self.http, f"{self.cfg.oapi_base}/gettoken",
                                    {"appkey": self.cfg.app_key, "appsecret": self.cfg.app_secret})

    async def send(self, item: Outgoing, now: datetime) -> None:
        if item.content_type == "file" and item.file is not None:
            # the sessionWebhook cannot carry a file: upload, then the robot OpenAPI
            media_id = await self.upload(item.file)
            await self._via_openapi(item, now, "sampleFile", file_param(item.file, media_id))
            return
        if await self._via_session_webhook(item, now):
            return
        payload = robot_payload(item)
        msg_key, param = ("sampleMarkdown", payload["markdown"]) if payload["msgtype"] == "markdown" \
            else ("sampleText", {"content": item.body})
        await self._via_openapi(item, now, msg_key, param)

    async def _via_openapi(self, item: Outgoing, now: datetime, msg_key: str, param: dict[str, Any]) -> None:
        if item.target.get("chat_type") == GROUP:
            chat = item.target.get("conversation_id") or item.target.get("chat_id")
            await self._openapi("/v1.0/robot/groupMessages/send", {"openConversationId": chat},
                                msg_key, param, now)
            return
        data = await self._openapi("/v1.0/robot/oToMessages/batchSend",
                                   {"userIds": [item.target.get("user_id")]}, msg_key, param, now)
        if data.get("flowControlledStaffIdList"):
            raise RetryLater(FLOW_DELAY, "DingTalk flow-controlled the recipient")
        if data.get("invalidStaffIdList"):
            raise PermanentError(f"钉钉用户无效：{data['invalidStaffIdList']}")

    async def upload(self, file: FileAttachment) -> str:
        """The file's mediaId (legacy ``media/upload``, type file, multipart field ``media``)."""
        url = f"{self.cfg.oapi_base}/media/upload"
        for attempt in (1, 2):
            token = await self.legacy_tokens.get()
            _, data = await upload_file(self.http, url, file, params={"access_token": token, "type": "file"})
            code = data.get("errcode", 0)
            if code in LEGACY_TOKEN_CODES and attempt == 1:
                self.legacy_tokens.invalidate(token)
                continue
            if code in LEGACY_QPS_CODES:
                raise RetryLater(QPS_DELAY, f"media/upload: errcode {code}")
            if code != 0 or not data.get("media_id"):
                raise TransientError(f"media/upload: errcode {code} {data.get('errmsg', '')}")
            return data["media_id"]
        raise AssertionError("unreachable")

    async def fetch_media(self, ref: MediaRef) -> FetchedMedia:
        """A received file's bytes: ``messageFiles/download`` (downloadCode + robotCode) gives a
        short-lived ``downloadUrl``, which is then fetched without credentials."""
        data = await self._openapi_call("/v1.0/robot/messageFiles/download",
                                        {"downloadCode": ref.id, "robotCode": self.cfg.robot_code})
        url = data.get("downloadUrl")
        if not isinstance(url, str) or not url:
            raise TransientError("messageFiles/download: no downloadUrl")
        got = await download(self.http, url)
        if got.status != 200:
            raise PermanentError(f"downloadUrl: HTTP {got.status}")
        from bot.channels.wecom_send import default_name

        name = ref.name or got.filename or default_name(ref, got.media_type)
        return FetchedMedia(name, got.content, got.media_type or "application/octet-stream")

    async def _openapi_call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        for attempt in (1, 2):
            token = await self.tokens.get()
            status, data = await call_json(self.http, "POST", f"{self.cfg.api_base}{path}", json_body=body,
                                           headers={"x-acs-dingtalk-access-token": token})
            if status == 401 and attempt == 1:
                self.tokens.invalidate(token)
                continue
            return _check_openapi(status, data, path)
        raise AssertionError("unreachable")

    async def _via_session_webhook(self, item: Outgoing, now: datetime) -> bool:
        url = item.target.get("session_webhook")
        expires = int(item.target.get("session_webhook_expires") or 0)
        if not url or now.timestamp() * 1000 > expires - WEBHOOK_MARGIN_MS:
            return False
        payload = robot_payload(item)
        if item.target.get("chat_type") == GROUP and item.target.get("user_id"):
            payload["at"] = {"atUserIds": [item.target["user_id"]], "isAtAll": False}
        try:
            status, data = await call_json(self.http, "POST", url, json_body=payload)
        except TransientError as exc:
            log.warning("sessionWebhook failed (%s): using the OpenAPI", exc)
            return False
        if status == 200 and data.get("errcode", 0) == 0:
            return True
        log.warning("sessionWebhook refused (HTTP %s, %s): using the OpenAPI", status, data.get("errcode"))
        return False

    async def _openapi(self, path: str, extra: dict[str, Any], msg_key: str, param: dict[str, Any],
                       now: datetime) -> dict[str, Any]:
        await self.limits.take(f"dingtalk:api:{path}", API_PER_SECOND, now)
        body = {"robotCode": self.cfg.robot_code, "msgKey": msg_key,
                "msgParam": json.dumps(param, ensure_ascii=False), **extra}
        return await self._openapi_call(path, body)


def file_param(file: FileAttachment, media_id: str) -> dict[str, str]:
    """msgParam of "sampleFile": the type is the name's extension, without the dot."""
    return {"mediaId": media_id, "fileName": file.filename,
            "fileType": file.filename.rsplit(".", 1)[-1].lower() if "." in file.filename else "file"}


def _check_openapi(status: int, data: dict[str, Any], path: str) -> dict[str, Any]:
    if status == 200:
        return data
    code = str(data.get("code", ""))
    if status == 403 and "QpsLimit" in code or status == 429:
        raise RetryLater(QPS_DELAY, f"{path}: {code or status}")
    if status in (400, 404):
        raise PermanentError(f"{path}: HTTP {status} {code} {data.get('message', '')}")
    raise TransientError(f"{path}: HTTP {status} {code}")


class DingTalkWebhookSender:
    """The custom group robot: signed URL, 20 messages a minute, msgUuid against duplicates."""

    platform = "dingtalk_webhook"

    def __init__(self, cfg: DingTalkWebhook, http: aiohttp.ClientSession, limits: Limits) -> None:
        self.cfg = cfg
        self.http = http
        self.limits = limits

    async def send(self, item: Outgoing, now: datetime) -> None:
        await self.limits.take(f"dingtalk:robot:{self.cfg.token}", ROBOT_PER_MINUTE, now)
        # the platform checks this timestamp against its own clock: use the real time
        timestamp = str(int(time.time() * 1000))
        query = urllib.parse.urlencode({"access_token": self.cfg.token, "timestamp": timestamp,
                                        "sign": sign(timestamp, self.cfg.secret)})
        payload = {**robot_payload(item), "msgUuid": item.idempotency_key}
        _, data = await call_json(self.http, "POST", f"{self.cfg.oapi_base}/robot/send?{query}",
                                  json_body=payload)
        code = data.get("errcode", 0)
        if code == 0:
            return
        if code in THROTTLED_CODES:
            raise RetryLater(FLOW_DELAY, f"custom robot throttled ({code})")
        raise TransientError(f"robot/send: errcode {code} {data.get('errmsg', '')}")
