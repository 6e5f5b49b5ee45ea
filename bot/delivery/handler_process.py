"""Handling in a process of its own, so that acknowledgements never wait for it.

``pressbot serve`` answers the platforms' callbacks, the dashboard and the playground in one
process (the *front*), handles the stored messages in another (the *handler*, ``--role
handle``) and runs the procedure rounds, the reminder scheduler and the reminder requests in a
third (the *rounds*, ``--role rounds``): the reading, thinking and
writing of a message take one core, while the front stores and acknowledges the next one on
the other, and no round or reminder recompute ever runs between two messages.

The front starts both with ``sys.executable -m bot.delivery.handler_process --role ...`` and
talks to each over two pipes:

- its stdin: first the settings (one line, base64 of a pickle: the front has read the
  environment and the config file already), then one byte per wake-up ("look now": a message
  was stored, for the handler; reminder requests were committed, for the rounds). End of
  file means the front has gone (stopped, or killed with kill -9): the process finishes the
  message or round in hand and exits, and the next front starts its own.
- its stdout: one line per event, ``q`` (replies queued: wake the outbox), ``r`` (reminder
  requests committed: wake the rounds) or ``m {json}`` (a metric to count in the front's
  registry, so ``/metrics`` still shows the handling times), written together every few
  milliseconds. Its own ``print`` goes to stderr, beside its log.

The database is the only shared state: a message is stored before it is acknowledged and
marked handled in the transaction that queues its replies, so either process may die at any
moment and nothing is lost or handled twice (``bot.delivery.inbox``). A handler that dies is
started again after a pause, and looks first at whatever is still waiting.
"""
from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import os
import pickle
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.delivery.shards import Owner, shard_of
from bot.priority import lower_priority

if TYPE_CHECKING:
    from bot.metrics import Metrics

log = logging.getLogger("pressbot.handler")

RESTART_PAUSE, RESTART_CAP = 0.5, 30.0  # seconds before a handler that died is started again
PIPE_DELAY = 0.005  # seconds a line to the front may wait for others (a reply's send waits that much)
STOP_GRACE = 10.0  # seconds the handler has to finish the message in hand
ROUNDS_AFTER = 30.0  # seconds the rounds wait for the handlers to be ready before they start anyway
HANDLE, ROUNDS = "handle", "rounds"  # what a process beside the front does


