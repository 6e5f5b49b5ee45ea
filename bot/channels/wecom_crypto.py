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
import struct
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.parsers.expat import ExpatError

import xmltodict
from wechatpy.enterprise.crypto import PrpCrypto, WeChatCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException

from bot.channels.base import Rejected

DECRYPT_ERRORS = (binascii.Error, ValueError, TypeError, IndexError, UnicodeDecodeError, struct.error)


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


class NonceCache:
    """Remembers (timestamp, nonce) pairs for twice the window: older ones fail the window check."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._seen: dict[tuple[str, str], float] = {}

    def seen(self, q: SignedQuery) -> bool:
        return (q.timestamp, q.nonce, q.signature) in self._seen

    def remember(self, q: SignedQuery) -> None:
        now = time.monotonic()
        if len(self._seen) > 10_000:
            self._seen = {k: t for k, t in self._seen.items() if t > now}
        self._seen[(q.timestamp, q.nonce, q.signature)] = now + self.ttl


class WeComCipher:
    def __init__(self, token: str, aes_key: str, receive_id: str, window: int) -> None:
        self.token = token
        self.receive_id = receive_id
        self.window = window
        self.crypto = WeChatCrypto(token, aes_key, receive_id)

    def check_time(self, q: SignedQuery, now: datetime) -> None:
        try:
            sent = int(q.timestamp)
        except ValueError:
            raise Rejected(403, "timestamp", f"not a number: {q.timestamp[:20]!r}") from None
        skew = abs(now.timestamp() - sent)
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
        try:
            return PrpCrypto(self.crypto.key).decrypt(encrypt, self.receive_id)
        except InvalidCorpIdException:
            raise Rejected(403, "corp_id", "receive id does not match") from None
        except DECRYPT_ERRORS as exc:
            raise Rejected(400, "ciphertext", type(exc).__name__) from None

    def encrypt(self, plaintext: str, nonce: str, timestamp: str) -> tuple[str, str]:
        """(Encrypt, MsgSignature) for a passive reply or a test request."""
        encrypt = PrpCrypto(self.crypto.key).encrypt(plaintext, self.receive_id).decode()
        return encrypt, signature(self.token, timestamp, nonce, encrypt)


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
