"""WeCom app callback: a real encrypted message in, the reply out at the fake WeCom API."""
from __future__ import annotations

import pytest

from store.models import InboundMessage
from tests.channels.conftest import CORP_ID
from tests.fakes.messenger import wecom_event_xml, wecom_text_xml

pytestmark = pytest.mark.asyncio


def text(bot, content="你好", msg_id="1001", user="zhangsan", corp=CORP_ID) -> str:
    return wecom_text_xml(user=user, content=content, msg_id=msg_id, create_time=bot.now_s, corp_id=corp)


async def post(bot, plaintext: str, **kw):
    query, body = bot.wecom.app_post(plaintext, bot.now_s, **kw)
    return await bot.client.post("/wecom/callback", params=query, data=body)


async def test_message_is_answered_through_message_send(bot, wecom_api):
    resp = await post(bot, text(bot, "我局5月中旬开发布会"))
    assert resp.status == 200 and await resp.text() == ""
    await bot.settle()
    [sent] = wecom_api.sent
    assert sent.api == "message/send"
    assert sent.body["touser"] == "zhangsan" and sent.body["agentid"] == 1000002
    assert "区教育局" in sent.content and "2026年5月中旬" in sent.content and "新闻发布会" in sent.content


async def test_the_same_message_delivered_three_times_is_answered_once(bot, wecom_api):
    for nonce in ("1", "2", "3"):  # WeCom retries with fresh query parameters
        resp = await post(bot, text(bot, msg_id="77"), nonce=nonce)
        assert resp.status == 200
    await bot.settle()
    assert await bot.count() == 1
    assert len(wecom_api.sent) == 1
    assert bot.metrics.duplicates.get(channel="wecom") == 2


async def test_replayed_request_is_acknowledged_and_ignored(bot, wecom_api):
    query, body = bot.wecom.app_post(text(bot), bot.now_s)
    for _ in range(2):
        resp = await bot.client.post("/wecom/callback", params=query, data=body)
        assert resp.status == 200
    await bot.settle()
    assert len(wecom_api.sent) == 1
    assert bot.metrics.rejected.get(channel="wecom", reason="replay") == 1


async def test_events_are_deduplicated_by_sender_and_time_and_not_answered(bot, wecom_api):
    event = wecom_event_xml(user="lisi", event="enter_agent", create_time=bot.now_s, corp_id=CORP_ID)
    for nonce in ("1", "2"):
        assert (await post(bot, event, nonce=nonce)).status == 200
    await bot.settle()
    assert await bot.count(message_id=f"event:lisi:{bot.now_s}") == 1
    assert wecom_api.sent == []


async def test_url_verification_echoes_the_plaintext_even_with_a_raw_plus(bot):
    # the random prefix changes the ciphertext: take one that really has a '+' to mangle
    encrypt = next(e for e in (bot.wecom.encrypt("5927782489442352469") for _ in range(200)) if "+" in e)
    query = bot.wecom.query(encrypt, bot.now_s)
    raw = "&".join(f"{k}={v}" for k, v in {**query, "echostr": encrypt}.items())
    resp = await bot.client.get(f"/wecom/callback?{raw}")  # '+' unescaped: decodes to ' '
    assert resp.status == 200
    assert await resp.text() == "5927782489442352469"


async def test_url_verification_with_a_forged_signature_is_refused(bot):
    encrypt = bot.wecom.encrypt("123")
    query = {**bot.wecom.query(encrypt, bot.now_s), "echostr": encrypt}
    query["msg_signature"] = "0" * 40
    resp = await bot.client.get("/wecom/callback", params=query)
    assert resp.status == 403


