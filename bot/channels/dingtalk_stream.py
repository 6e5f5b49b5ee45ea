"""DingTalk Stream mode inside ``pressbot serve``: the dingtalk-stream SDK in its own thread.

The SDK makes blocking HTTP calls (open-connection, with no timeout) and swallows the first
cancellation (protocols.md §5.3), so it gets a thread and an event loop of its own. Each bot
frame is stored through the main loop's inbox *before* the handler returns, so the ACK
means "stored". Replies do not use the socket: they go through the outbox, like HTTP mode.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import threading
from typing import Any

import dingtalk_stream
import requests
from dingtalk_stream import AckMessage

from bot.channels.base import Incoming, Rejected, log_rejection
from bot.channels.dingtalk_http import to_incoming
from bot.channels.wecom import Accept
from bot.metrics import Metrics
from bot.settings import DingTalk

log = logging.getLogger("pressbot.channels.dingtalk_stream")

STORE_TIMEOUT = 5.0
OPEN_TIMEOUT = 10.0


class _Client(dingtalk_stream.DingTalkStreamClient):
    """The SDK client, registering at our configured API base with a timeout."""

    def __init__(self, cfg: DingTalk) -> None:
        super().__init__(dingtalk_stream.Credential(cfg.app_key, cfg.app_secret), logger=log)
        self.open_url = f"{cfg.api_base}/v1.0/gateway/connections/open"

    def open_connection(self) -> dict[str, Any] | None:
        topics = [{"type": "CALLBACK", "topic": t} for t in self.callback_handler_map]
        body = {"clientId": self.credential.client_id, "clientSecret": self.credential.client_secret,
                "subscriptions": topics, "ua": "pressbot/dingtalk-stream", "localIp": self.get_host_ip()}
        try:
            resp = requests.post(self.open_url, json=body, timeout=OPEN_TIMEOUT)
            resp.raise_for_status()
            return resp.json()
        except (requests.RequestException, ValueError) as exc:
            log.error("stream: open connection failed: %s", exc)
            return None


class _BotHandler(dingtalk_stream.CallbackHandler):
    def __init__(self, channel: DingTalkStreamChannel) -> None:
        super().__init__()
        self.channel = channel

    async def process(self, callback: dingtalk_stream.CallbackMessage) -> tuple[int, str]:
        # An exception here would leave the frame without an ACK (0.24.3): answer everything.
        try:
            return await self.channel.on_frame(callback.data)
        except Exception:  # noqa: BLE001
            log.exception("stream: handling a frame failed")
            return AckMessage.STATUS_SYSTEM_EXCEPTION, "error"


class DingTalkStreamChannel:
    platform = "dingtalk"

    def __init__(self, cfg: DingTalk, *, accept: Accept, metrics: Metrics) -> None:
        self.cfg = cfg
        self.accept = accept
        self.metrics = metrics
        self._main: asyncio.AbstractEventLoop | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._main = asyncio.get_running_loop()
        self._thread = threading.Thread(target=self._run, name="dingtalk-stream", daemon=True)
        self._thread.start()
        self._ready.wait(5)

    async def stop(self, timeout: float = 5.0) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join, timeout)

    def _run(self) -> None:
        asyncio.run(self._client_main())

    async def _client_main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        client = _Client(self.cfg)
        client.register_callback_handler(dingtalk_stream.ChatbotMessage.TOPIC, _BotHandler(self))
        task = asyncio.create_task(client.start())
        self._ready.set()
        await self._stop.wait()
        while not task.done():  # start() swallows one cancellation and sleeps: cancel again
            task.cancel()
            await asyncio.wait([task], timeout=0.2)

    async def on_frame(self, data: Any) -> tuple[int, str]:
        """Runs on the SDK's loop: store through the main loop, then ACK."""
        assert self._main is not None
        try:
            payload = json.loads(data) if isinstance(data, str) else data
            if not isinstance(payload, dict):
                raise Rejected(400, "malformed", "frame data is not an object")
            incoming = to_incoming(payload)
        except (Rejected, ValueError) as exc:
            rejected = exc if isinstance(exc, Rejected) else Rejected(400, "malformed", str(exc)[:60])
            self._main.call_soon_threadsafe(log_rejection, log, "dingtalk_stream", rejected, self.metrics)
            return AckMessage.STATUS_BAD_REQUEST, rejected.reason
        stored: concurrent.futures.Future[int | None] = asyncio.run_coroutine_threadsafe(
            _store(self.accept, incoming), self._main)
        await asyncio.wait_for(asyncio.wrap_future(stored), STORE_TIMEOUT)
        return AckMessage.STATUS_OK, "OK"


async def _store(accept: Accept, incoming: Incoming) -> int | None:
    return await accept(incoming)
