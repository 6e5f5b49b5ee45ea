"""CPU per message of the handling alone, on the soak's mix and register (SQLite, one process).

    python bench/bench_handling.py [--messages 600] [--people 12000] [--profile FILE] [--statements]

What ``bench/soak.py`` measures end to end includes the web process, the sends, the fake
platforms and the load generator on the same cores; this isolates the handler's share: each
message is stored as the channel stores it (``Inbox.accept``) and handled once (``drain``: the
conversation ``pressbot serve`` builds, marking handled and queueing the replies in one commit).
The mix is the soak's (4 registrations, 3 questions, 1 form opening, each from a person of its
own) on the soak's seeded register. Prints CPU ms per message over all and per kind, and the
machine's speed (``bench_parse``-like: a fixed pure-Python loop) so that figures from different
machines can be compared; ``--profile`` writes a cProfile file. Asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import soak  # noqa: E402

from bot.channels.base import Incoming  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.core import build_core  # noqa: E402
from bot.delivery.database import Database  # noqa: E402
from bot.delivery.inbox import Inbox  # noqa: E402
from bot.metrics import Metrics  # noqa: E402
from bot.settings import load_settings  # noqa: E402

KINDS = ["register"] * 4 + ["question"] * 3 + ["form"]
WARM = 40  # messages before the clock starts (compiled statements, templates, patterns)


def text_of(kind: str, n: int) -> str:
    return {"register": f"我局{soak.MONTH}月中旬开{soak.TOPICS[n % len(soak.TOPICS)]}{n}发布会",
            "question": soak.QUESTIONS[n % len(soak.QUESTIONS)], "form": "填登记表"}[kind]


async def one(inbox: Inbox, kind: str, n: int) -> None:
    platform = "wecom" if n % 2 else "dingtalk"
    await inbox.accept(Incoming(platform=platform, chat_id=None, chat_type="single", user_id=f"{platform[0]}{n}",
                                user_name=None, text=text_of(kind, n), message_id=f"bench-{n}", mentioned=False))
    if await inbox.drain() != 1:
        raise SystemExit(f"message {n} was not handled")


async def run(url: str, count: int, profile: str | None, statements: bool = False) -> None:
    from sqlalchemy import event, text

    clock = SystemClock()
    db = Database.open(url)
    inbox = Inbox(db, clock, Metrics(), build_core(load_settings({}), clock))
    for i in range(WARM):
        await one(inbox, KINDS[i % len(KINDS)], count + i)
    gc.collect()
    gc.freeze()  # as serve does once started
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    cpu: dict[str, list[float]] = defaultdict(list)
    executed: list[str] = []
    if statements:
        for engine in {db.engine, db.read_engine or db.engine, db.handling_engine or db.engine}:
            event.listen(engine.sync_engine, "before_cursor_execute",
                         lambda _c, _cur, sql, *_rest: executed.append(" ".join(sql.split())))
    by_kind: dict[str, list[int]] = defaultdict(list)
    sample: dict[str, list[str]] = {}
    started = time.process_time()
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        before, mark = time.process_time(), len(executed)
        await one(inbox, kind, i)
        cpu[kind].append((time.process_time() - before) * 1000)
        by_kind[kind].append(len(executed) - mark)
        sample.setdefault(kind, executed[mark:])
    total = time.process_time() - started
    if profiler is not None and profile:
        profiler.disable()
        profiler.dump_stats(profile)
    async with db.reading() as session:
        apologies = (await session.execute(text(
            "SELECT count(*) FROM outbox WHERE body LIKE :a"), {"a": f"%{soak.APOLOGY}%"})).scalar()
    await db.close()
    print(f"handling, SQLite, soak mix: {count} messages, {total / count * 1000:.2f} ms CPU a message "
          f"(≈ {count / total:.0f} msg/s on one core){' [profiled]' if profile else ''}")
    for kind, values in sorted(cpu.items()):
        values.sort()
        print(f"  {kind:<9} n={len(values):<4} median {values[len(values) // 2]:6.2f} ms   "
              f"mean {sum(values) / len(values):6.2f} ms")
    print(f"apologies: {apologies} (0 expected)")
    for kind, counts in sorted(by_kind.items()) if statements else ():
        print(f"\n{kind}: {sum(counts) / len(counts):.1f} statements a message (stored and handled); the first:")
        for sql in sample[kind]:
            print(f"  {sql[:150]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--people", type=int, default=12_000, help="senders seeded as liaisons (the soak's)")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the timed messages")
    parser.add_argument("--statements", action="store_true", help="count the SQL statements a message costs "
                        "and print those of the first message of each kind")
    args = parser.parse_args()
    print(f"machine: 10-million-step Python loop {soak.machine_speed():.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/handling.db"
        asyncio.run(soak.seed(url, args.people))
        asyncio.run(run(url, args.messages, args.profile, args.statements))


if __name__ == "__main__":
    main()
