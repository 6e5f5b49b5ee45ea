"""The scheduler loop: warns about uncovered holiday years at start-up, survives a bad round."""
import logging
from datetime import date, datetime

from bot.clock import DEFAULT_TZ, FakeClock
from bot.reminders import candidates, load_policy
from bot.reminders.scheduler import run_scheduler
from store.db import make_engine, make_sessionmaker
from tests.reminders.reminder_helpers import at


async def test_scheduler_round_sends_and_warns_once_about_2027(office, caplog, monkeypatch):
    monkeypatch.setattr(candidates, "_CALENDARS", {})  # a fresh process: its first warning
    await office.person("王主任", "office")
    await office.unit("县统计局", liaison="刘联络", director="马局长")
    await office.event("县统计局", "经济运行情况", date(2026, 12, 1), date(2026, 12, 31), at(date(2026, 11, 20)))
    policy = load_policy({})
    clock = FakeClock(datetime(2026, 12, 1, 9, 5, tzinfo=DEFAULT_TZ))
    with caplog.at_level(logging.WARNING, logger="bot.reminders.calendar"):
        await run_scheduler(office.maker, clock, policy, worker_id="serve-1", rounds=1)
        clock.set(datetime(2026, 12, 2, 9, 5, tzinfo=DEFAULT_TZ))
        await run_scheduler(office.maker, clock, policy, worker_id="serve-1", rounds=1)
    rows = await office.outbox()
    assert any("经济运行情况" in r.body and "还没有确定具体日期" in r.body for r in rows)
    assert len([r for r in caplog.records if "2027" in r.getMessage()]) == 1


async def test_a_failing_round_is_logged_and_the_loop_goes_on(tmp_path, caplog):
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'no-schema.db'}")
    clock = FakeClock(datetime(2026, 4, 14, 9, 0, tzinfo=DEFAULT_TZ))
    with caplog.at_level(logging.ERROR, logger="bot.reminders.scheduler"):
        await run_scheduler(make_sessionmaker(engine), clock, load_policy({}), worker_id="w", interval=0, rounds=2)
    await engine.dispose()
    assert len([r for r in caplog.records if "下一轮重试" in r.getMessage()]) == 2
