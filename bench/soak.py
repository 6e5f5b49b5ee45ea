"""Soak: ``pressbot serve`` between the fake platforms, mixed traffic, one kill -9 mid-way.

    python bench/soak.py [--seconds 120] [--rate 50] [--hostile 0] [--pg] [--instances 3]
                         [--balancer] [--socket-activation]

Everything runs on 127.0.0.1: the fake WeCom API and fake DingTalk (one process, recording
each delivery with its arrival time), ``pressbot serve`` on SQLite (or with ``--pg`` N
instances on one fresh PostgreSQL database, requests spread round-robin), and this load
generator. Traffic at a steady rate for ``--seconds``: registrations, questions, forms (each
message from a person of its own, so every reply belongs to one message), platform retries
of a message with fresh query parameters, replays of the same request, forged and hostile
requests, ``pressbot events --json`` readers and ``pressbot remind`` rounds next to the
scheduler inside ``serve``, on a register with reminders due. Half-way one serve process (the
web process; its handler process then finishes the message in hand and exits) is killed with
SIGKILL and started again; a request that meets no server is retried as WeCom
does (3 tries in all). ``--hostile N`` adds N connections sending forged 63 KB nested bodies
all along. Bounded: at most ``--max-messages`` messages and ``--seconds`` plus a drain of
``--drain`` seconds.

``--balancer`` (with ``--pg``) sends a request whose connection is refused to the next
instance at once, as a reverse proxy in front of the instances does. ``--socket-activation``
holds each instance's listening socket in this process and passes it to ``serve`` as a
systemd socket unit does (``LISTEN_FDS``, descriptor 3): a restart then refuses no connection,
the requests wait in the socket's queue for the new process. ``--handling inline`` runs
``serve`` with ``PRESSBOT_HANDLING=inline`` (one process), for
comparison. It prints offered, acknowledged, handled, replied, failed, lost, duplicate replies,
duplicate reminders, and p50/p99 of acknowledgement and end-to-end (request → first reply
at the fake platform) latency: over every message, and over those sent while every instance
was up (``*_outside_restart``: not between the kill and a second after the restarted one
answers; those wait for the restart, WeCom retrying meanwhile). Throughput: ``--rate 200
--no-kill`` offers more than it can take, so ``end_to_end_msgs_per_s`` is the ceiling.
``machine_loop_s_before_after`` is a fixed pure-Python loop timed before and after the run: the
figures of two runs compare only at similar values.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORP_ID, AGENT_ID, SECRET = "wwsoak", 1000002, "soak-secret"
TOKEN, AES_KEY = "soak-token", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
DING_KEY, DING_SECRET = "soak-ding", "soak-ding-secret"
PG_ADMIN = os.environ.get("PRESSBOT_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
# not key departments ("2·1+N"): no quota reminders to the senders, whose every delivery is a reply
UNITS = ["区档案馆", "区机关事务局", "区信访局", "区科协", "区妇联", "区团委", "区侨联", "区残联"]
REMINDER_UNITS = ["区交通局", "区商务局", "区医保局"]
TOPICS = ["秋季招生政策解读", "就业帮扶", "统计公报", "健康促进", "养老服务", "预算执行", "文旅消费", "安全生产"]
MONTH = datetime.now().astimezone().month % 12 + 1
MIX = (["register"] * 4 + ["question"] * 3 + ["form"] * 1 + ["retry"] * 1 + ["replay"] * 1)
QUESTIONS = ["本月有哪些发布会", "四季度有几场发布会", "哪些单位还没报登记表", "帮助"]
APOLOGY = "抱歉，处理这条消息时出错了"
READER_PAUSE = 5.0  # seconds between CLI runs
CLI_SPANS: list[tuple[str, float, float]] = []  # (command, started, ended): for --dump


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the fake platforms (their own process) -------------------------------------------------
def run_fakes(wecom_port: int, ding_port: int) -> None:
    from aiohttp import web

    from tests.fakes.dingtalk_api import FakeDingTalk
    from tests.fakes.wecom_api import FakeWeComAPI

    log: list[dict] = []

    class WeCom(FakeWeComAPI):
        def _record(self, api, body):
            before = len(self.sent)
            response = super()._record(api, body)
            if len(self.sent) > before:  # accepted (not refused as too long)
                log.append({"who": f"wecom:{body.get('touser')}", "text": self.sent[-1].content,
                            "t": time.time()})
            return response

    class Ding(FakeDingTalk):
        async def session_webhook(self, request):
            body = await request.json()
            log.append({"who": f"ding:{request.query.get('session')}", "t": time.time(),
                        "text": body.get(body.get("msgtype", "text"), {}).get("content")
                        or body.get(body.get("msgtype", "text"), {}).get("text", "")})
            return web.json_response({"errcode": 0, "errmsg": "ok"})

    wecom, ding = WeCom(corp_id=CORP_ID, secret=SECRET), Ding(app_key=DING_KEY, app_secret=DING_SECRET)

    async def dump(request: web.Request) -> web.Response:
        return web.json_response({"log": log, "deduplicated": wecom.deduplicated})

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    wecom.app.router.add_get("/dump", dump)
    wecom.app.router.add_get("/healthz", healthz)

    async def main() -> None:
        for fake, port in ((wecom, wecom_port), (ding, ding_port)):
            runner = web.AppRunner(fake.app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
        await asyncio.Event().wait()

    asyncio.run(main())


# -- the system under test ---------------------------------------------------------------
@dataclass
class System:
    url: str
    wecom_port: int
    ding_port: int
    ports: list[int]
    env: dict[str, str]
    procs: list[subprocess.Popen] = field(default_factory=list)
    fakes: subprocess.Popen | None = None
    # --socket-activation: the listening sockets, held here as systemd's socket unit holds them
    sockets: list[socket.socket] = field(default_factory=list)

    def hold_sockets(self) -> None:
        for port in self.ports:
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", port))
            sock.listen(1024)
            self.sockets.append(sock)

    def base(self, n: int) -> str:
        return f"http://127.0.0.1:{self.ports[n % len(self.ports)]}"

    def start_fakes(self) -> None:
        self.fakes = subprocess.Popen([sys.executable, __file__, "--fakes", str(self.wecom_port),
                                       str(self.ding_port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)

    def start(self, n: int) -> subprocess.Popen:
        command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(self.ports[n])]
        extra: dict = {}
        if self.sockets:  # as systemd starts a socket-activated service: the socket is descriptor 3
            fd = self.sockets[n].fileno()
            command = ["/bin/sh", "-c", 'LISTEN_FDS=1 LISTEN_PID=$$ exec "$0" "$@"', *command]
            extra = {"pass_fds": (3,), "preexec_fn": lambda: os.dup2(fd, 3)}
        proc = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
                                stderr=open(self.log(n), "a"), **extra)  # noqa: SIM115
        if n < len(self.procs):
            self.procs[n] = proc
        else:
            self.procs.append(proc)
        return proc

    def log(self, n: int) -> str:
        return os.path.join(tempfile.gettempdir(), f"pressbot-soak-{os.getpid()}-{n}.log")

    def kill(self, n: int) -> None:
        self.procs[n].send_signal(signal.SIGKILL)
        self.procs[n].wait()

    def stop(self) -> None:
        for proc in [*self.procs, self.fakes]:
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()


def serve_env(url: str, wecom_port: int, ding_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSBOT_")}
    return {**env, "PRESSBOT_DATABASE_URL": url, "PRESSBOT_LOG_LEVEL": "WARNING",
            "PRESSBOT_SECRET_KEY": "soak-secret-key", "PRESSBOT_PLAYGROUND": "off",
            "PRESSBOT_WECOM_CORP_ID": CORP_ID, "PRESSBOT_WECOM_AGENT_ID": str(AGENT_ID),
            "PRESSBOT_WECOM_SECRET": SECRET, "PRESSBOT_WECOM_TOKEN": TOKEN, "PRESSBOT_WECOM_AES_KEY": AES_KEY,
            "PRESSBOT_WECOM_API_BASE": f"http://127.0.0.1:{wecom_port}",
            "PRESSBOT_WECOM_BOT_TOKEN": "soak-bot-token", "PRESSBOT_WECOM_BOT_AES_KEY": AES_KEY,
            "PRESSBOT_DINGTALK_APP_KEY": DING_KEY, "PRESSBOT_DINGTALK_APP_SECRET": DING_SECRET,
            "PRESSBOT_DINGTALK_MODE": "http", "PRESSBOT_DINGTALK_API_BASE": f"http://127.0.0.1:{ding_port}",
            "PRESSBOT_DINGTALK_OAPI_BASE": f"http://127.0.0.1:{ding_port}"}


async def seed(url: str, people: int) -> None:
    """Schema, senders (a liaison each, on both platforms), the office, and events whose
    window ended yesterday so that reminders are due during the run."""
    from store.db import make_engine
    from store.migrate import upgrade
    from store.models import Event, Person, Unit

    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url)
    now = datetime.now().astimezone()
    yesterday = (now - timedelta(days=1)).date()
    async with engine.begin() as conn:
        ids = {}
        for name in UNITS + REMINDER_UNITS:
            ids[name] = (await conn.execute(Unit.__table__.insert().values(
                name=name, aliases=[], is_key=name in REMINDER_UNITS))).inserted_primary_key[0]
        rows = [{"platform": p, "user_id": f"{p[0]}{i}", "name": f"联络员{i}", "unit_id": ids[UNITS[i % len(UNITS)]],
                 "role": "liaison", "active": True} for p in ("wecom", "dingtalk") for i in range(people)]
        rows += [{"platform": "wecom", "user_id": f"r{i}", "name": f"提醒{i}", "unit_id": ids[name],
                  "role": "liaison", "active": True} for i, name in enumerate(REMINDER_UNITS)]
        rows.append({"platform": "wecom", "user_id": "office1", "name": "王丽", "unit_id": None,
                     "role": "office", "active": True})
        await conn.execute(Person.__table__.insert(), rows)
        await conn.execute(Event.__table__.insert(), [
            {"kind": "press_conference", "unit_id": ids[REMINDER_UNITS[i % 3]], "topic": f"上月计划{i}",
             "window_start": yesterday - timedelta(days=9), "window_end": yesterday, "status": "planned",
             "source": "plan", "created_at": now, "updated_at": now} for i in range(30)])
    await engine.dispose()


# -- the load ------------------------------------------------------------------------------
@dataclass
class Message:
    n: int
    kind: str
    platform: str
    who: str  # the recipient key at the fakes
    msg_id: str = ""
    sent_at: float = 0.0
    statuses: list[int | None] = field(default_factory=list)
    acked_at: float | None = None
    ack_latency: float | None = None


@dataclass
class Load:
    system: System
    balancer: bool = False  # --balancer: a refused connection goes to the next instance at once
    messages: list[Message] = field(default_factory=list)
    refused: Counter = field(default_factory=Counter)
    hostile_ok: int = 0
    killed_at: float = 0.0  # time.time() of the kill -9, and of the restarted one's health check
    back_at: float = 0.0
    ids: itertools.count = field(default_factory=lambda: itertools.count(int(time.time() * 1000)))

    def request(self, msg: Message, text: str, msg_id: str, nonce: str) -> tuple[str, dict, bytes, dict]:
        from tests.fakes.messenger import WeComSigner, dingtalk_headers, dingtalk_text, wecom_text_xml

        now = int(time.time())
        if msg.platform == "wecom":
            xml = wecom_text_xml(user=f"w{msg.n}", content=text, msg_id=msg_id, create_time=now, corp_id=CORP_ID)
            query, body = WeComSigner(TOKEN, AES_KEY, CORP_ID).app_post(xml, now, nonce=nonce)
            return "/wecom/callback", query, body, {}
        ms = int(time.time() * 1000)
        payload = dingtalk_text(user=f"d{msg.n}", content=text, msg_id=msg_id, created_ms=ms,
                                session_webhook=f"http://127.0.0.1:{self.system.ding_port}/robot/sendBySession"
                                                f"?session=m{msg.n}")
        return "/dingtalk/callback", {}, json.dumps(payload, ensure_ascii=False).encode(), \
            dingtalk_headers(DING_SECRET, ms)

    async def post(self, http, n: int, path: str, query: dict, body: bytes, headers: dict) -> int | None:
        import aiohttp

        for tried in range(len(self.system.ports) if self.balancer else 1):
            try:
                async with http.post(self.system.base(n + tried) + path, params=query, data=body, headers=headers,
                                     timeout=aiohttp.ClientTimeout(total=5)) as resp:
                    await resp.read()
                    return resp.status
            except aiohttp.ClientConnectorError:  # refused: a balancer tries the next instance at once
                continue
            except (aiohttp.ClientError, TimeoutError, OSError):
                return None
        return None

    async def send(self, http, msg: Message) -> None:
        text = {"register": f"我局{MONTH}月中旬开{TOPICS[msg.n % len(TOPICS)]}{msg.n}发布会",
                "question": QUESTIONS[msg.n % len(QUESTIONS)], "form": "填登记表"}.get(msg.kind, "本月有哪些发布会")
        msg_id = msg.msg_id = str(next(self.ids))
        msg.sent_at = time.time()
        for attempt in range(3):  # WeCom: three tries in all, 5 s apart (its answer timeout)
            path, query, body, headers = self.request(msg, text, msg_id, nonce=f"{msg.n}-{attempt}")
            started = time.perf_counter()
            status = await self.post(http, msg.n + attempt, path, query, body, headers)
            msg.statuses.append(status)
            if status == 200:
                msg.ack_latency, msg.acked_at = time.perf_counter() - started, time.time()
                break
            await asyncio.sleep(max(0.0, 5.0 - (time.perf_counter() - started)))
        if msg.acked_at is None:
            return
        if msg.kind == "retry":  # the platform delivers it again, with fresh parameters
            path, query, body, headers = self.request(msg, text, msg_id, nonce=f"{msg.n}-again")
            await self.post(http, msg.n + 1, path, query, body, headers)
        elif msg.kind == "replay":  # the very same request again (to another instance too)
            await self.post(http, msg.n + 1, path, query, body, headers)

    async def forged(self, http, n: int) -> None:
        """A forged or hostile request: must be refused with a 4xx, never stored."""
        shape = n % 3
        query = {"msg_signature": "0" * 40, "timestamp": str(int(time.time())), "nonce": str(n)}
        if shape == 0:
            path, body = "/wecom/callback", b"<xml>" + b"<a>" * 9000 + b"</a>" * 9000 + b"</xml>"
        elif shape == 1:
            path, body = "/wecom/aibot", b'{"encrypt":"x","a":' + b"[" * 30000 + b"]" * 30000 + b"}"
        else:
            path = "/dingtalk/callback"
            body = b'{"msgtype":"text"}'
            query = {}
        status = await self.post(http, n, path, query, body, {"timestamp": "1", "sign": "forged"})
        self.refused[status] += 1


async def hostile_loop(load: Load, stop: asyncio.Event, n: int) -> None:
    import aiohttp

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as http:
        i = n
        while not stop.is_set():
            await load.forged(http, i)
            i += 7


async def cli_loop(system: System, stop: asyncio.Event, seconds: float, remind_at: list[float]) -> dict:
    """``pressbot events --json`` readers all along, ``pressbot remind`` rounds at the given times.
    The first starts one pause in, not in the same instant as the load: a Python process starting
    up takes half a second of one of the 2 cores, and at second 0 it met the generator's and the
    server's own first second, which is the harness's coincidence, not the service's behaviour."""
    started, runs = time.monotonic(), Counter()
    pending = list(remind_at)
    try:
        await asyncio.wait_for(stop.wait(), READER_PAUSE)
    except TimeoutError:
        pass
    while not stop.is_set():
        elapsed = time.monotonic() - started
        args = ["events", "--json"]
        if pending and elapsed >= pending[0]:
            pending.pop(0)
            args = ["remind"]
        began = time.time()
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, cwd=ROOT,
                                                    env=system.env, stdout=asyncio.subprocess.DEVNULL,
                                                    stderr=asyncio.subprocess.DEVNULL)
        runs[f"{args[0]}:{'ok' if await proc.wait() == 0 else 'error'}"] += 1
        CLI_SPANS.append((args[0], began, time.time()))
        try:
            await asyncio.wait_for(stop.wait(), READER_PAUSE)
        except TimeoutError:
            pass
    return dict(runs)


