"""The aiohttp application: built from settings and a clock, nothing read from the environment.

Resources live in ``cleanup_ctx`` (entered in order at start-up, left in reverse at shutdown):
the database, the HTTP client, the delivery machinery (inbox, outbox worker, background
tasks), and DingTalk Stream mode. Shutdown stops intake first, then lets running handlers
and the current outbox pass finish.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from aiohttp import web

from bot.channels.base import Sender
from bot.channels.http import CLIENT_TIMEOUT
from bot.clock import Clock
from bot.conversation import Conversation
from bot.core import build_core, warm_up
from bot.delivery.database import Database
from bot.delivery.inbox import Dispatch, Inbox
from bot.delivery.limits import Limits
from bot.delivery.outbox import backlog
from bot.delivery.tasks import TaskTracker
from bot.delivery.worker import OutboxWorker, RetryPolicy
from bot.keys import CLOCK, DB, HTTP, INBOX, LIMITS, METRICS, SENDERS, SETTINGS, TASKS, WORKER
from bot.metrics import CONTENT_TYPE, Metrics
from bot.reminders.policy import Policy
from bot.settings import Settings
from bot.web import setup_web

__all__ = ["CLOCK", "DB", "HTTP", "INBOX", "LIMITS", "METRICS", "SENDERS", "SETTINGS", "TASKS", "WORKER",
           "create_app", "channel_routes", "build_senders"]

log = logging.getLogger("pressbot.app")

SHUTDOWN_GRACE = 10.0


def create_app(settings: Settings, *, clock: Clock, senders: dict[str, Sender] | None = None,
               dispatch: Dispatch | None = None, background: bool = True,
               reminders: bool = False) -> web.Application:
    """``senders`` replace or add senders by platform; ``dispatch`` replaces the conversation
    (``build_core``) for channel tests; ``background=False`` leaves handling and delivery to
    explicit ``app[INBOX].drain()`` / ``app[WORKER].tick()`` calls (tests); ``reminders``
    starts the reminder scheduler with the settings' ``[reminders]`` policy."""
    app = web.Application(client_max_size=max(settings.body_limit * 2, 1024 * 1024))
    app[SETTINGS] = settings
    app[CLOCK] = clock
    app[METRICS] = Metrics()
    app[TASKS] = TaskTracker()
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_http_client)
    app.cleanup_ctx.append(_delivery(senders or {}, dispatch or build_core(settings, clock), background))
    app.cleanup_ctx.append(_stream)
    if reminders:
        app.cleanup_ctx.append(_reminder_scheduler(settings.reminders))
    app.router.add_routes([web.get("/healthz", healthz), web.get("/metrics", metrics)])
    app.router.add_routes(channel_routes(app))
    setup_web(app)  # /admin, /download, /playground
    return app


def channel_routes(app: web.Application) -> list[web.RouteDef]:
    from bot.channels.dingtalk_http import DingTalkHttpChannel
    from bot.channels.wecom import WeComChannel
    from bot.channels.wecom_aibot import WeComAibotChannel

    settings = app[SETTINGS]

    async def accept(incoming: Any, **replay: Any) -> int | None:
        return await app[INBOX].accept(incoming, **replay)

    common: dict[str, Any] = dict(clock=app[CLOCK], accept=accept, metrics=app[METRICS],
                                  body_limit=settings.body_limit)
    channels: list[Any] = []
    if settings.wecom:
        channels.append(WeComChannel(settings.wecom, window=settings.wecom_timestamp_window, **common))
    if settings.wecom_bot:
        channels.append(WeComAibotChannel(settings.wecom_bot, window=settings.wecom_timestamp_window,
                                          **common))
    if settings.dingtalk and settings.dingtalk.mode == "http":
        channels.append(DingTalkHttpChannel(settings.dingtalk,
                                            window=settings.dingtalk_timestamp_window, **common))
    return [route for channel in channels for route in channel.routes()]


def build_senders(settings: Settings, http: aiohttp.ClientSession, limits: Limits) -> dict[str, Sender]:
    from bot.channels.dingtalk_send import DingTalkSender, DingTalkWebhookSender
    from bot.channels.wecom_aibot import WeComAibotSender
    from bot.channels.wecom_send import WeComAppSender, WeComWebhookSender

    senders: dict[str, Any] = {}
    if settings.wecom:
        senders["wecom"] = WeComAppSender(settings.wecom, http, limits)
    if settings.wecom_bot:
        senders["wecom_aibot"] = WeComAibotSender(http, fallback=senders.get("wecom"))
    if settings.wecom_webhook:
        senders["wecom_webhook"] = WeComWebhookSender(settings.wecom_webhook, http, limits)
    if settings.dingtalk:
        senders["dingtalk"] = DingTalkSender(settings.dingtalk, http, limits)
    if settings.dingtalk_webhook:
        senders["dingtalk_webhook"] = DingTalkWebhookSender(settings.dingtalk_webhook, http, limits)
    return senders


