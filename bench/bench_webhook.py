"""Acknowledgement latency and throughput of ``pressbot serve`` (SQLite) on encrypted WeCom
messages, next to a bare aiohttp app that only verifies, decrypts and answers 200.

    python bench/bench_webhook.py [--rates 50,100,200,400] [--seconds 3] [--max-count 1500]

Three processes on 127.0.0.1: the server under test, a fake WeCom API receiving the replies,
and this load generator. For each offered rate (open loop, paced) it prints the achieved
msgs/s and the p50/p99 time from sending a request to its 200; then a closed-loop run
(64 in flight) gives the maximum throughput of each app and their ratio. Targets (issue 4):
p99 ≤ 50 ms at 200 msg/s; throughput ≥ 50% of the bare app.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORP_ID, AGENT_ID, SECRET = "wwbench", 1000002, "bench-secret"
TOKEN, AES_KEY = "bench-token", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
TEXTS = ["我局5月中旬开秋季招生政策解读发布会", "本月有哪些发布会", "下周三的发布会改到周五",
         "市场监管局三季度开食品安全新闻发布会", "取消4月20日的在线访谈"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the servers ---------------------------------------------------------------------------
def run_bare(port: int) -> None:
    from aiohttp import web
    from wechatpy.enterprise.crypto import WeChatCrypto

    crypto = WeChatCrypto(TOKEN, AES_KEY, CORP_ID)

    async def callback(request: web.Request) -> web.Response:
        q = request.query
        crypto.decrypt_message(await request.read(), q["msg_signature"], q["timestamp"], q["nonce"])
        return web.Response(text="")

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/wecom/callback", callback)
    app.router.add_get("/healthz", healthz)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def run_fake_wecom(port: int) -> None:
    from aiohttp import web

    from tests.fakes.wecom_api import FakeWeComAPI

    fake = FakeWeComAPI(corp_id=CORP_ID, secret=SECRET)

    async def count(request: web.Request) -> web.Response:
        return web.json_response({"sent": len(fake.sent)})

    fake.app.router.add_get("/count", count)
    fake.app.router.add_get("/healthz", count)
    web.run_app(fake.app, host="127.0.0.1", port=port, print=None, access_log=None)


def spawn(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# -- the load ------------------------------------------------------------------------------
_ids = itertools.count(int(time.time()) * 1000)


def requests_for(count: int) -> list[tuple[dict[str, str], bytes]]:
    from tests.fakes.messenger import WeComSigner, wecom_text_xml

    signer = WeComSigner(TOKEN, AES_KEY, CORP_ID)
    now = int(time.time())
    out = []
    for i in range(count):
        xml = wecom_text_xml(user=f"user{next(_ids)}", content=TEXTS[i % len(TEXTS)], msg_id=str(next(_ids)),
                             create_time=now, corp_id=CORP_ID)
        out.append(signer.app_post(xml, now, nonce=str(i)))
    return out


async def post(session, url: str, req, latencies: list[float], errors: list[int]) -> None:
    query, body = req
    started = time.perf_counter()
    async with session.post(url, params=query, data=body) as resp:
        await resp.read()
        if resp.status != 200:
            errors.append(resp.status)
    latencies.append(time.perf_counter() - started)


async def paced(url: str, rate: int, seconds: float) -> dict:
    import aiohttp

    reqs = requests_for(int(rate * seconds))
    latencies: list[float] = []
    errors: list[int] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=500)) as session:
        start = time.perf_counter()
        tasks = []
        for i, req in enumerate(reqs):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(post(session, url, req, latencies, errors)))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - start
    return summary(len(reqs), elapsed, latencies, errors)


async def closed_loop(url: str, count: int, in_flight: int = 64) -> dict:
    import aiohttp

    reqs = requests_for(count)
    latencies: list[float] = []
    errors: list[int] = []
    queue = iter(reqs)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=in_flight)) as session:
        async def worker() -> None:
            for req in queue:
                await post(session, url, req, latencies, errors)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(in_flight)))
        elapsed = time.perf_counter() - start
    return summary(count, elapsed, latencies, errors)


def summary(count: int, elapsed: float, latencies: list[float], errors: list[int]) -> dict:
    ordered = sorted(latencies)
    pct = lambda p: ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000  # noqa: E731
    return {"count": count, "rate": count / elapsed, "p50": statistics.median(ordered) * 1000,
            "p99": pct(0.99), "errors": len(errors)}


async def wait_healthy(port: int, timeout: float = 30) -> None:
    import aiohttp

    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


async def delivered(fake_port: int) -> int:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{fake_port}/count") as resp:
            return (await resp.json())["sent"]


def line(name: str, label: str, r: dict) -> str:
    return (f"{name:<9} {label:>8} {r['count']:>6} {r['rate']:>9.1f} {r['p50']:>9.1f} {r['p99']:>9.1f}"
            f" {r['errors']:>6}")


async def bench(args: argparse.Namespace) -> None:
    fake_port, bare_port, bot_port = free_port(), free_port(), free_port()
    tmp = tempfile.mkdtemp(prefix="pressbot-bench-")
    env = {"PRESSBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db", "PRESSBOT_LOG_LEVEL": "WARNING",
           "PRESSBOT_WECOM_CORP_ID": CORP_ID, "PRESSBOT_WECOM_AGENT_ID": str(AGENT_ID),
           "PRESSBOT_WECOM_SECRET": SECRET, "PRESSBOT_WECOM_TOKEN": TOKEN,
           "PRESSBOT_WECOM_AES_KEY": AES_KEY, "PRESSBOT_WECOM_API_BASE": f"http://127.0.0.1:{fake_port}"}
    procs = [spawn(__file__, "--fake-wecom", str(fake_port)),
             spawn(__file__, "--bare", str(bare_port)),
             spawn("-m", "bot", "serve", "--port", str(bot_port), env=env)]
    try:
        for port in (fake_port, bare_port, bot_port):
            await wait_healthy(port)
        print(f"{'app':<9} {'offered':>8} {'msgs':>6} {'msgs/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>6}")
        sent = 0
        for rate in args.rates:
            for name, port in (("bare", bare_port), ("pressbot", bot_port)):
                r = await paced(f"http://127.0.0.1:{port}/wecom/callback", rate, args.seconds)
                sent += r["count"] if name == "pressbot" else 0
                print(line(name, f"{rate}/s", r), flush=True)
        
        maxima = {}
        for name, port in (("bare", bare_port), ("pressbot", bot_port)):
            maxima[name] = await closed_loop(f"http://127.0.0.1:{port}/wecom/callback", args.max_count)
            sent += args.max_count if name == "pressbot" else 0
            print(line(name, "max", maxima[name]), flush=True)
        print(f"\nthroughput ratio pressbot/bare: {maxima['pressbot']['rate'] / maxima['bare']['rate']:.2f}")
        deadline = time.monotonic() + 120
        while (got := await delivered(fake_port)) < sent and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        print(f"replies delivered to the fake WeCom API: {got} of {sent} messages")
        # end to end: a closed-loop burst, timed until its last reply reached the fake API
        before, start = got, time.perf_counter()
        await closed_loop(f"http://127.0.0.1:{bot_port}/wecom/callback", args.max_count)
        while (got := await delivered(fake_port)) < before + args.max_count and time.perf_counter() - start < 120:
            await asyncio.sleep(0.02)
        elapsed = time.perf_counter() - start
        print(f"end to end (received, handled, reply delivered): {got - before} messages in "
              f"{elapsed:.1f} s = {(got - before) / elapsed:.0f} msgs/s")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", default="50,100,200,400",
                        type=lambda s: [int(x) for x in s.split(",")])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--max-count", type=int, default=1500)
    parser.add_argument("--bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--fake-wecom", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        run_bare(args.bare)
    elif args.fake_wecom:
        run_fake_wecom(args.fake_wecom)
    else:
        asyncio.run(bench(args))


if __name__ == "__main__":
    main()
