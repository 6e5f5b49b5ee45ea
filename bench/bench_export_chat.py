"""Cost of "导出上半年统计表" in chat: message accepted → file queued → file handed to a sender.

    python bench/bench_export_chat.py [--events 10000] [--rounds 5]

SQLite, a register of ``--events`` events (half of them held). Each round goes through the
Inbox (handling builds the .xlsx in the message's transaction and stores its bytes with the
outbox row) and one outbox pass with an in-process sender that accepts files. Prints the
median and worst time of each step and the file size; asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.channels.base import Incoming  # noqa: E402
from bot.clock import DEFAULT_TZ, FakeClock  # noqa: E402
from bot.core import build_core  # noqa: E402
from bot.delivery.database import Database  # noqa: E402
from bot.delivery.inbox import Inbox  # noqa: E402
from bot.delivery.worker import OutboxWorker  # noqa: E402
from bot.metrics import Metrics  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from store.migrate import upgrade  # noqa: E402
from store.models import Event, Person, Role, Status, Unit  # noqa: E402

UNITS = ["区教育局", "区民政局", "区财政局", "区人社局", "区住建局", "区城管局", "区文旅局", "区卫健委"]


class FileSink:
    """A sender that can send files: keeps their sizes."""

    platform = "console"
    max_bytes = 64 * 1024
    sends_files = True

    def __init__(self) -> None:
        self.sizes: list[int] = []

    async def send(self, item, now) -> None:
        if item.file is not None:
            self.sizes.append(len(item.file.content))


async def seed(db: Database, events: int, now: datetime) -> None:
    rng = random.Random(7)
    async with db.writing() as s:
        units = [Unit(name=n, aliases=[], is_key=True) for n in UNITS]
        s.add_all(units)
        await s.flush()
        s.add(Person(platform="console", user_id="office", name="公开办", role=Role.OFFICE))
        for n in range(events):
            day = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
            held = day < now.date() and rng.random() < 0.9
            s.add(Event(kind=rng.choice(("press_conference", "online_interview")), unit_id=rng.choice(units).id,
                        topic=f"第{n}场发布会", window_start=day, window_end=day,
                        start_at=datetime(day.year, day.month, day.day, 15, tzinfo=DEFAULT_TZ) if held else None,
                        status=Status.HELD if held else Status.PLANNED, created_at=now, updated_at=now))


def report(name: str, values: list[float]) -> None:
    print(f"{name:<34} median {statistics.median(values) * 1000:8.1f} ms   worst {max(values) * 1000:8.1f} ms")


async def main(events: int, rounds: int) -> None:
    clock = FakeClock(datetime(2026, 7, 20, 9, 30, tzinfo=DEFAULT_TZ))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        upgrade(url)
        db = Database.open(url)
        await seed(db, events, clock.now())
        inbox = Inbox(db, clock, Metrics(), build_core(load_settings({}), clock))
        sink = FileSink()
        worker = OutboxWorker(db, clock, {"console": sink}, Metrics())
        handled, delivered = [], []
        for n in range(rounds):
            started = time.perf_counter()
            await inbox.accept(Incoming("console", "office", "single", "office", None, "导出上半年统计表",
                                        f"bench-{n}", True))
            await inbox.drain()
            queued = time.perf_counter()
            await worker.tick()
            handled.append(queued - started)
            delivered.append(time.perf_counter() - queued)
        await db.close()
    print(f"register: {events} events; rounds: {rounds}; file: {sink.sizes[-1] / 1024:.0f} KiB")
    report("accept → file queued (export)", handled)
    report("outbox pass (load bytes, send)", delivered)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.events, args.rounds))