class HandlerProcess:
    """The front's side: starts the handler, wakes it, hears what it did, restarts it."""

    def __init__(self, settings: Any, *, reminders: bool, role: str = HANDLE,
                 shard: tuple[int, int] = (0, 1)) -> None:
        self.settings, self.reminders, self.role, self.shard = settings, reminders, role, shard
        self.on_queued: Callable[[], None] = lambda: None
        self.on_requested: Callable[[], None] = lambda: None  # reminder requests committed: wake the rounds
        self.metrics: Metrics | None = None
        self._proc: asyncio.subprocess.Process | None = None
        self._stopping = False
        self._ready = asyncio.Event()
        self._released = False
        self._supervisor: asyncio.Task | None = None

    async def spawn(self) -> None:
        """Start the process now: it imports what it needs while this one does the same and
        migrates the database; it touches the database once ``release`` sends the settings."""
        if self._proc is None:
            self._proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.delivery.handler_process", "--role", self.role,
                "--shard", f"{self.shard[0]}/{self.shard[1]}",
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
            self._released = False

    def release(self) -> None:
        """The database is migrated: send the settings, so the process opens it, rehearses and
        handles what waits while the front still builds its pages (what it says meanwhile
        waits in the pipe for ``start``)."""
        proc = self._proc
        if proc is not None and proc.stdin is not None and not self._released:
            proc.stdin.write(base64.b64encode(pickle.dumps((self.settings, self.reminders))) + b"\n")
            proc.stdin.write(b"w")  # look at once: messages may be waiting since the last run
            self._released = True

    async def start(self, *, on_queued: Callable[[], None], metrics: Metrics) -> None:
        self.on_queued, self.metrics = on_queued, metrics
        await self.spawn()
        self._supervisor = asyncio.get_running_loop().create_task(self._supervise(), name=self.role)

    def is_ready(self) -> bool:
        return self._ready.is_set()

    async def ready(self, timeout: float | None = None) -> bool:
        """Wait until the handler has started and rehearsed (tests, ``serve``'s log)."""
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            return False
        return True

    def wake(self) -> None:
        """A message was stored: the handler looks at once (it also looks every few seconds)."""
        proc = self._proc
        if proc is None or proc.stdin is None or proc.returncode is not None or proc.stdin.is_closing():
            return  # starting again: its first look finds the message
        if proc.stdin.transport.get_write_buffer_size() < 64:  # a backlog of wakes says it all
            proc.stdin.write(b"w")

    async def stop(self) -> None:
        self._stopping = True
        proc = self._proc
        if proc is not None and proc.returncode is None:
            if proc.stdin is not None:
                proc.stdin.close()  # end of file: finish the message in hand, then exit
            try:
                await asyncio.wait_for(proc.wait(), STOP_GRACE + 2)
            except TimeoutError:
                log.warning("handler %s still busy after %.0f s: killed; the rest resumes on restart",
                            proc.pid, STOP_GRACE + 2)
                proc.kill()
                await proc.wait()
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor

    async def _supervise(self) -> None:
        pause = RESTART_PAUSE
        while not self._stopping:
            await self.spawn()
            self.release()
            proc = self._proc
            assert proc is not None and proc.stdout is not None
            await self._listen(proc.stdout)
            code = await proc.wait()
            self._ready.clear()
            self._proc = None
            if self._stopping:
                return
            log.error("%s process %s exited (%s); starting another in %.1f s", self.role, proc.pid, code, pause)
            await asyncio.sleep(pause)
            pause = min(RESTART_CAP, pause * 2)

    async def _listen(self, stdout: asyncio.StreamReader) -> None:
        while line := await stdout.readline():
            kind, _, rest = line.rstrip(b"\n").partition(b" ")
            if kind == b"q":
                self.on_queued()
            elif kind == b"r":
                self.on_requested()
            elif kind == b"m":
                self._count(rest)
            elif kind == b"ready":
                self._ready.set()

    def _count(self, payload: bytes) -> None:
        from bot.metrics import Series

        try:
            name, how, value, labels = json.loads(payload)
            series = getattr(self.metrics, name, None)
            if isinstance(series, Series) and how in ("inc", "observe", "set"):
                getattr(series, how)(float(value), **{str(k): str(v) for k, v in labels.items()})
        except (ValueError, TypeError, AttributeError):
            log.warning("handler sent a metric line that does not read: %r", payload[:200])


