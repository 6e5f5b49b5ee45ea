"""Register speed: 100,000 events, then "events overlapping this month", a year's per-unit
counts, and importing a 500-row plan; on SQLite and on PostgreSQL.

    python bench/bench_store.py [--events 100000] [--runs 300] [--sqlite-only]

PostgreSQL: PRESSBOT_TEST_PG_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test)
is only used to create and drop a database of the bench's own. Targets: p99 <= 20 ms for the
queries, <= 2 s for the import. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.db import make_engine, make_sessionmaker  # noqa: E402
from store.migrate import upgrade  # noqa: E402
from store.models import Event, Unit  # noqa: E402
from store.repo import events_overlapping, unit_counts  # noqa: E402

PG_ADMIN_URL = os.environ.get("PRESSBOT_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
# 100,000 events over 40 years: 2,500 a year, ten times a large county's plan, so a month
# overlaps ~300 events (the figure printed is the median count actually returned).
FIRST_YEAR, YEARS, UNITS = 2000, 40, 120
CONCEPTS = ["教育局", "统计局", "民政局", "财政局", "人社局", "住建局", "交通局", "商务局", "应急局", "医保局"]
# (share, window builder): a month, a 旬, a quarter, a day, a half year.
SHAPES = [
    (0.50, lambda y, m, r: (date(y, m, 1), _month_end(y, m))),
    (0.20, lambda y, m, r: (date(y, m, 1 + 10 * r.randrange(3)), date(y, m, 10 + 10 * r.randrange(2)))),
    (0.15, lambda y, m, r: (date(y, (m - 1) // 3 * 3 + 1, 1), _month_end(y, (m - 1) // 3 * 3 + 3))),
    (0.10, lambda y, m, r: (date(y, m, 15), date(y, m, 15))),
    (0.05, lambda y, m, r: (date(y, 1 if m <= 6 else 7, 1), _month_end(y, 6 if m <= 6 else 12))),
]


def _month_end(y: int, m: int) -> date:
    return (date(y, m, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _window(r: random.Random) -> tuple[date, date]:
    y, m, pick = FIRST_YEAR + r.randrange(YEARS), 1 + r.randrange(12), r.random()
    for share, build in SHAPES:
        if pick < share:
            return build(y, m, r)
        pick -= share
    return SHAPES[0][1](y, m, r)


async def seed(url: str, n: int) -> None:
    r, now = random.Random(7), datetime(2026, 1, 1, tzinfo=UTC)
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.execute(Unit.__table__.insert(), [
            {"name": f"第{i}区{CONCEPTS[i % len(CONCEPTS)]}", "aliases": [], "is_key": i % 2 == 0}
            for i in range(UNITS)
        ])
        for chunk in range(0, n, 5000):
            rows = []
            for i in range(chunk, min(n, chunk + 5000)):
                start, end = _window(r)
                rows.append({
                    "kind": "press_conference" if i % 3 else "online_interview", "unit_id": 1 + r.randrange(UNITS),
                    "topic": f"主题{i}", "window_start": start, "window_end": end, "status": "planned",
                    "source": "plan", "created_at": now, "updated_at": now,
                })
            await conn.execute(Event.__table__.insert(), rows)
    await engine.dispose()


def figures(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {statistics.median(ordered) * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms"


async def time_queries(url: str, runs: int, *, frozen: bool) -> None:
    if frozen:  # as `pressbot serve` does once it has started (serve_cmds.freeze_startup_objects)
        gc.collect()
        gc.freeze()
    r = random.Random(11)
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        overlap, counts, sizes = [], [], []
        for _ in range(runs):
            y, m = FIRST_YEAR + r.randrange(YEARS), 1 + r.randrange(12)
            session.expunge_all()  # each question starts cold, as a chat message would
            t = time.perf_counter()
            found = await events_overlapping(session, date(y, m, 1), _month_end(y, m))
            overlap.append(time.perf_counter() - t)
            sizes.append(len(found))
            t = time.perf_counter()
            await unit_counts(session, y)
            counts.append(time.perf_counter() - t)
    await engine.dispose()
    how = "start-up objects frozen, as in serve" if frozen else "plain process, no gc.freeze"
    print(f"  [{how}]")
    print(f"  events overlapping a month ({statistics.median(sizes):.0f} rows): {figures(overlap)}")
    print(f"  per-unit counts for a year ({UNITS} units):   {figures(counts)}")
    if frozen:
        gc.unfreeze()


def plan_text(rows: int) -> str:
    lines = ["2026年度新闻发布会计划", "序号\t牵头发布单位\t拟发布时间\t发布主题\t发布人"]
    times = ["一季度", "4月份", "5月中旬", "二季度", "7月份", "三季度", "10月上旬", "四季度", "12月份"]
    for i in range(1, rows + 1):
        unit = f"第{i % 60}区{CONCEPTS[i % len(CONCEPTS)]}"
        lines.append(f"{i}\t{unit}\t{times[i % len(times)]}\t第{i}项工作新闻 发布会\t副局长 张{i % 97}号")
    return "\n".join(lines) + "\n"


async def time_import(url: str, rows: int) -> float:
    from store.plan.importer import import_plan
    from store.plan.rows import read_plan
    from store.plan.tables import read_tables

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.txt"
        path.write_text(plan_text(rows), encoding="utf-8")
        engine = make_engine(url)
        t = time.perf_counter()
        plan = read_plan(read_tables(path))
        async with make_sessionmaker(engine)() as session, session.begin():
            await import_plan(session, plan.rows, now=datetime.now(UTC), note="bench")
        elapsed = time.perf_counter() - t
        await engine.dispose()
    assert len(plan.rows) == rows and not plan.errors
    return elapsed


async def _pg(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://"), timeout=3)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def run_backend(name: str, url: str, args) -> None:
    print(f"{name}:")
    upgrade(url)
    t = time.perf_counter()
    asyncio.run(seed(url, args.events))
    print(f"  seeded {args.events} events in {time.perf_counter() - t:.1f} s")
    asyncio.run(time_queries(url, args.runs, frozen=False))
    asyncio.run(time_queries(url, args.runs, frozen=True))
    print(f"  import of a {args.plan_rows}-row plan (read + write + commit): "
          f"{asyncio.run(time_import(url, args.plan_rows)):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--plan-rows", type=int, default=500)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_backend("SQLite (WAL, file)", f"sqlite+aiosqlite:///{tmp}/bench.db", args)
    if args.sqlite_only:
        return
    name = f"pressbot_bench_{os.getpid()}"
    asyncio.run(_pg(f'CREATE DATABASE "{name}"'))
    try:
        run_backend("PostgreSQL", f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}", args)
    finally:
        asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
