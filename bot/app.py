"""The aiohttp application: built from settings and a clock, nothing read from the environment.

Resources live in ``cleanup_ctx`` (entered in order at start-up, left in reverse at shutdown):
the database, the HTTP client, the delivery machinery (inbox, outbox worker, background
tasks), and DingTalk Stream mode. Shutdown stops intake first, then lets running handlers
and the current outbox pass finish.
"""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from aiohttp import web

from bot.channels.base import Sender
from bot.channels.http import CLIENT_TIMEOUT
from bot.channels.senders import build_senders
from bot.clock import Clock
from bot.core import build_core
from bot.delivery.background import Loops
from bot.delivery.database import Database
from bot.delivery.handler_process import Beside
from bot.delivery.inbox import Dispatch, Inbox, waiting_summary
from bot.delivery.limits import Limits
from bot.delivery.outbox import backlog
from bot.delivery.spool import Spool, default_directory
from bot.delivery.tasks import TaskTracker
from bot.delivery.worker import OutboxWorker, RetryPolicy
from bot.keys import CLOCK, DB, HTTP, INBOX, LIMITS, METRICS, SENDERS, SETTINGS, TASKS, WORKER
from bot.metrics import CONTENT_TYPE, Metrics
from bot.settings import Settings
from bot.web import setup_web

__all__ = ["CLOCK", "DB", "HTTP", "INBOX", "LIMITS", "METRICS", "SENDERS", "SETTINGS", "TASKS", "WORKER",
           "create_app", "channel_routes", "build_senders"]

log = logging.getLogger("pressbot.app")

SHUTDOWN_GRACE = 10.0
STALLED_AFTER = 60.0  # seconds a due message may wait before /healthz says handling is stalled
BESIDE = web.AppKey("beside", Beside)


def create_app(settings: Settings, *, clock: Clock, senders: dict[str, Sender] | None = None,
               dispatch: Dispatch | None = None, background: bool = True,
               reminders: bool = False, handler_process: bool | Beside = False) -> web.Application:
    """``senders`` replace or add senders by platform; ``dispatch`` replaces the conversation
    (``build_core``) for channel tests; ``background=False`` leaves handling and delivery to
    explicit ``app[INBOX].drain()`` / ``app[WORKER].tick()`` calls (tests); ``reminders``
    starts the reminder scheduler with the settings' ``[reminders]`` policy;
    ``handler_process`` handles messages in a process of its own and runs the rounds and
    reminders in another (``bot.delivery.handler_process``: ``pressbot serve``, which may pass
    a ``Beside`` spawned early),
    this one only stores, acknowledges, serves the pages and sends."""
    app = web.Application(client_max_size=max(settings.body_limit * 2, 1024 * 1024))
    app[SETTINGS] = settings
    app[CLOCK] = clock
    app[METRICS] = Metrics()
    app[TASKS] = TaskTracker()
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_http_client)
    if handler_process:
        early = handler_process if isinstance(handler_process, Beside) else None
        app.cleanup_ctx.append(_delivery_beside(senders or {}, reminders, early))
    else:
        app.cleanup_ctx.append(_delivery(senders or {}, dispatch or build_core(settings, clock), background,
                                         reminders))
    app.cleanup_ctx.append(_stream)
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


async def _database(app: web.Application) -> AsyncIterator[None]:
    app[DB] = Database.open(app[SETTINGS].database_url)
    yield
    await app[DB].close()


async def _http_client(app: web.Application) -> AsyncIterator[None]:
    async with aiohttp.ClientSession(timeout=CLIENT_TIMEOUT) as session:
        app[HTTP] = session
        yield


def _sending(app: web.Application, overrides: dict[str, Sender]) -> OutboxWorker:
    settings = app[SETTINGS]
    app[LIMITS] = Limits(app[DB])  # in the database: shared by every instance
    app[SENDERS] = {**build_senders(settings, app[HTTP], app[LIMITS]), **overrides}
    policy = RetryPolicy(max_attempts=settings.outbox_max_attempts,
                         backoff_base=settings.outbox_backoff_base)
    app[WORKER] = OutboxWorker(app[DB], app[CLOCK], app[SENDERS], app[METRICS], policy)
    return app[WORKER]


async def _stop_tasks(tasks: TaskTracker) -> None:
    if not await tasks.wait_idle(SHUTDOWN_GRACE):
        log.warning("shutdown: still busy after %.0f s; the rest resumes on restart", SHUTDOWN_GRACE)
        await tasks.cancel_all()