async def healthy(system: System, n: int, timeout: float = 60) -> None:
    import aiohttp

    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            try:
                async with http.get(f"{system.base(n)}/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"serve #{n} did not come up; see {system.log(n)}")


async def back_up(system: System, load: Load) -> None:
    await healthy(system, 0)
    load.back_at = time.time()


async def run(args: argparse.Namespace) -> dict:
    import aiohttp

    count = min(int(args.rate * args.seconds), args.max_messages)
    wecom_port, ding_port = free_port(), free_port()
    ports = [free_port() for _ in range(args.instances if args.pg else 1)]
    tmp = tempfile.mkdtemp(prefix="pressbot-soak-")
    url = await make_database(args.pg, tmp)
    system = System(url, wecom_port, ding_port, ports,
                    {**serve_env(url, wecom_port, ding_port), "PRESSBOT_HANDLING": args.handling,
                     "PRESSBOT_HANDLERS": str(args.handlers)})
    try:
        await seed(url, count + 10)
        if args.socket_activation:
            system.hold_sockets()
        system.start_fakes()
        for n in range(len(ports)):
            system.start(n)
        for n in range(len(ports)):
            await healthy(system, n)
        load = Load(system, balancer=args.balancer)
        for platform in ("wecom", "dingtalk"):  # the generator's own imports, before the clock runs
            load.request(Message(0, "register", platform, ""), "预热", "0", nonce="warm")
        stop = asyncio.Event()
        hostile = [asyncio.create_task(hostile_loop(load, stop, i)) for i in range(args.hostile)]
        readers = asyncio.create_task(cli_loop(system, stop, args.seconds,
                                               [args.seconds * 0.25, args.seconds * 0.6]))
        rng = random.Random(11)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            tasks, start, killed = [], time.perf_counter(), False
            for i in range(count):
                delay = start + i / args.rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                if not killed and not args.no_kill and i >= count // 2:  # kill -9 one, start it again
                    killed = True
                    load.killed_at = time.time()
                    system.kill(0)
                    system.start(0)
                    tasks.append(asyncio.create_task(back_up(system, load)))
                kind = rng.choice(MIX)
                platform = "wecom" if i % 2 == 0 else "dingtalk"
                msg = Message(i, kind, platform, f"wecom:w{i}" if platform == "wecom" else f"ding:m{i}")
                load.messages.append(msg)
                tasks.append(asyncio.create_task(load.send(http, msg)))
                if i % max(1, int(args.rate)) == 0:  # about one forged request a second
                    tasks.append(asyncio.create_task(load.forged(http, i)))
            await asyncio.gather(*tasks)
        stop.set()
        await asyncio.gather(*hostile)
        cli_runs = await readers
        return await results(system, load, args, cli_runs)
    finally:
        system.stop()
        await drop_database(args.pg, url)
        shutil.rmtree(tmp, ignore_errors=True)  # the SQLite database (gigabytes over many runs)


async def results(system: System, load: Load, args: argparse.Namespace, cli_runs: dict) -> dict:
    import aiohttp
    from sqlalchemy import func, select

    from store.db import make_engine
    from store.models import InboundMessage, OutboxMessage

    acked = [m for m in load.messages if m.acked_at is not None]
    engine = make_engine(system.url, immediate=False)  # reads only: never the write lock
    deadline = time.monotonic() + args.drain
    async with aiohttp.ClientSession() as http:
        while True:  # drain: until every acknowledged message is handled and the outbox is empty
            async with engine.connect() as conn:
                waiting = await conn.scalar(select(func.count()).select_from(InboundMessage)
                                            .where(InboundMessage.status == "received"))
                unsent = await conn.scalar(select(func.count()).select_from(OutboxMessage)
                                           .where(OutboxMessage.status.in_(("pending", "sending"))))
            if (not waiting and not unsent) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        async with http.get(f"http://127.0.0.1:{system.wecom_port}/dump") as resp:
            dump = await resp.json()
    async with engine.connect() as conn:
        statuses = dict((await conn.execute(select(InboundMessage.status, func.count())
                                            .group_by(InboundMessage.status))).all())
        stored = dict((await conn.execute(select(InboundMessage.message_id, InboundMessage.status))).all())
        dead = await conn.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "dead"))
    await engine.dispose()
    by_who: dict[str, list[dict]] = {}
    for entry in dump["log"]:
        by_who.setdefault(entry["who"], []).append(entry)
    first_reply = {who: min(e["t"] for e in entries) for who, entries in by_who.items()}
    senders = {m.who for m in load.messages}
    dup = lambda who: sum(c - 1 for c in Counter(e["text"] for e in by_who.get(who, [])).values())  # noqa: E731
    replied = [m for m in acked if m.who in first_reply]
    apologised = sum(1 for m in acked if any(APOLOGY in (e["text"] or "") for e in by_who.get(m.who, [])))
    e2e = sorted(first_reply[m.who] - m.sent_at for m in replied)
    ack = sorted(m.ack_latency for m in acked if m.ack_latency is not None)
    # the same, for messages sent while every instance was up (not from the kill until a second
    # after the restarted one answers its health check: those wait for the restart by design)
    outage = (load.killed_at - 0.5, load.back_at + 1.0) if load.killed_at and load.back_at else (0.0, 0.0)
    steady = [m for m in replied if not outage[0] <= m.sent_at <= outage[1]]
    e2e_steady = sorted(first_reply[m.who] - m.sent_at for m in steady)
    ack_steady = sorted(m.ack_latency for m in acked if m.ack_latency is not None
                        and not outage[0] <= m.sent_at <= outage[1])
    pct = lambda xs, p: round(xs[min(len(xs) - 1, int(p * len(xs)))] * 1000, 1) if xs else None  # noqa: E731
    elapsed = max((first_reply[m.who] for m in replied), default=0) - min((m.sent_at for m in load.messages), default=0)
    if args.dump:
        begin = min((m.sent_at for m in load.messages), default=0)
        with open(args.dump, "w") as out:
            json.dump([(round(m.sent_at - begin, 3), m.ack_latency and round(m.ack_latency * 1000, 1),
                        round((first_reply[m.who] - m.sent_at) * 1000, 1) if m.who in first_reply else None)
                       for m in load.messages], out)
        with open(args.dump + ".cli", "w") as out:  # when the CLI runs were, on the same clock
            json.dump([(what, round(a - begin, 3), round(b - begin, 3)) for what, a, b in CLI_SPANS], out)
    return {
        "backend": f"postgresql × {len(system.ports)}" if args.pg else "sqlite",
        "handling": args.handling,
        "seconds": args.seconds, "rate": args.rate, "hostile_connections": args.hostile,
        "handlers": args.handlers,
        "killed_and_restarted": not args.no_kill, "socket_activation": args.socket_activation,
        "balancer": args.balancer,
        "offered": len(load.messages), "acknowledged": len(acked),
        "handled": statuses.get("handled", 0), "replied": len(replied),
        "failed": statuses.get("failed", 0) + apologised,
        # acknowledged, yet not stored, or handled and its reply never sent
        "lost": sum(1 for m in acked if m.msg_id not in stored
                    or (stored[m.msg_id] == "handled" and m.who not in first_reply and not unsent)),
        "still_queued_at_end": sum(1 for m in acked if stored.get(m.msg_id) == "received"),
        "duplicate_replies": sum(dup(who) for who in senders),
        "duplicate_replies_by_platform": dict(Counter(who.split(":")[0] for who in senders for _ in range(dup(who)))),
        "duplicate_reminders": sum(dup(who) for who in by_who if who not in senders),
        "reminder_messages": sum(len(v) for who, v in by_who.items() if who not in senders),
        "dead_outbox_rows": dead, "deduplicated_by_platform": dump["deduplicated"],
        "ack_p50_ms": pct(ack, 0.5), "ack_p99_ms": pct(ack, 0.99),
        "e2e_p50_ms": pct(e2e, 0.5), "e2e_p99_ms": pct(e2e, 0.99),
        "restart_seconds": round(load.back_at - load.killed_at, 2) if load.killed_at and load.back_at else None,
        "ack_p99_ms_outside_restart": pct(ack_steady, 0.99),
        "e2e_p99_ms_outside_restart": pct(e2e_steady, 0.99),
        "end_to_end_msgs_per_s": round(len(replied) / elapsed, 1) if elapsed > 0 else None,
        "forged_statuses": {str(k): v for k, v in load.refused.items()},
        "cli_runs": cli_runs,
        "request_statuses": dict(Counter(str(s) for m in load.messages for s in m.statuses)),
        "top_other_recipients": Counter({who: len(v) for who, v in by_who.items()
                                         if who not in senders}).most_common(4),
    }


