"""The two messengers as the conversation scripts meet them: real requests in, and what the
fake platform received, attributed to the chat and the person it reached.

WeCom: a one-to-one chat is the self-built app's (``/wecom/callback``, encrypted and signed
XML), answered with ``message/send``. A self-built app never hears group messages; in a group
the bot is the intelligent robot (``/wecom/aibot``, encrypted JSON, only @-mentions reach it),
answered through the message's ``response_url``.
DingTalk, HTTP mode: ``/dingtalk/callback`` with timestamp and sign headers, answered through
the message's sessionWebhook; pushes to a person go through the robot OpenAPI.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web
from aiohttp.test_utils import TestClient

from tests.channels.conftest import AES_KEY, BOT_AES_KEY, BOT_TOKEN, CORP_ID, TOKEN
from tests.fakes.dingtalk_api import FakeDingTalk
from tests.fakes.messenger import (
    WeComSigner,
    aibot_text,
    dingtalk_headers,
    dingtalk_media,
    dingtalk_text,
    wecom_media_xml,
    wecom_text_xml,
)
from tests.fakes.wecom_api import FakeWeComAPI

ROBOT_NAME = "新闻发布助手"


@dataclass(frozen=True)
class Delivery:
    """One message the platform accepted from the bot."""

    chat: str | None  # None: the person's one-to-one chat
    user: str | None  # the platform user id it reached; None: the whole group
    text: str
    channel: str  # the sender's platform, whose size limit the text must fit


def _accepted(response: web.StreamResponse) -> bool:
    return response.status == 200 and json.loads(response.body).get("errcode", 0) == 0


class WeComFake(FakeWeComAPI):
    """The fake WeCom, also remembering which response_url each robot reply used."""

    def __init__(self) -> None:
        super().__init__(corp_id=CORP_ID)
        self.codes: dict[int, str] = {}  # index in ``sent`` → response_code

    async def aibot_response(self, request: web.Request) -> web.Response:
        response = await super().aibot_response(request)
        if _accepted(response):  # recorded with no await in between: the last one is this one
            self.codes[len(self.sent) - 1] = request.query["response_code"]
        return response


class DingTalkFake(FakeDingTalk):
    """The fake DingTalk, also remembering which sessionWebhook each reply used."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions: dict[int, str] = {}  # index in ``sent`` → session (conversation id)

    async def session_webhook(self, request: web.Request) -> web.Response:
        response = await super().session_webhook(request)
        if _accepted(response):
            self.sessions[len(self.sent) - 1] = request.query["session"]
        return response


class WeComMessenger:
    platform = "wecom"
    app = WeComSigner(TOKEN, AES_KEY, CORP_ID)
    robot = WeComSigner(BOT_TOKEN, BOT_AES_KEY, "")

    def __init__(self, fake: WeComFake) -> None:
        self.fake = fake
        self._nonces = itertools.count(1)
        self._codes: dict[str, tuple[str, str]] = {}  # response_code → (chat, user)

    def user_id(self, person: str) -> str:
        return person

    def chat_id(self, user: str, chat: str | None) -> str:
        """The conversation's chat id as the bot keys it."""
        return chat or user

    def reply_places(self, user: str, chat: str | None) -> set[tuple[str | None, str | None]]:
        # in a group a second part finds the one-shot response_url used and goes privately:
        # that is a push to the person, not an answer in the group
        return {(chat, user)}

    async def post(self, client: TestClient, now: datetime, user: str, text: str, *, name: str,
                   chat: str | None, mentioned: bool, message_id: str) -> bool:
        """Send as the platform would; False when the platform would not deliver it at all."""
        nonce, ts = f"n{next(self._nonces)}", int(now.timestamp())
        if chat is None:
            xml = wecom_text_xml(user=user, content=text, msg_id=message_id, create_time=ts, corp_id=CORP_ID)
            query, body = self.app.app_post(xml, ts, nonce=nonce)
            path = "/wecom/callback"
        elif not mentioned:
            return False  # the robot only hears group messages that @ it
        else:
            code = f"rc-{nonce}"
            self._codes[code] = (chat, user)
            message = aibot_text(user=user, content=f"@{ROBOT_NAME} {text}", msg_id=message_id,
                                 response_url=self.fake.response_url(code), chat_id=chat)
            query, body = self.robot.aibot_post(message, ts, nonce=nonce)
            path = "/wecom/aibot"
        response = await client.post(path, params=query, data=body)
        assert response.status == 200, await response.text()
        return True

    async def post_media(self, client: TestClient, now: datetime, user: str, *, msg_type: str, filename: str,
                         content: bytes, content_type: str, message_id: str) -> None:
        """A file, image or video in the app's one-to-one chat: WeCom keeps the bytes (media/get)."""
        media_id = self.fake.receive_media(filename, content, content_type, msg_type)
        nonce, ts = f"n{next(self._nonces)}", int(now.timestamp())
        xml = wecom_media_xml(user=user, msg_type=msg_type, media_id=media_id, msg_id=message_id,
                              create_time=ts, corp_id=CORP_ID, file_name=filename if msg_type == "file" else None)
        query, body = self.app.app_post(xml, ts, nonce=nonce)
        response = await client.post("/wecom/callback", params=query, data=body)
        assert response.status == 200, await response.text()

    def deliveries(self) -> list[Delivery]:
        return [self._delivery(i, s.api, s.body, s.content) for i, s in enumerate(self.fake.sent)]

    def _delivery(self, index: int, api: str, body: dict, text: str) -> Delivery:
        if api == "aibot/response":
            chat, user = self._codes[self.fake.codes[index]]
            return Delivery(chat, user, text, "wecom_aibot")
        if api == "appchat/send":
            return Delivery(body["chatid"], None, text, "wecom")
        return Delivery(None, body.get("touser"), text, "wecom")


