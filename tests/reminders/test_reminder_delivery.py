"""Delivery rounds: exactly once, merged after downtime, pointless ones dropped, the unreachable
reported once, and a worker killed between claim and send loses nothing and doubles nothing."""
import logging
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.reminders.delivery import claim_due, deliver_claimed
from store.models import RegistrationForm, Reminder
from tests.reminders.reminder_helpers import at

D = date.fromisoformat
REPO = Path(__file__).resolve().parents[2]


async def scheduled(office, day="2026-04-24", unit="县统计局", **people):
    if unit not in office.units:
        await office.unit(unit, **(people or {"liaison": "刘联络", "director": "马局长"}))
    now = at(D("2026-04-14"), 9, 30)
    eid = await office.event(unit, "一季度经济运行情况", D("2026-04-01"), D("2026-04-30"), now)
    await office.change(eid, now, start_at=at(D(day), 10), status="scheduled", location="县政府新闻发布厅",
                        speaker="副局长 马超")
    return eid


async def test_a_round_sends_due_reminders_once(office):
    await office.person("王主任", "office")
    await scheduled(office)
    sent = await office.round(at(D("2026-04-21")))
    assert sorted((s.rule, s.recipient) for s in sent) == [("registration_due", "刘联络"),
                                                           ("registration_due", "马局长")]
    assert "回复“填登记表”开始填写" in next(s.text for s in sent if s.recipient == "刘联络")
    assert await office.round(at(D("2026-04-21"))) == []
    assert await office.round(at(D("2026-04-21"), 17)) == []
    rows = await office.outbox()
    assert len(rows) == 2
    keys = {r.key for r in await office.reminders(status="sent")}
    assert {o.idempotency_key for o in rows} == {f"reminder:{k}" for k in keys}
    assert all(o.platform == "wecom" and o.target["user_id"].startswith("u") for o in rows)


async def test_after_downtime_each_person_gets_one_merged_message(office):
    await office.person("王主任", "office")
    await scheduled(office)
    sent = await office.round(at(D("2026-04-24"), 9, 30))  # nothing ran since 4/14
    assert sorted(s.rule for s in sent if s.recipient == "马局长") == [
        "event_eve", "event_morning", "registration_due"]
    rows = await office.outbox()
    assert len(rows) == 3  # director, liaison, office
    director = next(r for r in rows if "马局长您好，您有3条待办提醒" in r.body)
    assert "县政府新闻发布厅" in director.body and "副局长 马超" in director.body
    assert director.body.count("您好") == 1, director.body  # greeted once, not again in each item
    assert await office.round(at(D("2026-04-24"), 9, 40)) == []


async def test_pointless_reminders_are_dropped_and_logged(office, caplog):
    await office.person("王主任", "office")
    eid = await scheduled(office)
    with caplog.at_level(logging.INFO, logger="bot.reminders.triage"):
        sent = await office.round(at(D("2026-04-24"), 11))  # the event started at 10:00
    assert sent == [] and await office.outbox_count() == 0
    dropped = await office.reminders(event_id=eid, status="dropped")
    assert {r.rule for r in dropped} >= {"registration_due", "event_eve", "event_morning", "materials_due"}
    assert "已过时" in caplog.text


async def test_unreachable_recipients_are_reported_to_the_office_once(office):
    await office.person("王主任", "office")
    await office.unit("县公安局", liaison="赵联络", director="孙局长", director_reachable=False)
    await scheduled(office, unit="县公安局")
    sent = await office.round(at(D("2026-04-21")))
    assert sorted((s.rule, s.recipient) for s in sent) == [("registration_due", "赵联络"),
                                                           ("unreachable", "王主任")]
    report = next(s.text for s in sent if s.rule == "unreachable")
    assert "孙局长" in report and "县公安局" in report
    sent = await office.round(at(D("2026-04-23")))  # the director's eve reminder cannot go either
    assert sorted(s.rule for s in sent) == ["materials_due", "registration_overdue"]
    assert len(await office.reminders(rule="unreachable")) == 1


