"""WeCom's callback crypto, with our own guard around wechatpy (protocols.md §1, §2.2).

wechatpy does the AES work; around it we check what it does not: the timestamp window, a
constant-time signature compare, strict base64 and block length, a nonce replay cache, and
we turn every exception it can raise on hostile input into a ``Rejected`` with a reason.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.parsers.expat import ExpatError

import xmltodict
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from wechatpy.enterprise.crypto import PrpCrypto, WeChatCrypto

from bot.channels.base import Rejected, timestamp_skew

DECRYPT_ERRORS = (binascii.Error, ValueError, TypeError, IndexError, UnicodeDecodeError, struct.error)
BLOCK = 32  # WeCom pads to 32 bytes (protocols.md §1.4)


@dataclass(frozen=True)
class SignedQuery:
    signature: str
    timestamp: str
    nonce: str
    echostr: str | None = None


def signed_query(query: Mapping[str, str], *, with_echostr: bool = False) -> SignedQuery:
    names = ("msg_signature", "timestamp", "nonce") + (("echostr",) if with_echostr else ())
    missing = [n for n in names if not query.get(n)]
    if missing:
        raise Rejected(400, "missing_params", ",".join(missing))
    echostr = query.get("echostr")
    if echostr is not None:
        # WeCom sends %2B, but a raw '+' decodes to ' ' (protocols.md §1.2): map it back.
        echostr = echostr.replace(" ", "+")
    return SignedQuery(query["msg_signature"], query["timestamp"], query["nonce"], echostr)


def signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypt])).encode()).hexdigest()


class WeComCipher:
    def __init__(self, token: str, aes_key: str, receive_id: str, window: int) -> None:
        self.token = token
        self.receive_id = receive_id
        self.window = window
        self.crypto = WeChatCrypto(token, aes_key, receive_id)

    def check_time(self, q: SignedQuery, now: datetime) -> None:
        skew = timestamp_skew(q.timestamp, now, status=403)
        if skew > self.window:
            raise Rejected(403, "timestamp", f"{skew:.0f} s off")

    def verify(self, q: SignedQuery, encrypt: str) -> None:
        expected = signature(self.token, q.timestamp, q.nonce, encrypt)
        if not hmac.compare_digest(expected.encode(), q.signature.lower().encode()):
            raise Rejected(403, "signature", "msg_signature mismatch")

    def decrypt(self, encrypt: str) -> str:
        try:
            raw = base64.b64decode(encrypt, validate=True)
        except (binascii.Error, ValueError):
            raise Rejected(400, "ciphertext", "bad base64") from None
        if not raw or len(raw) % 32:
            # AES blocks are 16 bytes and WeCom pads to 32: anything else is cut or forged
            raise Rejected(400, "ciphertext", f"length {len(raw)} is not a multiple of 32")
        decryptor = Cipher(algorithms.AES(self.crypto.key), modes.CBC(self.crypto.key[:16])).decryptor()
        plain = unpad(decryptor.update(raw) + decryptor.finalize())
        if len(plain) < 20:
            raise Rejected(400, "ciphertext", "plaintext too short")
        (size,) = struct.unpack(">I", plain[16:20])
        if 20 + size > len(plain):
            raise Rejected(400, "ciphertext", "message length past the end")
        if plain[20 + size:] != self.receive_id.encode():
            raise Rejected(403, "corp_id", "receive id does not match")
        try:
            return plain[20:20 + size].decode("utf-8")
        except UnicodeDecodeError:
            raise Rejected(400, "ciphertext", "message is not UTF-8") from None

    def encrypt(self, plaintext: str, nonce: str, timestamp: str) -> tuple[str, str]:
        """(Encrypt, MsgSignature) for a passive reply or a test request."""
        encrypt = PrpCrypto(self.crypto.key).encrypt(plaintext, self.receive_id).decode()
        return encrypt, signature(self.token, timestamp, nonce, encrypt)


def unpad(plain: bytes) -> bytes:
    """Strict PKCS#7 (block 32): the last byte n is 1..32 and the last n bytes all equal n."""
    n = plain[-1] if plain else 0
    if not 1 <= n <= BLOCK or n > len(plain) or plain[-n:] != bytes([n]) * n:
        raise Rejected(400, "ciphertext", "bad padding")
    return plain[:-n]


# The signed field of an envelope, read without parsing the document: a forged body of any
# shape costs one linear scan (no recursion, no tree), then the signature check refuses it.
B64 = rb"[A-Za-z0-9+/=]"
XML_ENCRYPT = re.compile(rb"<Encrypt>\s*(?:<!\[CDATA\[(" + B64 + rb"{1,65536})\]\]>|(" + B64
                         + rb"{1,65536}))\s*</Encrypt>")
XML_TO_USER = re.compile(rb"<ToUserName>\s*(?:<!\[CDATA\[([^\]<]{0,256})\]\]>|([^<]{0,256}))\s*</ToUserName>")
JSON_ENCRYPT = re.compile(rb'"encrypt"\s*:\s*"([A-Za-z0-9+/=\\]{1,65536})"')


def envelope_encrypt(body: bytes) -> str:
    """The ``<Encrypt>`` text of an app callback envelope; exactly one, or Rejected(400)."""
    if b"<!" in body.replace(b"<![CDATA[", b""):
        raise Rejected(400, "entity", "DTD or comment in envelope")
    found = XML_ENCRYPT.findall(body)
    doc = body.strip()
    if doc.startswith(b"<?xml"):  # an XML declaration may come first
        doc = doc[doc.find(b"?>") + 2:].lstrip()
    if len(found) != 1 or not doc.startswith(b"<xml>") or not doc.endswith(b"</xml>"):
        raise Rejected(400, "malformed", "no single <Encrypt> in an <xml> envelope")
    return (found[0][0] or found[0][1]).decode("ascii")


def envelope_to_user(body: bytes) -> str | None:
    found = XML_TO_USER.search(body)
    if found is None:
        return None
    return (found.group(1) or found.group(2) or b"").decode("utf-8", "replace")


def json_encrypt(body: bytes) -> str:
    """The ``encrypt`` string of the intelligent robot's JSON envelope; exactly one."""
    found = JSON_ENCRYPT.findall(body)
    if len(found) != 1 or not body.lstrip().startswith(b"{"):
        raise Rejected(400, "malformed", "no single encrypt field in a JSON object")
    value = found[0].replace(b"\\/", b"/")  # a JSON encoder may escape "/"
    if b"\\" in value:
        raise Rejected(400, "malformed", "escape in encrypt field")
    return value.decode("ascii")


def parse_xml(body: bytes | str) -> dict[str, Any]:
    """The ``<xml>`` root as a dict; a DTD (and so any entity) is refused outright."""
    head = body[:4096].upper() if isinstance(body, bytes) else body[:4096].upper().encode()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise Rejected(400, "entity", "DTD in body")
    try:
        doc = xmltodict.parse(body, disable_entities=True)
    except ValueError as exc:
        if "entities" in str(exc):
            raise Rejected(400, "entity", "entity declaration in body") from None
        raise Rejected(400, "malformed", str(exc)[:80]) from None
    except ExpatError as exc:
        raise Rejected(400, "malformed", str(exc)[:80]) from None
    root = doc.get("xml") if isinstance(doc, dict) else None
    if not isinstance(root, dict):
        raise Rejected(400, "malformed", "root element is not <xml>")
    return root