class DingTalkMessenger:
    platform = "dingtalk"

    def __init__(self, fake: DingTalkFake) -> None:
        self.fake = fake
        self._groups: set[str] = set()
        self._single: dict[str, str] = {}  # one-to-one conversation id → user

    def user_id(self, person: str) -> str:
        return f"dt-{person}"  # DingTalk staff ids are not WeCom user ids

    def chat_id(self, user: str, chat: str | None) -> str:
        return chat or f"cid-{user}"

    def reply_places(self, user: str, chat: str | None) -> set[tuple[str | None, str | None]]:
        # in a group the sessionWebhook @s the person; the OpenAPI fallback writes to the group
        return {(chat, user), (chat, None)} if chat else {(None, user)}

    async def post(self, client: TestClient, now: datetime, user: str, text: str, *, name: str,
                   chat: str | None, mentioned: bool, message_id: str) -> bool:
        ms = int(now.timestamp() * 1000)
        conversation = self.chat_id(user, chat)
        if chat:
            self._groups.add(conversation)
        else:
            self._single[conversation] = user
        payload = dingtalk_text(user=user, content=text, msg_id=message_id, created_ms=ms,
                                session_webhook=self.fake.session_url(conversation),
                                group=chat is not None, at_bot=mentioned)
        payload.update(conversationId=conversation, senderNick=name)
        response = await client.post("/dingtalk/callback", headers=dingtalk_headers(self.fake.app_secret, ms),
                                     data=json.dumps(payload, ensure_ascii=False).encode())
        assert response.status == 200, await response.text()
        return True

    async def post_media(self, client: TestClient, now: datetime, user: str, *, msg_type: str, filename: str,
                         content: bytes, content_type: str, message_id: str) -> None:
        """A file, picture or video to the robot one-to-one: DingTalk keeps the bytes (downloadCode)."""
        ms = int(now.timestamp() * 1000)
        conversation = self.chat_id(user, None)
        self._single[conversation] = user
        kind = {"image": "picture"}.get(msg_type, msg_type)
        code = self.fake.receive_media(filename, content, content_type, msg_type)
        payload = dingtalk_media(msg_type=kind, download_code=code, file_name=filename, user=user,
                                 msg_id=message_id, created_ms=ms, session_webhook=self.fake.session_url(conversation))
        payload.update(conversationId=conversation)
        response = await client.post("/dingtalk/callback", headers=dingtalk_headers(self.fake.app_secret, ms),
                                     data=json.dumps(payload, ensure_ascii=False).encode())
        assert response.status == 200, await response.text()

    def deliveries(self) -> list[Delivery]:
        return [self._delivery(i, s.api, s.body, s.content) for i, s in enumerate(self.fake.sent)]

    def _delivery(self, index: int, api: str, body: dict, text: str) -> Delivery:
        if api == "session":
            conversation = self.fake.sessions[index]
            if conversation in self._groups:
                [user] = body.get("at", {}).get("atUserIds") or [None]
                return Delivery(conversation, user, text, "dingtalk")
            return Delivery(None, self._single[conversation], text, "dingtalk")
        if api == "group":
            return Delivery(body["openConversationId"], None, text, "dingtalk")
        [user] = body.get("userIds") or [None]
        return Delivery(None, user, text, "dingtalk")
