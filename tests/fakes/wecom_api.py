"""A fake WeCom API: gettoken, media/upload, message/send, appchat/send, webhook/send and
aibot response_url.

Switches make it misbehave the way WeCom does: ``fail_next`` (HTTP 500), ``expire_next``
(errcode 42001 once, and the token is rotated), ``rate_limit_next`` (errcode 45009),
``upload_fail_next`` (media/upload answers errcode -1, system busy). Everything it accepted is
in ``sent``, in order; uploaded files are in ``uploads`` by media_id, as received.
"""
from __future__ import annotations

import itertools
import urllib.parse
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fakes.server import FakeServer

CONTENT_LIMIT = {"message/send": 2048, "appchat/send": 2048, "webhook/send": 4096}


@dataclass
class Sent:
    api: str  # message/send, appchat/send, webhook/send, aibot/response
    body: dict[str, Any]

    @property
    def content(self) -> str:
        kind = self.body.get("msgtype", "text")
        return self.body.get(kind, {}).get("content", "")


    @property
    def media_id(self) -> str | None:
        return self.body.get("file", {}).get("media_id") if self.body.get("msgtype") == "file" else None


@dataclass
class Upload:
    media_id: str
    type: str  # the query's type: file, image, voice, video
    filename: str
    content_type: str
    content: bytes


async def read_upload(request: web.Request, field: str = "media") -> tuple[str, str, bytes] | None:
    """(filename, content type, bytes) of the multipart ``field``, or None when it is absent."""
    if not request.content_type.startswith("multipart/"):
        return None
    reader = await request.multipart()
    async for part in reader:
        if part.name == field:
            return part.filename or "", part.headers.get("Content-Type", ""), bytes(await part.read())
    return None


@dataclass
class Switches:
    fail_next: int = 0
    expire_next: int = 0
    rate_limit_next: int = 0
    upload_fail_next: int = 0


