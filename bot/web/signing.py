"""HMAC signatures for download links and session cookies: nothing stored, everything expires.

Each signed message starts with its purpose ("download", "session"), so that a signature made
for one can never be replayed as the other.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

EXPIRES, SIGNATURE = "exp", "sig"


class LinkCheck(StrEnum):
    OK = "ok"
    MISSING = "missing"  # no signature at all: not signed in, as far as we know
    EXPIRED = "expired"
    BAD = "bad"  # changed after signing, or signed with another key


def sign(key: bytes, message: str) -> str:
    digest = hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def verify(key: bytes, message: str, signature: str) -> bool:
    return hmac.compare_digest(sign(key, message), signature)


def _link_message(path: str, pairs: Iterable[tuple[str, str]], expires: int) -> str:
    """The canonical query: every (key, value) pair but exp and sig, sorted."""
    query = urlencode(sorted((k, v) for k, v in pairs if k not in (EXPIRES, SIGNATURE)))
    return f"download\n{path}\n{query}\n{expires}"


def _pairs(query: Any) -> list[tuple[str, str]]:
    """Every pair of a query (a MultiDict keeps repeats; a plain mapping cannot have them)."""
    items = query.items() if hasattr(query, "getall") or isinstance(query, Mapping) else query
    return [(str(k), str(v)) for k, v in items]


def signed_link(key: bytes, path: str, params: Mapping[str, str], *, expires: int) -> str:
    """``path?params&exp=…&sig=…``: valid until the Unix time ``expires``."""
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    signature = sign(key, _link_message(path, clean.items(), expires))
    return f"{path}?{urlencode({**clean, EXPIRES: expires, SIGNATURE: signature})}"


def check_link(key: bytes, path: str, query: Mapping[str, str], *, now: int) -> LinkCheck:
    """The whole query is signed, every value of it; a key given twice is refused outright
    (the signature would cover one value and the handler might read the other)."""
    pairs = _pairs(query)
    signature, expires = query.get(SIGNATURE), query.get(EXPIRES)
    if not signature and not expires:
        return LinkCheck.MISSING
    keys = [k for k, _ in pairs]
    if not signature or not expires or not expires.isdigit() or len(keys) != len(set(keys)):
        return LinkCheck.BAD
    if not verify(key, _link_message(path, pairs, int(expires)), signature):
        return LinkCheck.BAD
    # checked after the signature, so that a forged expiry is "bad", not "expired"
    return LinkCheck.OK if now < int(expires) else LinkCheck.EXPIRED


def _session_message(person_id: int, expires: int) -> str:
    return f"session\n{person_id}\n{expires}"


def session_value(key: bytes, person_id: int, expires: int) -> str:
    return f"{person_id}.{expires}.{sign(key, _session_message(person_id, expires))}"


def read_session(key: bytes, value: str, *, now: int) -> int | None:
    """The person id a valid, unexpired cookie names (0: signed in with the admin token)."""
    parts = value.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    person_id, expires = int(parts[0]), int(parts[1])
    if not verify(key, _session_message(person_id, expires), parts[2]) or now >= expires:
        return None
    return person_id
