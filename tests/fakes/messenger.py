"""Builders of *real* platform requests: WeCom encrypted and signed XML (app) and JSON
(intelligent robot), DingTalk bodies with timestamp and sign headers.

Encryption uses wechatpy directly and signatures are computed here, independently of the
code under test.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from wechatpy.enterprise.crypto import PrpCrypto


def wecom_signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypt])).encode()).hexdigest()


@dataclass(frozen=True)
class WeComSigner:
    token: str
    aes_key: str
    receive_id: str  # the CorpID for an app, "" for the intelligent robot

    def encrypt(self, plaintext: str, receive_id: str | None = None) -> str:
        key = base64.b64decode(self.aes_key + "=")
        rid = self.receive_id if receive_id is None else receive_id
        return PrpCrypto(key).encrypt(plaintext, rid).decode()

    def query(self, encrypt: str, timestamp: int, nonce: str = "1597212914") -> dict[str, str]:
        return {"msg_signature": wecom_signature(self.token, str(timestamp), nonce, encrypt),
                "timestamp": str(timestamp), "nonce": nonce}

    def app_post(self, plaintext: str, timestamp: int, nonce: str = "1597212914", *,
                 receive_id: str | None = None, agent_id: int = 1000002) -> tuple[dict[str, str], bytes]:
        encrypt = self.encrypt(plaintext, receive_id)
        body = (f"<xml><ToUserName><![CDATA[{receive_id or self.receive_id}]]></ToUserName>\n"
                f"<Encrypt><![CDATA[{encrypt}]]></Encrypt>\n"
                f"<AgentID><![CDATA[{agent_id}]]></AgentID>\n</xml>")
        return self.query(encrypt, timestamp, nonce), body.encode()

    def aibot_post(self, message: dict[str, Any], timestamp: int,
                   nonce: str = "1597212914") -> tuple[dict[str, str], bytes]:
        encrypt = self.encrypt(json.dumps(message, ensure_ascii=False))
        return self.query(encrypt, timestamp, nonce), json.dumps({"encrypt": encrypt}).encode()


def wecom_text_xml(*, user: str, content: str, msg_id: str, create_time: int,
                   corp_id: str, agent_id: int = 1000002) -> str:
    return (f"<xml><ToUserName><![CDATA[{corp_id}]]></ToUserName>"
            f"<FromUserName><![CDATA[{user}]]></FromUserName><CreateTime>{create_time}</CreateTime>"
            f"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>"
            f"<MsgId>{msg_id}</MsgId><AgentID>{agent_id}</AgentID></xml>")


def wecom_media_xml(*, user: str, msg_type: str, media_id: str, msg_id: str, create_time: int,
                    corp_id: str, file_name: str | None = None, agent_id: int = 1000002) -> str:
    """A file, image or video message of the app callback (the bytes stay at WeCom: media/get)."""
    extra = {"image": f"<PicUrl><![CDATA[https://wework.qpic.cn/{media_id}]]></PicUrl>",
             "video": f"<ThumbMediaId><![CDATA[thumb-{media_id}]]></ThumbMediaId>",
             "file": f"<FileName><![CDATA[{file_name}]]></FileName>" if file_name else ""}[msg_type]
    return (f"<xml><ToUserName><![CDATA[{corp_id}]]></ToUserName>"
            f"<FromUserName><![CDATA[{user}]]></FromUserName><CreateTime>{create_time}</CreateTime>"
            f"<MsgType><![CDATA[{msg_type}]]></MsgType><MediaId><![CDATA[{media_id}]]></MediaId>{extra}"
            f"<MsgId>{msg_id}</MsgId><AgentID>{agent_id}</AgentID></xml>")


def wecom_event_xml(*, user: str, event: str, create_time: int, corp_id: str) -> str:
    return (f"<xml><ToUserName><![CDATA[{corp_id}]]></ToUserName>"
            f"<FromUserName><![CDATA[{user}]]></FromUserName><CreateTime>{create_time}</CreateTime>"
            f"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event>"
            f"<AgentID>1000002</AgentID></xml>")


def aibot_text(*, user: str, content: str, msg_id: str, response_url: str,
               chat_id: str | None = None) -> dict[str, Any]:
    message = {"msgid": msg_id, "aibotid": "bot1", "chattype": "group" if chat_id else "single",
               "from": {"userid": user}, "response_url": response_url, "msgtype": "text",
               "text": {"content": content}}
    if chat_id:
        message["chatid"] = chat_id
    return message


def dingtalk_sign(timestamp_ms: int | str, secret: str) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def dingtalk_headers(secret: str, timestamp_ms: int) -> dict[str, str]:
    return {"timestamp": str(timestamp_ms), "sign": dingtalk_sign(timestamp_ms, secret),
            "Content-Type": "application/json; charset=utf-8"}


def dingtalk_text(*, user: str, content: str, msg_id: str, created_ms: int, session_webhook: str,
                  group: bool = False, at_bot: bool = True, webhook_ttl_ms: int = 5_400_000) -> dict[str, Any]:
    return {
        "msgtype": "text", "text": {"content": f" {content}"}, "msgId": msg_id,
        "createAt": created_ms, "conversationType": "2" if group else "1",
        "conversationId": "cidGroup1" if group else "cidSingle1",
        "conversationTitle": "发布会联络群" if group else None,
        "senderId": f"$:LWCP_v1:${user}", "senderNick": "张三", "senderStaffId": user,
        "senderCorpId": "ding-corp", "chatbotUserId": "$:LWCP_v1:$bot", "robotCode": "ding-key",
        "isAdmin": False, "isInAtList": at_bot, "sessionWebhook": session_webhook,
        "sessionWebhookExpiredTime": created_ms + webhook_ttl_ms,
    }


def dingtalk_media(*, msg_type: str, download_code: str, file_name: str | None = None,
                   **text_fields: Any) -> dict[str, Any]:
    """A robot message carrying a file, picture or video: ``content.downloadCode``."""
    message = dingtalk_text(content="", **text_fields)
    del message["text"]
    content: dict[str, Any] = {"downloadCode": download_code}
    if msg_type == "file":
        content["fileName"] = file_name or "文件"
        content["fileId"] = f"file-{download_code}"
    if msg_type == "video":
        content.update(videoType="mp4", duration="15")
    message.update(msgtype=msg_type, content=content)
    return message
