"""Three scheduler processes on one PostgreSQL database send each reminder exactly once."""
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.reminders.reconcile import recompute
from store.db import make_engine, make_sessionmaker
from store.models import Base, OutboxMessage, Reminder
from tests.reminders.reminder_helpers import at, bulk_scheduled

REPO = Path(__file__).resolve().parents[2]
UNITS = 600  # 1,200 reminders due: a liaison and a director per unit
WORKER = """
import asyncio, sys
from datetime import datetime
from bot.reminders import load_policy
from bot.reminders.delivery import run_round
from store.db import make_engine, make_sessionmaker

async def main():
    engine = make_engine(sys.argv[1])
    sent = await run_round(make_sessionmaker(engine), datetime.fromisoformat(sys.argv[2]), load_policy({}),
                           worker_id=sys.argv[3], limit=25)
    print(len(sent))
    await engine.dispose()

asyncio.run(main())
"""


@pytest.fixture
async def pg_maker(pg_url):
    engine = make_engine(pg_url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def test_three_schedulers_send_each_reminder_exactly_once(pg_maker, pg_url, policy):
    now = at(date(2026, 4, 21))
    await bulk_scheduled(pg_maker, UNITS, at(date(2026, 4, 24), 10), at(date(2026, 4, 14)))
    async with pg_maker() as s, s.begin():
        await recompute(s, at(date(2026, 4, 14)), policy)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, pg_url, now.isoformat(), f"worker{i}"], cwd=REPO,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(3)]
    results = [p.communicate(timeout=240) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err[-2000:] for _, err in results]
    counts = [int(out.strip()) for out, _ in results]
    async with pg_maker() as s:
        due = (await s.execute(select(Reminder).where(Reminder.rule == "registration_due"))).scalars().all()
        outbox = (await s.execute(select(func.count()).select_from(OutboxMessage))).scalar_one()
    assert sum(counts) == len(due) == 2 * UNITS
    assert outbox == 2 * UNITS
    assert {r.status for r in due} == {"sent"}
    assert max(Counter(r.outbox_id for r in due).values()) == 1
    print("reminders sent per worker:", counts)
