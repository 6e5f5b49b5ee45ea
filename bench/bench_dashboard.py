"""Dashboard pages with 10,000 events in one year: time per page and SQL statements per page.

    python bench/bench_dashboard.py [--events 10000] [--runs 20] [--sqlite-only]

Every event falls in the same year, so the year grid has all of them on one page (the worst
case). Requests go through the whole app (aiohttp test client, signed in with the admin token),
so a figure includes the query, the template and the HTTP round trip. Prints; asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402
from sqlalchemy import event as sa_event  # noqa: E402
from sqlalchemy import insert

from bot.app import DB, create_app  # noqa: E402
from bot.clock import DEFAULT_TZ, FakeClock  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from store.db import make_engine  # noqa: E402
from store.migrate import upgrade  # noqa: E402
from store.models import Event, EventChange, Unit  # noqa: E402

PG_ADMIN_URL = os.environ.get("PRESSBOT_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
YEAR, UNITS = 2026, 150
STATUSES = ["planned"] * 6 + ["scheduled", "registered", "approved", "held", "reported", "cancelled"]
PAGES = ["/admin", "/admin?kind=press_conference", "/admin/events",
         "/admin/events?status=planned&from=2026-05&to=2026-06",
         "/admin/events?page=50", "/admin/events/{id}", "/admin/quota", "/admin/attention"]


def _window(r: random.Random) -> tuple[date, date, bool]:
    month = 1 + r.randrange(12)
    first = date(YEAR, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    shape = r.random()
    if shape < 0.15:  # a quarter
        q = (month - 1) // 3 * 3 + 1
        last = (date(YEAR, q + 2, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return date(YEAR, q, 1), last, False
    if shape < 0.3:  # a day with a time
        day = first + timedelta(days=r.randrange(28))
        return day, day, True
    return first, last, False


async def fill(url: str, events: int) -> int:
    upgrade(url)
    engine = make_engine(url)
    r, now = random.Random(7), datetime(2026, 1, 5, tzinfo=UTC)
    async with engine.begin() as conn:
        await conn.execute(insert(Unit), [{"name": f"县第{i}局", "aliases": [], "is_key": i % 3 == 0}
                                          for i in range(UNITS)])
        rows = []
        for i in range(events):
            start, end, dated = _window(r)
            rows.append({"kind": "press_conference" if r.random() < 0.8 else "online_interview",
                         "unit_id": 1 + r.randrange(UNITS), "topic": f"第{i}号发布主题", "window_start": start,
                         "window_end": end, "start_at": datetime.combine(start, datetime.min.time(), DEFAULT_TZ)
                         .replace(hour=9) if dated else None, "status": r.choice(STATUSES), "source": "plan",
                         "created_at": now, "updated_at": now})
        await conn.execute(insert(Event), rows)
        await conn.execute(insert(EventChange), [{"event_id": i + 1, "at": now, "actor": "年度计划导入",
                                                 "field": "created", "new_value": "…"} for i in range(events)])
    await engine.dispose()
    return events // 2


async def measure(url: str, runs: int, event_id: int) -> None:
    clock = FakeClock(datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ))
    settings = load_settings({"PRESSBOT_DATABASE_URL": url, "PRESSBOT_ADMIN_TOKEN": "t", "PRESSBOT_SECRET_KEY": "k"})
    async with TestClient(TestServer(create_app(settings, clock=clock, background=False))) as client:
        await client.post("/admin/signin", data={"token": "t"})
        statements: list[str] = []
        sa_event.listen(client.app[DB].engine.sync_engine, "before_cursor_execute",
                        lambda *args: statements.append(args[2]))
        for path in PAGES:
            path = path.format(id=event_id)
            times, size = [], 0
            for _ in range(runs):
                statements.clear()
                started = time.perf_counter()
                resp = await client.get(path)
                body = await resp.read()
                times.append((time.perf_counter() - started) * 1000)
                assert resp.status == 200, (path, resp.status)
                size = len(body)
            print(f"  {path:55s} median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms  "
                  f"{len(statements)} SQL  {size / 1024:6.0f} KB")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        print(f"SQLite, {args.events} events in {YEAR}, {UNITS} units:")
        await measure(url, args.runs, await fill(url, args.events))
    if args.sqlite_only:
        return
    import asyncpg

    name = f"pressbot_bench_web_{os.getpid()}"
    admin = PG_ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(admin)
    await conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        print(f"PostgreSQL, {args.events} events in {YEAR}, {UNITS} units:")
        await measure(url, args.runs, await fill(url, args.events))
    finally:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()


if __name__ == "__main__":
    asyncio.run(main())