class Beside:
    """What ``pressbot serve`` runs beside the front: the handlers (``settings.handlers``, each
    for its share of the senders: ``bot.delivery.inbox.shard_of``) and the rounds (procedure
    rounds and reminders), each in its own process, started, woken and stopped together."""

    def __init__(self, settings: Any, *, reminders: bool) -> None:
        n = max(1, settings.handlers)
        self.handlers = [HandlerProcess(settings, reminders=reminders, shard=(k, n)) for k in range(n)]
        self.rounds = HandlerProcess(settings, reminders=reminders, role=ROUNDS)
        for handler in self.handlers:
            handler.on_requested = self.rounds.wake
        self._rounds_start: asyncio.Task | None = None

    async def spawn(self) -> None:
        """The handlers now; the rounds once the handlers are ready (``start``): on a restart
        the messages waiting get the cores first, the reminders can wait a second."""
        await asyncio.gather(*(p.spawn() for p in self.handlers))

    def release(self) -> None:
        """The database is migrated: the handlers may start their work (``HandlerProcess.release``)."""
        for process in self.handlers:
            process.release()

    async def start(self, *, on_queued: Callable[[], None], metrics: Metrics) -> None:
        for process in self.handlers:
            await process.start(on_queued=on_queued, metrics=metrics)

        async def rounds_later() -> None:
            if not await self.ready(ROUNDS_AFTER):
                log.warning("the handler process is not ready after %.0f s; the rounds start, "
                            "messages wait for it", ROUNDS_AFTER)
            await self.rounds.start(on_queued=on_queued, metrics=metrics)

        self._rounds_start = asyncio.get_running_loop().create_task(rounds_later(), name="rounds-start")

    def is_ready(self) -> bool:
        """Every handler is running and has rehearsed (``/healthz``)."""
        return all(h.is_ready() for h in self.handlers)

    async def ready(self, timeout: float | None = None) -> bool:
        """The handlers have rehearsed (the rounds need not have done their first round)."""
        return all(await asyncio.gather(*(h.ready(timeout) for h in self.handlers)))

    def wake(self, owner: Owner | None = None) -> None:
        """A message from ``owner`` was stored: its handler looks now (every one, for None)."""
        if owner is None:
            for handler in self.handlers:
                handler.wake()
        else:
            self.handlers[shard_of(owner, len(self.handlers))].wake()

    async def stop(self) -> None:  # each finishes the message or the round in hand
        if self._rounds_start is not None and not self._rounds_start.done():
            self._rounds_start.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._rounds_start
        await asyncio.gather(*(p.stop() for p in (*self.handlers, self.rounds)))


# -- the handler's side ---------------------------------------------------------------------
class _Relay:
    """A metric series whose counts go to the front's registry."""

    def __init__(self, name: str, send: Callable[[bytes], None]) -> None:
        self.name, self.send = name, send

    def _emit(self, how: str, value: float, labels: dict[str, str]) -> None:
        self.send(b"m " + json.dumps([self.name, how, value, labels]).encode() + b"\n")

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        self._emit("inc", amount, labels)

    def observe(self, value: float, **labels: str) -> None:
        self._emit("observe", value, labels)

    def set(self, value: float, **labels: str) -> None:
        self._emit("set", value, labels)


def relay_metrics(send: Callable[[bytes], None]) -> Metrics:
    from bot.metrics import Metrics, Series

    metrics = Metrics()
    for name, series in vars(metrics).items():
        if isinstance(series, Series):
            setattr(metrics, name, _Relay(name, send))
    return metrics


async def run_handler(settings: Any, reminders: bool, stdin: asyncio.StreamReader,
                      send: Callable[[bytes], None], role: str = HANDLE, shard: tuple[int, int] = (0, 1)) -> None:
    """Handle messages (``role`` "handle"), or run the procedure rounds and the reminder
    scheduler ("rounds"), until the front goes away (end of file on stdin) or SIGTERM."""
    import aiohttp

    from bot.channels.http import CLIENT_TIMEOUT
    from bot.channels.media import media_fetcher
    from bot.channels.senders import build_senders
    from bot.clock import SystemClock
    from bot.core import build_core
    from bot.delivery.background import Loops
    from bot.delivery.database import Database
    from bot.delivery.inbox import Inbox
    from bot.delivery.limits import Limits
    from bot.delivery.tasks import TaskTracker

    clock = SystemClock(settings.tz)
    db = Database.open(settings.database_url)
    tasks = TaskTracker()
    try:
        async with aiohttp.ClientSession(timeout=CLIENT_TIMEOUT) as http:
            if role == ROUNDS:  # no conversation here: the rounds write the outbox, the front sends
                loops = Loops(db, clock, settings, None, tasks)
                await loops.start(reminders=reminders, handling=False)
                wake: Callable[[], None] = loops.requested.set  # the handler committed reminder requests
            else:
                conversation = build_core(settings, clock)
                conversation.fetch_media = media_fetcher(build_senders(settings, http, Limits(db)))
                conversation.reminders_requested = _tell(send, b"r\n")  # the rounds work them off
                inbox = Inbox(db, clock, relay_metrics(send), conversation, on_queued=lambda: send(b"q\n"),
                              concurrency=max(1, settings.handling_concurrency), shard=shard)
                loops = Loops(db, clock, settings, inbox, tasks)
                await loops.start(reminders=False, rounds=False)
                wake = inbox.wake
            if role != ROUNDS:  # its imports and rehearsal ran as fast as the front's: a restart is short
                lower_priority()
            send(b"ready\n")
            await _until_told(wake, stdin)
            loops.stop()
            if not await tasks.wait_idle(STOP_GRACE):
                log.warning("%s: still busy after %.0f s; the rest resumes on restart", role, STOP_GRACE)
                await tasks.cancel_all()
    finally:
        await db.close()


