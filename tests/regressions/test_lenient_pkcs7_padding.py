"""A WeCom ciphertext whose padding bytes are not all equal is refused, not read."""
from __future__ import annotations

import base64
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from tests.channels.conftest import AES_KEY, CORP_ID
from tests.channels.test_wecom_app import text
from tests.fakes.messenger import wecom_signature


def encrypt_with_padding(plaintext: str, pad: bytes) -> str:
    key = base64.b64decode(AES_KEY + "=")
    body = plaintext.encode()
    raw = os.urandom(16) + struct.pack(">I", len(body)) + body + CORP_ID.encode()
    raw += pad
    assert len(raw) % 32 == 0
    enc = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(enc.update(raw) + enc.finalize()).decode()


def lenient_pad(length: int) -> bytes:
    n = 32 - length % 32 or 32
    return bytes([0x41] * (n - 1) + [n]) if n > 1 else bytes([1] * 32)[:0] + bytes([n])


async def post_raw(bot, encrypt: str):
    nonce = "556677"
    query = {"msg_signature": wecom_signature("pressbot-callback-token", str(bot.now_s), nonce, encrypt),
             "timestamp": str(bot.now_s), "nonce": nonce}
    body = f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    return await bot.client.post("/wecom/callback", params=query, data=body.encode())


async def test_padding_with_unequal_bytes_is_refused_and_nothing_stored(bot):
    plain = text(bot, "本月有哪些发布会", msg_id="pad-1")
    length = 16 + 4 + len(plain.encode()) + len(CORP_ID)
    n = 32 - length % 32
    if n < 2:  # make room for a pad of at least two bytes
        plain += " "
        length += 1
        n = 32 - length % 32
    resp = await post_raw(bot, encrypt_with_padding(plain, bytes([0x41] * (n - 1) + [n])))
    assert resp.status == 400
    await bot.settle()
    assert await bot.count() == 0


async def test_correct_padding_is_still_accepted(bot):
    plain = text(bot, "本月有哪些发布会", msg_id="pad-2")
    length = 16 + 4 + len(plain.encode()) + len(CORP_ID)
    n = 32 - length % 32 or 32
    resp = await post_raw(bot, encrypt_with_padding(plain, bytes([n] * n)))
    assert resp.status == 200
    assert await bot.count() == 1