def _delivery(overrides: dict[str, Sender], dispatch: Dispatch, background: bool, reminders: bool):
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        worker = _sending(app, overrides)
        if getattr(dispatch, "fetch_media", False) is None:  # the conversation fetches received files
            from bot.channels.media import media_fetcher

            senders: dict[str, Any] = app[SENDERS]
            setattr(dispatch, "fetch_media", media_fetcher(senders))  # noqa: B010 - Dispatch has no such field
        inbox = Inbox(app[DB], app[CLOCK], app[METRICS], dispatch, on_queued=worker.wake,
                      concurrency=max(1, settings.handling_concurrency), spool=_spool(settings))
        app[INBOX] = inbox
        app[TASKS].spawn(inbox.run_spool(), name="spool")
        loops = Loops(app[DB], app[CLOCK], settings, inbox, app[TASKS])
        if background:
            await loops.start(reminders=reminders)  # its first pass handles leftovers of a crash
            app[TASKS].spawn(worker.run(), name="outbox")
        yield
        # intake has stopped: finish the message in hand and the current outbox pass
        loops.stop()
        inbox.stop()
        worker.stop()
        await _stop_tasks(app[TASKS])

    return ctx


def _delivery_beside(overrides: dict[str, Sender], reminders: bool, early: Beside | None):
    """Intake and sending here; handling in the handler process, the procedure rounds and
    reminders in a third one."""
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        worker = _sending(app, overrides)
        beside = app[BESIDE] = early or Beside(app[SETTINGS], reminders=reminders)
        app[INBOX] = Inbox(app[DB], app[CLOCK], app[METRICS], _elsewhere, wake_handler=beside.wake,
                           spool=_spool(app[SETTINGS]))
        app[TASKS].spawn(app[INBOX].run_spool(), name="spool")
        await beside.start(on_queued=worker.wake, metrics=app[METRICS])
        # requests are taken at once, while the handler still rehearses (its imports, templates,
        # statements): a restart under load acknowledges what the platforms retry as early as
        # it can, and what is stored meanwhile is handled as soon as the handler is ready
        app[TASKS].spawn(worker.run(), name="outbox")
        yield
        await beside.stop()  # they finish the message and the round in hand
        app[INBOX].stop()
        worker.stop()
        await _stop_tasks(app[TASKS])

    return ctx


def _spool(settings: Any) -> Spool:
    return Spool(settings.spool_dir or default_directory(settings.database_url))


async def _elsewhere(incoming: Any, ctx: Any) -> list[Any]:
    raise RuntimeError("messages are handled by the handler process, not here")


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


async def healthz(request: web.Request) -> web.Response:
    """200 once messages are handled; 503 "starting" while the handler process starts (or
    starts again): the channels already acknowledge, and what they store waits for it.
    503 "stalled" when a message has waited longer than ``STALLED_AFTER`` (a handler stuck
    rather than dead), "database": "unreachable" when the database does not answer."""
    settings = request.app[SETTINGS]
    beside = request.app.get(BESIDE)
    starting = beside is not None and not beside.is_ready()
    body: dict[str, Any] = {"status": "ok", "channels": settings.enabled_channels(), "handling": "ready",
                            "background_tasks": len(request.app[TASKS])}
    try:
        async with request.app[DB].sessions() as session:
            waiting, oldest = await waiting_summary(session, request.app[CLOCK].now())
        body.update(waiting=waiting, oldest_waiting_seconds=round(oldest, 1))
    except Exception as exc:  # noqa: BLE001 - the answer is that it does not answer
        log.warning("healthz: the database does not answer (%s)", exc)
        body.update(status="degraded", database="unreachable")
        oldest = 0.0
    if starting:
        body.update(status="starting", handling="starting")
    elif oldest > STALLED_AFTER:
        body.update(status="degraded", handling="stalled")
    return web.json_response(body, status=200 if body["status"] == "ok" else 503)


async def metrics(request: web.Request) -> web.Response:
    registry = request.app[METRICS]
    async with request.app[DB].sessions() as session:
        counts = await backlog(session)
        waiting, oldest = await waiting_summary(session, request.app[CLOCK].now())
    for status in ("pending", "sending", "dead"):
        registry.backlog.set(getattr(counts, status), status=status)
    registry.inbox_waiting.set(waiting)
    registry.inbox_oldest.set(oldest)
    return web.Response(body=registry.render(), headers={"Content-Type": CONTENT_TYPE})
