"""Reminder delivery under load: 100,000 events, then one round with 10,000 reminders due.

Per backend (SQLite file, and PostgreSQL in a database of its own created and dropped on the
server at PRESSBOT_TEST_PG_URL): fill the register, run the full recompute that creates the
reminder rows, then one delivery round. Recompute and round each run in a fresh child process,
so that the process's peak RSS is the step's peak memory (interpreter and imports included);
the round's time covers claim, re-check, rendering, outbox writes and marking sent; platform
delivery (the outbox worker) is not part of it.

    python bench/bench_reminders.py [--events 100000] [--due 10000] [--backend sqlite|postgresql|both]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.clock import DEFAULT_TZ  # noqa: E402

PG_ADMIN_URL = os.environ.get("PRESSBOT_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
SETUP_AT = datetime(2026, 4, 14, 9, 0, tzinfo=DEFAULT_TZ)
ROUND_AT = datetime(2026, 4, 21, 9, 0, tzinfo=DEFAULT_TZ)  # the registration forms of 4/24 are due
EVENT_AT = datetime(2026, 4, 24, 10, 0, tzinfo=DEFAULT_TZ)


async def fill(url: str, events: int, due: int) -> None:
    """``due // 2`` units each with one conference on 4/24 (liaison + director reminded on 4/21);
    the other events are undated plans from May to December, plus some held ones."""
    from sqlalchemy import insert

    from store.db import make_engine
    from store.models import Base, Event, Person, Unit

    dated = due // 2
    units = max(dated, 2000)
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.execute(insert(Unit), [{"id": i, "name": f"单位{i}局", "aliases": []} for i in range(1, units + 1)])
        people = [{"platform": "wecom", "user_id": f"{r}{i}", "name": f"{r}{i}", "role": r, "unit_id": i}
                  for i in range(1, units + 1) for r in ("liaison", "director")]
        people.append({"platform": "wecom", "user_id": "office", "name": "王主任", "role": "office", "unit_id": None})
        await conn.execute(insert(Person), people)
        rows = [_event(i, units, dated) for i in range(1, events + 1)]
        for i in range(0, len(rows), 5000):
            await conn.execute(insert(Event), rows[i:i + 5000])
    await engine.dispose()


def _event(i: int, units: int, dated: int) -> dict:
    common = {"id": i, "kind": "press_conference", "topic": f"主题{i}", "created_at": SETUP_AT,
              "updated_at": SETUP_AT, "start_at": None}  # same keys in every row of a batch
    if i <= dated:
        day = EVENT_AT.date()
        return {**common, "unit_id": i, "window_start": day, "window_end": day, "start_at": EVENT_AT,
                "status": "scheduled"}
    month = 5 + i % 8
    status = "reported" if i % 10 == 0 else "planned"
    start = date(2026, month, 1) if status == "planned" else date(2026, 3, 1)
    end = (date(2026, month + 1, 1) if month < 12 else date(2027, 1, 1)) - timedelta(days=1)
    return {**common, "unit_id": 1 + i % units, "window_start": start,
            "window_end": end if status == "planned" else date(2026, 3, 31), "status": status}


async def step(url: str, what: str) -> dict:
    from bot.reminders import load_policy
    from bot.reminders.delivery import run_round
    from bot.reminders.reconcile import recompute
    from store.db import make_engine, make_sessionmaker

    engine = make_engine(url)
    maker, policy = make_sessionmaker(engine), load_policy({})
    started = time.perf_counter()
    if what == "recompute":
        async with maker() as session, session.begin():
            result = await recompute(session, SETUP_AT, policy)
        count = result.created
    else:
        count = len(await run_round(maker, ROUND_AT, policy, worker_id="bench"))
    elapsed = time.perf_counter() - started
    await engine.dispose()
    return {"step": what, "seconds": round(elapsed, 2), "count": count,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def child(url: str, what: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", what, "--url", url], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


async def _pg(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://"), timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def bench(backend: str, events: int, due: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if backend == "sqlite":
            url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        else:
            name = f"pressbot_bench_{uuid.uuid4().hex[:8]}"
            asyncio.run(_pg(f'CREATE DATABASE "{name}"'))
            url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        try:
            started = time.perf_counter()
            asyncio.run(fill(url, events, due))
            print(f"[{backend}] {events:,} events written in {time.perf_counter() - started:.1f} s")
            for what in ("recompute", "round"):
                r = child(url, what)
                label = "reminders created" if what == "recompute" else "reminders sent"
                print(f"[{backend}] {what:9}: {r['seconds']:6.2f} s, peak RSS {r['peak_rss_mb']:6.1f} MB, "
                      f"{r['count']:,} {label}")
        finally:
            if backend == "postgresql":
                asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--child")
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(step(args.url, args.child))))
        return
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        bench(backend, args.events, args.due)


if __name__ == "__main__":
    main()
