"""Reply latency of the conversation: message accepted → replies in the outbox, SQLite, 10,000 events.

    python bench/bench_conversation.py [--events 10000] [--messages 600] [--no-freeze]

Each message goes through the channel layer's Inbox (store the inbound row, then one handling
pass: dispatch, mark handled and queue the replies in one commit) with the dispatch that
``pressbot serve`` builds (``bot.core.build_core``, reminders recomputed on changes).
Timed from ``accept`` until that pass is done, per kind of message. Target (issue 5):
p99 ≤ 100 ms. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.channels.base import Incoming  # noqa: E402
from bot.clock import DEFAULT_TZ, FakeClock  # noqa: E402
from bot.core import build_core  # noqa: E402
from bot.delivery.database import Database  # noqa: E402
from bot.delivery.inbox import Inbox  # noqa: E402
from bot.metrics import Metrics  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from store.migrate import upgrade  # noqa: E402
from store.models import Event, Person, Role, Unit  # noqa: E402

UNITS = ["区教育局", "区民政局", "区财政局", "区人社局", "区住建局", "区城管局", "区文旅局", "区卫健委", "区应急管理局",
         "区市场监管局", "区统计局", "区发改委", "区档案馆", "韩村镇", "高新区管委会"]
MESSAGES = {  # kind → texts a liaison or the office sends
    "register": ["我局{m}月中旬开第{n}场政策解读发布会", "我局{m}月份做一期网上访谈，谈谈第{n}项工作"],
    "query": ["这个月有哪些发布会", "下周的活动安排", "四季度有几场发布会", "人社局今年的发布会都排在什么时候"],
    "office": ["哪些单位还没报登记表", "各单位完成情况"],
    "change": ["我局{m}月的发布会改到{m2}月上旬"],
    "form": ["填登记表", "李明", "副局长", "13800138000", "取消"],
    "chatter": ["好的", "帮助"],
}


async def seed(url: str, events: int, now: datetime) -> None:
    db = Database.open(url)
    rng = random.Random(14)
    async with db.writing() as s:
        units = [Unit(name=n, aliases=[], is_key=n.startswith("区")) for n in UNITS]
        s.add_all(units)
        await s.flush()
        for i, unit in enumerate(units):
            s.add(Person(platform="console", user_id=f"liaison{i}", name=f"联络员{i}", role=Role.LIAISON,
                         unit_id=unit.id))
        s.add(Person(platform="console", user_id="office", name="公开办", role=Role.OFFICE))
        for n in range(events):
            start = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
            end = start + timedelta(days=rng.choice((0, 0, 9, 20, 29)))
            s.add(Event(kind=rng.choice(("press_conference", "online_interview")), unit_id=rng.choice(units).id,
                        topic=f"主题{n}", window_start=start, window_end=min(end, date(2026, 12, 31)),
                        status=rng.choice(("planned", "scheduled", "registered", "held")),
                        created_at=now, updated_at=now))
    await db.close()


def script(count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(kind, user, text) in an order a day of chats could have."""
    out = []
    while len(out) < count:
        kind = rng.choice(list(MESSAGES))
        user = "office" if kind == "office" else f"liaison{rng.randrange(len(UNITS))}"
        texts = MESSAGES[kind] if kind == "form" else [rng.choice(MESSAGES[kind])]
        m = rng.randrange(5, 12)
        out += [(kind, user, t.format(m=m, m2=m + 1, n=len(out))) for t in texts]
    return out[:count]


async def run(url: str, count: int, now: datetime) -> dict[str, list[float]]:
    clock = FakeClock(now)
    db = Database.open(url)
    # the conversation `pressbot serve` builds: changed events recompute their reminders
    inbox = Inbox(db, clock, Metrics(), build_core(load_settings({}), clock))
    timings: dict[str, list[float]] = defaultdict(list)
    for i, (kind, user, text) in enumerate(script(count, random.Random(5))):
        incoming = Incoming(platform="console", chat_id=None, chat_type="single", user_id=user, user_name=None,
                            text=text, message_id=f"b{i}", mentioned=False)
        start = time.perf_counter()
        await inbox.accept(incoming)
        assert await inbox.drain() == 1
        timings[kind].append((time.perf_counter() - start) * 1000)
        clock.advance(timedelta(seconds=20))
    await db.close()
    return timings


def show(name: str, values: list[float]) -> None:
    values = sorted(values)
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    print(f"{name:<10} n={len(values):<5} median {statistics.median(values):7.1f} ms   "
          f"p99 {p99:7.1f} ms   max {values[-1]:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--no-freeze", action="store_true", help="leave the collector as a plain process has it")
    args = parser.parse_args()
    now = datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        upgrade(url)
        asyncio.run(seed(url, args.events, now))
        if not args.no_freeze:  # as `pressbot serve` does once started (serve_cmds.freeze_startup_objects)
            gc.collect()
            gc.freeze()
        timings = asyncio.run(run(url, args.messages, now))
    how = "plain process" if args.no_freeze else "start-up objects frozen, as in serve"
    print(f"SQLite, {args.events} events, {args.messages} messages (accept → replies in the outbox; {how}):")
    for kind, values in sorted(timings.items()):
        show(kind, values)
    show("all", [v for values in timings.values() for v in values])


if __name__ == "__main__":
    main()