async def test_a_round_with_many_unreachable_people_logs_one_line_naming_them(office, caplog):
    """A first round on a new register (the demo's) has dozens of them: one line, not one each."""
    await office.person("王主任", "office")
    units = {"县公安局": "孙局长", "县水利局": "钱局长", "县林业局": "周局长", "县审计局": "吴局长",
             "县气象局": "郑局长", "县档案局": "冯局长", "县科技局": "陈局长"}
    for unit, director in units.items():
        await office.unit(unit, liaison=f"{unit[1:3]}联络", director=director, director_reachable=False)
        await scheduled(office, unit=unit)
    with caplog.at_level(logging.INFO, logger="bot.reminders.triage"):
        sent = await office.round(at(D("2026-04-21")))
    assert sum(s.rule == "registration_due" for s in sent) == len(units)  # the liaisons' go out
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 1, lines
    assert f"{len(units)} 条无法送达" in lines[0] and f"等 {len(units)} 人" in lines[0]
    assert sum(name in lines[0] for name in units.values()) == 5  # the first five by name


async def test_unit_without_liaison_is_reported(office):
    await office.person("王主任", "office")
    await office.unit("韩村镇")
    await office.event("韩村镇", "传承红色基因", D("2026-05-11"), D("2026-05-20"), at(D("2026-04-14")),
                       kind="online_interview")
    sent = await office.round(at(D("2026-04-30")))
    assert [s.rule for s in sent] == ["unreachable"] and "韩村镇还没有登记联络员" in sent[0].text


async def test_a_form_sent_without_recompute_still_stops_the_reminder(office):
    eid = await scheduled(office)
    async with office.maker() as s, s.begin():
        s.add(RegistrationForm(event_id=eid, submitted_at=at(D("2026-04-20"))))
    assert await office.round(at(D("2026-04-21"))) == []
    assert {r.status for r in await office.reminders(rule="registration_due")} == {"cancelled"}


async def test_dry_run_writes_nothing(office):
    await scheduled(office)
    preview = await office.round(at(D("2026-04-21")), dry_run=True)
    assert len(preview) == 2
    assert await office.outbox_count() == 0
    assert not await office.reminders(status="sent") and not await office.reminders(status="claimed")


async def test_lease_taken_over_by_another_worker_sends_nothing_twice(office):
    await scheduled(office)
    now = at(D("2026-04-21"))
    slow = await claim_due(office.maker, now, office.policy, worker_id="slow")
    assert len(slow) == 2
    assert await office.round(now, worker="fast") == []  # leased: not taken while the lease runs
    later = now + timedelta(seconds=office.policy.lease_seconds + 1)
    assert len(await office.round(later, worker="fast")) == 2
    late = await deliver_claimed(office.maker, later, office.policy, slow, worker_id="slow")
    assert late.sent == [] and await office.outbox_count() == 2


KILLED = """
import asyncio, os, signal, sys
from datetime import datetime
from bot.reminders import load_policy
from bot.reminders.delivery import claim_due
from store.db import make_engine, make_sessionmaker

async def main():
    maker = make_sessionmaker(make_engine(sys.argv[1]))
    claimed = await claim_due(maker, datetime.fromisoformat(sys.argv[2]), load_policy({}), worker_id="doomed")
    print(len(claimed), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main())
"""


async def test_worker_killed_between_claim_and_send_loses_nothing(office, db_url):
    await office.person("王主任", "office")
    await scheduled(office)
    now = at(D("2026-04-21"))
    proc = subprocess.run([sys.executable, "-c", KILLED, db_url, now.isoformat()], cwd=REPO,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == -9 and proc.stdout.strip() == "2", proc.stderr
    assert len(await office.reminders(status="claimed")) == 2
    assert await office.round(now + timedelta(minutes=1)) == []
    sent = await office.round(now + timedelta(seconds=office.policy.lease_seconds + 1))
    assert len(sent) == 2 and await office.outbox_count() == 2
    assert await office.round(now + timedelta(hours=2)) == []
    async with office.maker() as s:
        statuses = (await s.execute(select(Reminder.status, func.count()).where(
            Reminder.rule == "registration_due").group_by(Reminder.status))).all()
    assert dict(statuses) == {"sent": 2}