class FakeWeComAPI(FakeServer):
    def __init__(self, corp_id: str = "wwcorp", secret: str = "app-secret",
                 webhook_key: str = "robot-key") -> None:
        super().__init__()
        self.corp_id, self.secret, self.webhook_key = corp_id, secret, webhook_key
        self.switch = Switches()
        self.sent: list[Sent] = []
        self.token_requests = 0
        self.token = ""
        self._serial = itertools.count(1)
        self.used_response_codes: set[str] = set()
        self.uploads: dict[str, Upload] = {}
        r = self.app.router
        r.add_get("/cgi-bin/gettoken", self.gettoken)
        r.add_post("/cgi-bin/media/upload", self.media_upload)
        r.add_post("/cgi-bin/message/send", self.app_send("message/send"))
        r.add_post("/cgi-bin/appchat/send", self.app_send("appchat/send"))
        r.add_post("/cgi-bin/webhook/send", self.webhook_send)
        r.add_post("/cgi-bin/aibot/response", self.aibot_response)
        r.add_get("/cgi-bin/media/get", self.media_get)
        self.media: dict[str, Upload] = {}  # what users sent the app, by MediaId (served by media/get)
        self.media_gets: list[str] = []

    def receive_media(self, filename: str, content: bytes, content_type: str, kind: str = "file") -> str:
        """A file a user sent in chat, kept by WeCom: its MediaId for the callback XML."""
        media_id = f"recv-{next(self._serial)}"
        self.media[media_id] = Upload(media_id, kind, filename, content_type, content)
        return media_id

    def response_url(self, code: str) -> str:
        return f"{self.url}/cgi-bin/aibot/response?response_code={code}"

    def contents(self, api: str | None = None) -> list[str]:
        return [s.content for s in self.sent if api is None or s.api == api]

    async def gettoken(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        q = request.query
        if q.get("corpid") != self.corp_id or q.get("corpsecret") != self.secret:
            return web.json_response({"errcode": 40013, "errmsg": "invalid corpid"})
        if not self.token:
            self.token = f"token-{next(self._serial)}"
        return web.json_response({"errcode": 0, "errmsg": "ok", "access_token": self.token,
                                  "expires_in": 7200})

    def files(self) -> list[Upload]:
        """The uploads that were sent as file messages, in the order they were sent."""
        return [self.uploads[s.media_id] for s in self.sent if s.media_id]

    def _token_refused(self, request: web.Request) -> web.Response | None:
        if self.switch.expire_next:
            self.switch.expire_next -= 1
            self.token = ""  # WeCom invalidated it early: the next gettoken gives a new one
            return web.json_response({"errcode": 42001, "errmsg": "access_token expired"})
        if not self.token or request.query.get("access_token") != self.token:
            return web.json_response({"errcode": 40014, "errmsg": "invalid access_token"})
        return None

    async def media_upload(self, request: web.Request) -> web.Response:
        refused = self._token_refused(request)
        if refused is not None:
            return refused
        if self.switch.upload_fail_next:
            self.switch.upload_fail_next -= 1
            return web.json_response({"errcode": -1, "errmsg": "system busy"})
        upload = await read_upload(request)
        if upload is None or not upload[2]:
            return web.json_response({"errcode": 41001, "errmsg": "media data missing"})
        media_id = f"media-{next(self._serial)}"
        self.uploads[media_id] = Upload(media_id, request.query.get("type", ""), *upload)
        return web.json_response({"errcode": 0, "errmsg": "ok", "type": request.query.get("type"),
                                  "media_id": media_id, "created_at": "1380000000"})

    def _misbehave(self) -> web.Response | None:
        if self.switch.fail_next:
            self.switch.fail_next -= 1
            return web.Response(status=502, text="bad gateway")
        if self.switch.rate_limit_next:
            self.switch.rate_limit_next -= 1
            return web.json_response({"errcode": 45009, "errmsg": "api freq out of limit"})
        return None

    def app_send(self, api: str):
        async def handler(request: web.Request) -> web.Response:
            refused = self._token_refused(request)
            if refused is not None:
                return refused
            bad = self._misbehave()
            if bad is not None:
                return bad
            body = await request.json()
            if body.get("msgtype") == "file" and body.get("file", {}).get("media_id") not in self.uploads:
                return web.json_response({"errcode": 40007, "errmsg": "invalid media_id"})
            return self._record(api, body)

        return handler

    def _record(self, api: str, body: dict[str, Any]) -> web.Response:
        sent = Sent(api, body)
        if len(sent.content.encode()) > CONTENT_LIMIT.get(api, 20480):
            return web.json_response({"errcode": 40058, "errmsg": "content exceed max length"})
        self.sent.append(sent)
        return web.json_response({"errcode": 0, "errmsg": "ok", "msgid": f"m{len(self.sent)}"})

    async def webhook_send(self, request: web.Request) -> web.Response:
        if request.query.get("key") != self.webhook_key:
            return web.json_response({"errcode": 93000, "errmsg": "invalid webhook url"})
        bad = self._misbehave()
        return bad if bad is not None else self._record("webhook/send", await request.json())

    async def media_get(self, request: web.Request) -> web.StreamResponse:
        """``GET media/get?access_token&media_id``: the file with its name, or a JSON error."""
        refused = self._token_refused(request)
        if refused is not None:
            return refused
        media = self.media.get(request.query.get("media_id", ""))
        if media is None:
            return web.json_response({"errcode": 40007, "errmsg": "invalid media_id"})
        self.media_gets.append(media.media_id)
        quoted = urllib.parse.quote(media.filename)
        return web.Response(body=media.content, content_type=media.content_type, headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quoted}"})

    async def aibot_response(self, request: web.Request) -> web.Response:
        code = request.query.get("response_code", "")
        if code in self.used_response_codes:
            return web.json_response({"errcode": 600039, "errmsg": "response_code used"})
        bad = self._misbehave()
        if bad is not None:
            return bad
        self.used_response_codes.add(code)
        return self._record("aibot/response", await request.json())
