"""Files, pictures and videos in: the callbacks become ``kind="file"`` with a media reference, and
``fetch_media`` gets the bytes the way each platform serves them (fakes on 127.0.0.1)."""
from __future__ import annotations

import aiohttp
import pytest

from bot.channels.base import MediaRef, PermanentError
from bot.channels.dingtalk_http import to_incoming as dingtalk_incoming
from bot.channels.dingtalk_send import DingTalkSender
from bot.channels.wecom import to_incoming as wecom_incoming
from bot.channels.wecom_send import WeComAppSender
from bot.delivery.limits import Limits
from bot.settings import DingTalk, WeComApp
from tests.channels.conftest import AES_KEY, CORP_ID, TOKEN
from tests.fakes.messenger import dingtalk_media


def test_wecom_file_image_and_video_carry_their_media_id():
    file = wecom_incoming({"MsgType": "file", "FromUserName": "zhangsan", "MsgId": "1", "MediaId": "m1",
                           "FileName": "通稿.docx"})
    image = wecom_incoming({"MsgType": "image", "FromUserName": "zhangsan", "MsgId": "2", "MediaId": "m2",
                            "PicUrl": "https://x"})
    voice = wecom_incoming({"MsgType": "voice", "FromUserName": "zhangsan", "MsgId": "3", "MediaId": "m3"})

    assert file.kind == "file" and file.media == MediaRef("wecom", "m1", "通稿.docx", "file")
    assert image.kind == "file" and image.media == MediaRef("wecom", "m2", None, "image")
    assert voice.kind == "other" and voice.media is None  # a voice message is not a material


def test_dingtalk_file_picture_and_video_carry_their_download_code():
    common = dict(user="staff2", msg_id="d1", created_ms=0, session_webhook="http://x")
    file = dingtalk_incoming(dingtalk_media(msg_type="file", download_code="c1", file_name="问答.docx", **common))
    picture = dingtalk_incoming(dingtalk_media(msg_type="picture", download_code="c2", **common))
    video = dingtalk_incoming(dingtalk_media(msg_type="video", download_code="c3", **common))

    assert file.media == MediaRef("dingtalk", "c1", "问答.docx", "file") and file.kind == "file"
    assert picture.media == MediaRef("dingtalk", "c2", None, "image")
    assert video.media == MediaRef("dingtalk", "c3", None, "video")


async def test_wecom_media_get_with_a_token_refetched_once(wecom_api):
    media_id = wecom_api.receive_media("通稿.docx", b"docx-bytes", "application/octet-stream")
    cfg = WeComApp(CORP_ID, 1000002, wecom_api.secret, TOKEN, AES_KEY, api_base=wecom_api.url)
    async with aiohttp.ClientSession() as http:
        sender = WeComAppSender(cfg, http, Limits())
        await sender.tokens.get()
        wecom_api.switch.expire_next = 1

        got = await sender.fetch_media(MediaRef("wecom", media_id, None, "file"))

        assert (got.name, got.content) == ("通稿.docx", b"docx-bytes")  # the name from Content-Disposition
        assert wecom_api.token_requests == 2
        with pytest.raises(PermanentError):
            await sender.fetch_media(MediaRef("wecom", "expired", None, "file"))


async def test_dingtalk_download_code_to_url_to_bytes(dingtalk):
    code = dingtalk.receive_media("现场.jpg", b"\xff\xd8jpeg", "image/jpeg", "image")
    cfg = DingTalk(dingtalk.app_key, dingtalk.app_secret, dingtalk.app_key, api_base=dingtalk.url,
                   oapi_base=dingtalk.url)
    async with aiohttp.ClientSession() as http:
        sender = DingTalkSender(cfg, http, Limits())

        got = await sender.fetch_media(MediaRef("dingtalk", code, None, "image"))

        assert got.content == b"\xff\xd8jpeg" and got.media_type == "image/jpeg" and got.name.endswith(".jpg")
        assert dingtalk.downloads == [code]
        with pytest.raises(PermanentError):
            await sender.fetch_media(MediaRef("dingtalk", "unknown", None, "file"))
