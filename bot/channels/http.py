"""Small HTTP helpers shared by the channels: a capped body read, a JSON call, a file upload."""
from __future__ import annotations

import asyncio
import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from bot.channels.base import FileAttachment, PermanentError, Rejected, TransientError

# Outbound calls: the platforms answer in well under a second or are in trouble (their own
# server timeout is 3 s, protocols.md D14); never wait on them forever.
CLIENT_TIMEOUT = aiohttp.ClientTimeout(total=10, connect=5, sock_read=10)


BODY_SECONDS = 10.0  # a platform sends its few KB at once; a body still arriving after this is stalled


async def read_body(request: web.Request, limit: int) -> bytes:
    """The request body, or Rejected(413) as soon as it passes ``limit`` bytes, or
    Rejected(408) if it has not all arrived within ``BODY_SECONDS`` (a stalled sender)."""
    declared = request.content_length
    if declared is not None and declared > limit:
        raise Rejected(413, "oversize", f"Content-Length {declared} > {limit}")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(BODY_SECONDS):
            async for chunk in request.content.iter_chunked(16 * 1024):
                size += len(chunk)
                if size > limit:
                    raise Rejected(413, "oversize", f"body over {limit} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise Rejected(408, "stalled", f"{size} bytes in {BODY_SECONDS:.0f} s") from None
    body = b"".join(chunks)
    if not body:
        raise Rejected(400, "empty_body", "no body")
    return body


# A refused request (forged, hostile) is answered after a pause: an attacker's connection then
# gets at most a few refusals a second instead of as many as the CPU can parse, and the
# valid traffic keeps the event loop. The platforms never send such requests.
REFUSAL_DELAY = 0.1


def reject_response(exc: Rejected) -> web.Response:
    return web.Response(status=exc.status, text=exc.body)


async def refusal(exc: Rejected) -> web.Response:
    """``reject_response``, after ``REFUSAL_DELAY`` for an error status (not for a replay's 200)."""
    if exc.status >= 400:
        await asyncio.sleep(REFUSAL_DELAY)
    return reject_response(exc)


# Nesting a platform body never needs; deeper is refused before the (recursive) JSON parser
# sees it, so it can never reach Python's recursion limit.
MAX_DEPTH = 16
# unrolled and possessive: no per-character alternation, no backtracking on a string never closed
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"')
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_INNERMOST = re.compile(rb"\{\}|\[\]")


@functools.cache
def _deep_run(limit: int) -> re.Pattern[bytes]:
    return re.compile(rb"[\[{]{%d}" % (limit + 1))


def check_depth(body: bytes, limit: int = MAX_DEPTH) -> None:
    """Rejected(400) when the JSON nests deeper than ``limit``: ``limit`` passes of C-speed
    substitutions, each peeling the innermost brackets; whatever is left is too deep (or
    unbalanced, which the parser would refuse anyway)."""
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", body))
    deep = _deep_run(limit)
    for _ in range(limit):
        if not brackets:
            return
        if deep.search(brackets):  # that many openers in a row: nested at least that deep
            raise Rejected(400, "too_deep", f"JSON nested deeper than {limit}")
        brackets = _INNERMOST.sub(b"", brackets)
    opened = brackets.count(b"{") + brackets.count(b"[")
    if opened * 2 != len(brackets):
        raise Rejected(400, "malformed", "not JSON: unbalanced brackets")
    raise Rejected(400, "too_deep", f"JSON nested deeper than {limit}")


def parse_json_object(body: bytes) -> dict[str, Any]:
    check_depth(body)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise Rejected(400, "malformed", f"not JSON: {str(exc)[:60]}") from None
    if not isinstance(data, dict):
        raise Rejected(400, "malformed", "JSON body is not an object")
    return data


async def call_json(http: aiohttp.ClientSession, method: str, url: str, *,
                    json_body: Any = None, params: dict | None = None,
                    headers: dict | None = None) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON object); network trouble and non-JSON 5xx become TransientError."""
    return await _call(http, method, url, json=json_body, params=params, headers=headers)


async def upload_file(http: aiohttp.ClientSession, url: str, file: FileAttachment, *,
                      field: str = "media", params: dict | None = None) -> tuple[int, dict[str, Any]]:
    """POST ``file`` as multipart/form-data (WeCom and DingTalk media upload); as ``call_json``."""
    # the name goes out as UTF-8, as the platforms' own SDKs send it (not percent-encoded)
    form = aiohttp.FormData(quote_fields=False)
    form.add_field(field, file.content, filename=file.filename, content_type=file.media_type)
    return await _call(http, "POST", url, data=form, params=params)


async def _call(http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    try:
        async with http.request(method, url, **kwargs) as resp:
            text = await resp.text()
            status = resp.status
    except (TimeoutError, aiohttp.ClientError) as exc:
        raise TransientError(f"{method} {url.split('?')[0]}: {type(exc).__name__} {exc}",
                             reached=not isinstance(exc, aiohttp.ClientConnectorError)) from None
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    if status >= 500:
        raise TransientError(f"{method} {url.split('?')[0]}: HTTP {status} {text[:120]}")
    return status, data


# Received files: WeCom takes files up to 20 MB and videos up to 10 MB; DingTalk more. A cap
# keeps one message from filling the memory.
MEDIA_LIMIT = 64 * 1024 * 1024
MEDIA_TIMEOUT = aiohttp.ClientTimeout(total=120, connect=5, sock_read=30)


@dataclass(frozen=True)
class Download:
    status: int
    media_type: str
    filename: str | None  # from Content-Disposition
    content: bytes = field(repr=False)

    def json(self) -> dict[str, Any] | None:
        """The body as a JSON object when the platform answered with an error instead of a file."""
        if not self.media_type.startswith(("application/json", "text/plain")):
            return None
        try:
            data = json.loads(self.content)
        except (ValueError, UnicodeDecodeError):
            return None
        return data if isinstance(data, dict) else None


async def download(http: aiohttp.ClientSession, url: str, *, params: dict | None = None,
                   limit: int = MEDIA_LIMIT) -> Download:
    """GET a file; network trouble and 5xx become TransientError, a file over ``limit`` PermanentError."""
    try:
        async with http.get(url, params=params, timeout=MEDIA_TIMEOUT) as resp:
            if resp.content_length is not None and resp.content_length > limit:
                raise PermanentError(f"file of {resp.content_length} bytes is over {limit}")
            chunks, size = [], 0
            async for chunk in resp.content.iter_chunked(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise PermanentError(f"file over {limit} bytes")
                chunks.append(chunk)
            status, media_type = resp.status, resp.content_type
            filename = resp.content_disposition.filename if resp.content_disposition else None
    except (TimeoutError, aiohttp.ClientError) as exc:
        raise TransientError(f"GET {url.split('?')[0]}: {type(exc).__name__} {exc}") from None
    if status >= 500:
        raise TransientError(f"GET {url.split('?')[0]}: HTTP {status}")
    return Download(status, media_type, filename, b"".join(chunks))
