"""A fake DingTalk Stream gateway: open-connection plus the WebSocket, in a thread of its own.

The SDK under test makes blocking HTTP calls; a gateway in the same event loop would
deadlock (protocols.md §5.4). Test code talks to it from the test's loop with thread-safe
calls: ``push`` a bot message, ``disconnect``, wait for ACKs.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from typing import Any

from aiohttp import WSMsgType, web

BOT_TOPIC = "/v1.0/im/bot/messages/get"


class FakeStreamGateway:
    def __init__(self, client_id: str = "ding-key", client_secret: str = "ding-secret") -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.opens: list[dict[str, Any]] = []
        self.acks: list[dict[str, Any]] = []
        self.connections = 0
        self._cond = threading.Condition()
        self._ws: web.WebSocketResponse | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._serial = itertools.count(1)
        self.port = 0
        self._thread = threading.Thread(target=self._run, name="fake-stream-gateway", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- lifecycle (called from the test thread) ------------------------------------------
    def start(self) -> FakeStreamGateway:
        self._thread.start()
        self._ready.wait(5)
        return self

    def stop(self) -> None:
        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(5)
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(self._serve())
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()  # its self-pipe and selector go with it

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_post("/v1.0/gateway/connections/open", self._open)
        app.router.add_get("/connect", self._connect)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _shutdown(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- protocol ---------------------------------------------------------------------------
    async def _open(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.opens.append(body)
        if body.get("clientId") != self.client_id or body.get("clientSecret") != self.client_secret:
            return web.json_response({"code": "invalidClient"}, status=401)
        return web.json_response({"endpoint": f"ws://127.0.0.1:{self.port}/connect",
                                  "ticket": f"ticket+/={next(self._serial)}"})

    async def _connect(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        with self._cond:
            self._ws = ws
            self.connections += 1
            self._cond.notify_all()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                with self._cond:
                    self.acks.append(json.loads(msg.data))
                    self._cond.notify_all()
        return ws

    # -- test controls (thread-safe) ---------------------------------------------------------
    def wait_connected(self, count: int = 1, timeout: float = 10) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: self.connections >= count, timeout):
                raise TimeoutError(f"stream client did not connect ({self.connections}/{count})")

    def send_frame(self, frame: dict[str, Any] | str) -> None:
        text = frame if isinstance(frame, str) else json.dumps(frame)
        assert self._loop is not None and self._ws is not None
        asyncio.run_coroutine_threadsafe(self._ws.send_str(text), self._loop).result(5)

    def push(self, payload: dict[str, Any], message_id: str | None = None) -> str:
        message_id = message_id or f"frame-{next(self._serial)}"
        self.send_frame({"specVersion": "1.0", "type": "CALLBACK",
                         "headers": {"appId": "app", "contentType": "application/json",
                                     "messageId": message_id, "time": str(int(time.time() * 1000)),
                                     "topic": BOT_TOPIC},
                         "data": json.dumps(payload, ensure_ascii=False)})
        return message_id

    def disconnect(self) -> None:
        self.send_frame({"specVersion": "1.0", "type": "SYSTEM",
                         "headers": {"contentType": "application/json", "messageId": "bye",
                                     "time": str(int(time.time() * 1000)), "topic": "disconnect"},
                         "data": json.dumps({"reason": "connection is expired"})})

    def wait_ack(self, message_id: str, timeout: float = 10) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            return next((a for a in self.acks if a.get("headers", {}).get("messageId") == message_id),
                        None)

        with self._cond:
            if not self._cond.wait_for(lambda: found() is not None, timeout):
                raise TimeoutError(f"no ACK for {message_id}")
            return found()  # type: ignore[return-value]