def _tell(send: Callable[[bytes], None], line: bytes) -> Callable[[Any], Awaitable[None]]:
    async def tell(_db: Any) -> None:
        send(line)
    return tell


async def _until_told(wake: Callable[[], None], stdin: asyncio.StreamReader) -> None:
    """Wake the inbox for every byte the front sends; return at end of file or SIGTERM."""
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # not on Windows
        loop.add_signal_handler(signal.SIGTERM, stopped.set)

    async def listen() -> None:
        while chunk := await stdin.read(4096):
            if b"w" in chunk:
                wake()
        stopped.set()

    listener = loop.create_task(listen())
    await stopped.wait()
    listener.cancel()


async def _main(role: str, shard: tuple[int, int]) -> None:
    if role == ROUNDS:  # after the handlers, and behind them from the start
        lower_priority()
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin.buffer)
    _preload()  # while the front migrates the database and starts up
    first = await stdin.readline()
    if not first:
        return  # the front stopped before it needed us
    settings, reminders = pickle.loads(base64.b64decode(first))  # noqa: S301 - our own front wrote it
    _configure(settings)
    pipe = _Pipe(os.fdopen(os.dup(1), "wb", buffering=0), loop)
    os.dup2(2, 1)  # a stray print goes to the log, not into the front's pipe
    try:
        await run_handler(settings, reminders, stdin, pipe.send, role, shard)
    finally:
        pipe.flush()


class _Pipe:
    """Lines to the front, written together at most every ``PIPE_DELAY``: one write (and one
    wake-up of the front, which takes the core from us) for a few messages' metrics and their
    "q", not five per message."""

    def __init__(self, out: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.out, self.loop = out, loop
        self.lines: list[bytes] = []

    def send(self, line: bytes) -> None:
        if not self.lines:
            self.loop.call_later(PIPE_DELAY, self.flush)
        self.lines.append(line)

    def flush(self) -> None:
        data, self.lines = b"".join(self.lines), []
        try:
            if data:
                self.out.write(data)
        except (BrokenPipeError, OSError):
            pass  # the front has gone: stdin says so too, and we stop


def _preload() -> None:
    """Import what handling uses (the conversation, the handlers, the parser, the database
    layer): most of a start-up, done before the settings arrive."""
    import aiohttp  # noqa: F401

    import bot.channels.senders  # noqa: F401
    import bot.core  # noqa: F401
    import bot.delivery.background  # noqa: F401
    import bot.delivery.inbox  # noqa: F401
    import bot.handlers  # noqa: F401
    import bot.nlp.parser  # noqa: F401
    import bot.reminders.scheduler  # noqa: F401


def _arguments(argv: list[str]) -> tuple[str, tuple[int, int]]:
    """``--role handle|rounds --shard k/n`` (what ``HandlerProcess.spawn`` passes)."""
    options = dict(zip(argv[::2], argv[1::2], strict=False))
    k, _, n = options.get("--shard", "0/1").partition("/")
    return (ROUNDS if options.get("--role") == ROUNDS else HANDLE), (int(k), max(1, int(n or 1)))


def _configure(settings: Any) -> None:
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if settings.calendar.holidays or settings.calendar.workdays:
        from bot.nlp.holidays import configure

        configure(settings.calendar)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the front says when
    asyncio.run(_main(*_arguments(sys.argv[1:])))