ENTITY_ENVELOPE = (b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">'
                   b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>')


def forged(bot):
    query, body = bot.wecom.app_post(text(bot), bot.now_s)
    return {**query, "msg_signature": "f" * 40}, body


def stale(bot):
    return bot.wecom.app_post(text(bot), bot.now_s - 301)


def future(bot):
    return bot.wecom.app_post(text(bot), bot.now_s + 301)


def wrong_corp(bot):
    return bot.wecom.app_post(text(bot, corp="wwother"), bot.now_s, receive_id="wwother")


def malformed_xml(bot):
    query, body = bot.wecom.app_post(text(bot), bot.now_s)
    return query, body[:-10]


def no_encrypt(bot):
    query, _ = bot.wecom.app_post(text(bot), bot.now_s)
    return query, b"<xml><ToUserName>wwcorp</ToUserName></xml>"


def entity_envelope(bot):
    return bot.wecom.query("x", bot.now_s), ENTITY_ENVELOPE


def entity_inside(bot):
    inner = '<!DOCTYPE xml [<!ENTITY a "boom">]><xml><MsgType>text</MsgType><Content>&a;</Content></xml>'
    return bot.wecom.app_post(inner, bot.now_s)


def truncated(bot):
    query, body = bot.wecom.app_post(text(bot), bot.now_s)
    encrypt = body.split(b"CDATA[")[2].split(b"]]")[0].decode()
    short = encrypt[:-24]
    return bot.wecom.query(short, bot.now_s), body.replace(encrypt.encode(), short.encode())


def oversize(bot):
    return bot.wecom.app_post(text(bot, content="长" * 30_000), bot.now_s)


def missing_params(bot):
    query, body = bot.wecom.app_post(text(bot), bot.now_s)
    return {"timestamp": query["timestamp"]}, body


def no_msgtype(bot):
    return bot.wecom.app_post("<xml><FromUserName>zs</FromUserName><MsgId>5</MsgId></xml>", bot.now_s)


@pytest.mark.parametrize("build, status, reason", [
    (forged, 403, "signature"),
    (stale, 403, "timestamp"),
    (future, 403, "timestamp"),
    (wrong_corp, 403, "corp_id"),
    (malformed_xml, 400, "malformed"),
    (no_encrypt, 400, "malformed"),
    (entity_envelope, 400, "entity"),
    (entity_inside, 400, "entity"),
    (truncated, 400, "ciphertext"),
    (oversize, 413, "oversize"),
    (missing_params, 400, "missing_params"),
    (no_msgtype, 200, "no_msgtype"),
], ids=lambda v: v.__name__ if callable(v) else None)
async def test_bad_requests_are_refused_and_nothing_is_stored(bot, wecom_api, build, status, reason):
    query, body = build(bot)
    resp = await bot.client.post("/wecom/callback", params=query, data=body)
    assert resp.status == status
    assert await resp.text() == ""
    await bot.settle()
    assert await bot.count(InboundMessage) == 0
    assert wecom_api.sent == []
    assert bot.metrics.rejected.get(channel="wecom", reason=reason) == 1


def huge_timestamp(bot):
    query, body = bot.wecom.app_post(text(bot), bot.now_s)
    return {**query, "timestamp": "9" * 400}, body


async def test_a_timestamp_too_long_to_be_a_time_is_refused_before_any_arithmetic(bot, wecom_api):
    """400 digits made the timestamp window overflow into a 500 before the signature was looked at."""
    query, body = huge_timestamp(bot)
    for method in (bot.client.post, bot.client.get):
        resp = await method("/wecom/callback", params={**query, "echostr": "x"}, data=body)
        assert resp.status == 403 and await resp.text() == ""
    assert await bot.count(InboundMessage) == 0


@pytest.mark.parametrize("control", ["\x00", "\x0b", "\x1b", "\ufffe"])
async def test_a_signed_message_with_a_character_xml_cannot_hold_is_cleaned_and_answered(bot, wecom_api, control):
    """XML 1.0 refuses these characters: the message was answered 400, so WeCom would have
    retried it for ever and the person never got an answer. They go, as the inbox drops them."""
    resp = await post(bot, text(bot, f"我局5月中旬开就业{control}政策发布会"))
    assert resp.status == 200
    await bot.settle()
    [sent] = wecom_api.sent
    assert "就业政策" in sent.content and "区教育局" in sent.content


async def test_elements_inside_the_content_of_a_signed_message_do_not_break_the_bot(bot, wecom_api):
    xml = text(bot).replace("<Content><![CDATA[你好]]></Content>", "<Content><b>1</b><b>2</b></Content>")
    resp = await post(bot, xml)
    assert resp.status == 200  # was 500 ('dict' object has no attribute 'strip')
    await bot.settle()
    assert await bot.count(InboundMessage) == 1
    assert all("抱歉" not in s.content for s in wecom_api.sent)


async def test_a_body_that_stalls_is_answered_408_instead_of_holding_the_connection(bot, monkeypatch):
    """Headers promising 1,000 bytes, then 3: the connection was held with no answer for minutes."""
    import asyncio

    import bot.channels.http as http

    monkeypatch.setattr(http, "BODY_SECONDS", 0.5)
    url = bot.client.make_url("/wecom/callback")
    query, _ = bot.wecom.app_post(text(bot), bot.now_s)
    path = "/wecom/callback?" + "&".join(f"{k}={v}" for k, v in query.items())
    reader, writer = await asyncio.open_connection(url.host, url.port)
    writer.write(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n<xm".encode())
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), 5)
    writer.close()
    assert status_line.split()[1] == b"408"
    assert await bot.count(InboundMessage) == 0
