"""Hostile bodies are refused before anything parses them: deeply nested JSON or XML with a
forged signature is a 4xx, never a 500 with a RecursionError, and the XML is never parsed."""
from __future__ import annotations

import json

import pytest

from tests.fakes.messenger import dingtalk_headers

DEPTH = 30_000  # 60 KB, under the body limit


def nested_json() -> bytes:
    return b'{"encrypt": "x", "a": ' + b"[" * DEPTH + b"]" * DEPTH + b"}"


def nested_xml(size: int = 63_000) -> bytes:
    depth = size // 7
    return b"<xml>" + b"<a>" * depth + b"</a>" * depth + b"</xml>"


def forged_query(bot) -> dict[str, str]:
    return {"msg_signature": "0" * 40, "timestamp": str(bot.now_s), "nonce": "31337"}


async def test_nested_json_on_the_robot_route_with_a_forged_signature(bot):
    resp = await bot.client.post("/wecom/aibot", params=forged_query(bot), data=nested_json())
    assert 400 <= resp.status < 500
    assert await bot.count() == 0


async def test_nested_json_on_the_dingtalk_route_is_400(bot, dingtalk):
    now_ms = int(bot.clock.now().timestamp() * 1000)
    resp = await bot.client.post("/dingtalk/callback", data=nested_json(),
                                 headers=dingtalk_headers(dingtalk.app_secret, now_ms))
    assert resp.status == 400
    assert await bot.count() == 0


async def test_json_nested_a_little_deeper_than_any_platform_body_is_400(bot, dingtalk):
    now_ms = int(bot.clock.now().timestamp() * 1000)
    value: object = "x"
    for _ in range(40):
        value = {"v": value}
    body = json.dumps({"msgtype": "text", "text": {"content": "hi"}, "deep": value}).encode()
    resp = await bot.client.post("/dingtalk/callback", data=body,
                                 headers=dingtalk_headers(dingtalk.app_secret, now_ms))
    assert resp.status == 400


@pytest.mark.parametrize("with_encrypt", [False, True], ids=["no-encrypt", "with-encrypt"])
async def test_forged_nested_xml_is_refused_without_being_parsed(bot, monkeypatch, with_encrypt):
    import xmltodict

    parsed = []
    real = xmltodict.parse
    monkeypatch.setattr(xmltodict, "parse", lambda *a, **k: parsed.append(1) or real(*a, **k))
    body = nested_xml()
    if with_encrypt:
        body = body.replace(b"<xml>", b"<xml><Encrypt><![CDATA[" + b"A" * 64 + b"]]></Encrypt>", 1)
    resp = await bot.client.post("/wecom/callback", params=forged_query(bot), data=body)
    assert resp.status in (400, 403)
    assert parsed == []
    assert await bot.count() == 0