async def make_database(pg: bool, tmp: str) -> str:
    if not pg:
        return f"sqlite+aiosqlite:///{tmp}/soak.db"
    import asyncpg

    name = f"pressbot_soak_{os.getpid()}"
    conn = await asyncpg.connect(PG_ADMIN.replace("postgresql+asyncpg://", "postgresql://"))
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"


async def drop_database(pg: bool, url: str) -> None:
    if not pg:
        return
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN.replace("postgresql+asyncpg://", "postgresql://"))
    await conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await conn.close()


def machine_speed() -> float:
    """Seconds for a fixed pure-Python loop (10 million additions): the machine's yardstick,
    printed with the figures (on a shared machine its speed varies from one minute to the next)."""
    started, total = time.perf_counter(), 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--max-messages", type=int, default=20_000)
    parser.add_argument("--drain", type=float, default=60)
    parser.add_argument("--hostile", type=int, default=0, help="connections sending forged hostile bodies")
    parser.add_argument("--pg", action="store_true", help="N instances on PostgreSQL")
    parser.add_argument("--no-kill", action="store_true", help="no kill -9 half-way (for latency comparisons)")
    parser.add_argument("--handlers", type=int, default=1,
                        help="PRESSBOT_HANDLERS of the serve processes (handler processes per instance)")
    parser.add_argument("--handling", choices=("process", "inline"), default="process",
                        help="PRESSBOT_HANDLING of the serve processes (inline: handling in the web process)")
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--balancer", action="store_true",
                        help="with --pg: a refused connection is sent to the next instance at once, as a "
                             "reverse proxy in front of the instances does (nginx proxy_next_upstream error)")
    parser.add_argument("--socket-activation", action="store_true",
                        help="hold each instance's listening socket here and pass it to serve as systemd's "
                             "socket unit does (LISTEN_FDS): a restart then refuses no connection")
    parser.add_argument("--dump", metavar="FILE", help="write each message's (sent s, ack ms, e2e ms) as JSON")
    parser.add_argument("--fakes", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fakes:
        run_fakes(*args.fakes)
        return 0
    before = machine_speed()
    figures = asyncio.run(run(args))
    figures["machine_loop_s_before_after"] = (round(before, 2), round(machine_speed(), 2))
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
