"""A fake DingTalk: OpenAPI (accessToken, group and one-to-one robot sends), the legacy oapi
(gettoken, media/upload), the session webhook receiver, and the custom group robot
(signature checked).

Switches: ``expire_next`` (HTTP 401 once, token rotated), ``qps_next`` (HTTP 403 QPS limit),
``fail_next`` (HTTP 500), ``session_fail_next`` (session webhook refuses), ``flow_next``
(oToMessages reports the user flow-controlled), ``upload_fail_next`` (media/upload answers
errcode -1). Uploaded files are in ``uploads`` by media_id, as received.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fakes.server import FakeServer
from tests.fakes.wecom_api import Upload, read_upload


@dataclass
class Sent:
    api: str  # session, group, oto, robot
    body: dict[str, Any]

    @property
    def content(self) -> str:
        if "msgParam" in self.body:
            param = json.loads(self.body["msgParam"])
            return param.get("content") or param.get("text", "")
        kind = self.body.get("msgtype", "text")
        part = self.body.get(kind, {})
        return part.get("content") or part.get("text", "")

    @property
    def file(self) -> dict[str, Any] | None:
        """The msgParam of a "sampleFile" send: mediaId, fileName, fileType."""
        return json.loads(self.body["msgParam"]) if self.body.get("msgKey") == "sampleFile" else None


@dataclass
class Switches:
    expire_next: int = 0
    qps_next: int = 0
    fail_next: int = 0
    session_fail_next: int = 0
    flow_next: int = 0
    upload_fail_next: int = 0


class FakeDingTalk(FakeServer):
    def __init__(self, app_key: str = "ding-key", app_secret: str = "ding-secret",
                 robot_token: str = "robot-token", robot_secret: str = "SECrobot") -> None:
        super().__init__()
        self.app_key, self.app_secret = app_key, app_secret
        self.robot_token, self.robot_secret = robot_token, robot_secret
        self.switch = Switches()
        self.sent: list[Sent] = []
        self.token = ""
        self.token_requests = 0
        self.legacy_token = ""
        self.uploads: dict[str, Upload] = {}
        self._serial = itertools.count(1)
        r = self.app.router
        r.add_post("/v1.0/oauth2/accessToken", self.access_token)
        r.add_get("/gettoken", self.gettoken)
        r.add_post("/media/upload", self.media_upload)
        r.add_post("/v1.0/robot/groupMessages/send", self.openapi("group"))
        r.add_post("/v1.0/robot/oToMessages/batchSend", self.openapi("oto"))
        r.add_post("/robot/sendBySession", self.session_webhook)
        r.add_post("/robot/send", self.custom_robot)
        r.add_post("/v1.0/robot/messageFiles/download", self.message_file_download)
        r.add_get("/download/{code}", self.download_file)
        self.received: dict[str, Upload] = {}  # what users sent the robot, by downloadCode
        self.downloads: list[str] = []

    def receive_media(self, filename: str, content: bytes, content_type: str, kind: str = "file") -> str:
        """A file a user sent in chat: its downloadCode for the robot message's ``content``."""
        code = f"dc-{next(self._serial)}"
        self.received[code] = Upload(code, kind, filename, content_type, content)
        return code

    def session_url(self, session: str = "s1") -> str:
        return f"{self.url}/robot/sendBySession?session={session}"

    def contents(self, api: str | None = None) -> list[str]:
        return [s.content for s in self.sent if api is None or s.api == api]

    def files(self) -> list[tuple[Sent, Upload]]:
        """Each file message with the upload it names, in the order they were sent."""
        return [(s, self.uploads[s.file["mediaId"]]) for s in self.sent if s.file]

    async def gettoken(self, request: web.Request) -> web.Response:
        q = request.query
        if q.get("appkey") != self.app_key or q.get("appsecret") != self.app_secret:
            return web.json_response({"errcode": 40089, "errmsg": "invalid appkey or appsecret"})
        if not self.legacy_token:
            self.legacy_token = f"oapi-{next(self._serial)}"
        return web.json_response({"errcode": 0, "errmsg": "ok", "access_token": self.legacy_token,
                                  "expires_in": 7200})

    async def media_upload(self, request: web.Request) -> web.Response:
        if not self.legacy_token or request.query.get("access_token") != self.legacy_token:
            return web.json_response({"errcode": 40014, "errmsg": "不合法的access_token"})
        if self.switch.upload_fail_next:
            self.switch.upload_fail_next -= 1
            return web.json_response({"errcode": -1, "errmsg": "系统繁忙"})
        upload = await read_upload(request)
        if upload is None or not upload[2]:
            return web.json_response({"errcode": 40004, "errmsg": "media 不能为空"})
        media_id = f"@lA{next(self._serial)}"
        self.uploads[media_id] = Upload(media_id, request.query.get("type", ""), *upload)
        return web.json_response({"errcode": 0, "errmsg": "ok", "type": request.query.get("type"),
                                  "media_id": media_id, "created_at": 1380000000})

    async def access_token(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        body = await request.json()
        if body.get("appKey") != self.app_key or body.get("appSecret") != self.app_secret:
            return web.json_response({"code": "invalidClientIdOrSecret"}, status=400)
        if not self.token:
            self.token = f"dt-{next(self._serial)}"
        return web.json_response({"accessToken": self.token, "expireIn": 7200})

    def openapi(self, api: str):
        async def handler(request: web.Request) -> web.Response:
            s = self.switch
            if s.expire_next:
                s.expire_next -= 1
                self.token = ""
                return web.json_response({"code": "InvalidAuthentication"}, status=401)
            if not self.token or request.headers.get("x-acs-dingtalk-access-token") != self.token:
                return web.json_response({"code": "InvalidAuthentication"}, status=401)
            if s.qps_next:
                s.qps_next -= 1
                return web.json_response({"code": "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"},
                                         status=403)
            if s.fail_next:
                s.fail_next -= 1
                return web.Response(status=500, text="oops")
            body = await request.json()
            if body.get("msgKey") == "sampleFile" and \
                    json.loads(body.get("msgParam", "{}")).get("mediaId") not in self.uploads:
                return web.json_response({"code": "invalidParameter.msgParam.invalid"}, status=400)
            if api == "oto" and s.flow_next:
                s.flow_next -= 1
                return web.json_response({"processQueryKey": "q",
                                          "flowControlledStaffIdList": body["userIds"]})
            self.sent.append(Sent(api, body))
            return web.json_response({"processQueryKey": f"q{len(self.sent)}"})

        return handler

    async def message_file_download(self, request: web.Request) -> web.Response:
        """``messageFiles/download``: robotCode + downloadCode → a downloadUrl (no credentials)."""
        if not self.token or request.headers.get("x-acs-dingtalk-access-token") != self.token:
            return web.json_response({"code": "InvalidAuthentication"}, status=401)
        body = await request.json()
        if body.get("robotCode") != self.app_key:
            return web.json_response({"code": "invalidParameter.robotCode.auth"}, status=400)
        if body.get("downloadCode") not in self.received:
            return web.json_response({"code": "invalidParameter.downloadCode"}, status=400)
        return web.json_response({"downloadUrl": f"{self.url}/download/{body['downloadCode']}"})

    async def download_file(self, request: web.Request) -> web.Response:
        upload = self.received.get(request.match_info["code"])
        if upload is None:
            return web.Response(status=404)
        self.downloads.append(upload.media_id)
        return web.Response(body=upload.content, content_type=upload.content_type)

    async def session_webhook(self, request: web.Request) -> web.Response:
        if self.switch.session_fail_next:
            self.switch.session_fail_next -= 1
            return web.json_response({"errcode": 300001, "errmsg": "session expired"})
        self.sent.append(Sent("session", await request.json()))
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def custom_robot(self, request: web.Request) -> web.Response:
        q = request.query
        mac = hmac.new(self.robot_secret.encode(), f"{q.get('timestamp')}\n{self.robot_secret}".encode(),
                       hashlib.sha256)
        if q.get("access_token") != self.robot_token or q.get("sign") != base64.b64encode(mac.digest()).decode():
            return web.json_response({"errcode": 310000, "errmsg": "sign not match"})
        self.sent.append(Sent("robot", await request.json()))
        return web.json_response({"errcode": 0, "errmsg": "ok"})