async def _database(app: web.Application) -> AsyncIterator[None]:
    app[DB] = Database.open(app[SETTINGS].database_url)
    yield
    await app[DB].close()


async def _http_client(app: web.Application) -> AsyncIterator[None]:
    async with aiohttp.ClientSession(timeout=CLIENT_TIMEOUT) as session:
        app[HTTP] = session
        yield


def _delivery(overrides: dict[str, Sender], dispatch: Dispatch, background: bool):
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        app[LIMITS] = Limits(app[DB])  # in the database: shared by every instance
        app[SENDERS] = {**build_senders(settings, app[HTTP], app[LIMITS]), **overrides}
        policy = RetryPolicy(max_attempts=settings.outbox_max_attempts,
                        backoff_base=settings.outbox_backoff_base)
        worker = OutboxWorker(app[DB], app[CLOCK], app[SENDERS], app[METRICS], policy)
        if getattr(dispatch, "fetch_media", False) is None:  # the conversation fetches received files
            from bot.channels.media import media_fetcher

            senders: dict[str, Any] = app[SENDERS]
            setattr(dispatch, "fetch_media", media_fetcher(senders))  # noqa: B010 - Dispatch has no such field
        inbox = Inbox(app[DB], app[CLOCK], app[METRICS], dispatch, on_queued=worker.wake,
                      concurrency=max(1, settings.handling_concurrency))
        app[WORKER], app[INBOX] = worker, inbox
        tasks = app[TASKS]
        rounds_stop = asyncio.Event()
        if background:
            from bot.procedure.config import procedure_of
            from bot.procedure.rounds import run_rounds

            if isinstance(dispatch, Conversation):
                await warm_up(dispatch, app[DB])

            tasks.spawn(inbox.run(), name="inbox")  # its first pass handles leftovers of a crash
            tasks.spawn(worker.run(), name="outbox")
            tasks.spawn(run_rounds(app[DB], app[CLOCK], procedure_of(settings, settings.reminders), stop=rounds_stop),
                        name="procedure")  # material packs, approval and publication reminders
        yield
        # intake has stopped: finish the message in hand and the current outbox pass
        inbox.stop()
        worker.stop()
        rounds_stop.set()
        if not await tasks.wait_idle(SHUTDOWN_GRACE):
            log.warning("shutdown: still busy after %.0f s; the rest resumes on restart",
                        SHUTDOWN_GRACE)
            await tasks.cancel_all()

    return ctx


async def _stream(app: web.Application) -> AsyncIterator[None]:
    cfg = app[SETTINGS].dingtalk
    if cfg is None or cfg.mode != "stream":
        yield
        return
    from bot.channels.dingtalk_stream import DingTalkStreamChannel

    channel = DingTalkStreamChannel(cfg, accept=app[INBOX].accept, metrics=app[METRICS])
    channel.start()
    yield
    await channel.stop()


def _reminder_scheduler(policy: Policy):
    """Reminders are rows: the scheduler claims due ones with a lease and writes the outbox."""
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        import os
        import socket

        from bot.reminders.scheduler import run_scheduler

        stop = asyncio.Event()
        worker_id = f"{socket.gethostname()}:{os.getpid()}"
        task = asyncio.create_task(
            run_scheduler(app[DB].sessions, app[CLOCK], policy, worker_id=worker_id, stop=stop,
                          reader=app[DB].read_sessions),
            name="reminder-scheduler")
        yield
        stop.set()
        await asyncio.wait_for(task, SHUTDOWN_GRACE)

    return ctx


async def healthz(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    return web.json_response({"status": "ok", "channels": settings.enabled_channels(),
                              "background_tasks": len(request.app[TASKS])})


async def metrics(request: web.Request) -> web.Response:
    registry = request.app[METRICS]
    async with request.app[DB].sessions() as session:
        counts = await backlog(session)
    for status in ("pending", "sending", "dead"):
        registry.backlog.set(getattr(counts, status), status=status)
    return web.Response(body=registry.render(), headers={"Content-Type": CONTENT_TYPE})
