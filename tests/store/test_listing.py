"""pressbot events / units: what the office sees, and the JSON contract of events."""
import asyncio
import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from bot.clock import DEFAULT_TZ
from store.db import make_engine, make_sessionmaker
from store.models import Event
from store.repo import update_event

TONGGUAN = Path(__file__).parent.parent / "data" / "plan_tongguan_2024.txt"
KEYS = {"id", "unit", "co_units", "kind", "topic", "when", "start_at", "location", "speaker", "status",
        "materials", "approval", "publications"}  # the procedure's facts (issue 12): added, none renamed


def _schedule(url, seq, when):
    async def run():
        engine = make_engine(url)
        async with make_sessionmaker(engine)() as s:
            event = (await s.execute(select(Event).where(Event.plan_seq == seq))).scalar_one()
            await update_event(s, event, {"start_at": when, "status": "scheduled"}, actor="x", now=when)
            await s.commit()
        await engine.dispose()
    asyncio.run(run())


def test_events_json_contract_for_a_month(cli):
    assert cli("import-plan", TONGGUAN, "--create-units").code == 0
    _schedule(cli.url, 4, datetime(2024, 5, 20, 15, 0, tzinfo=DEFAULT_TZ))
    run = cli("events", "--from", "2024-05-01", "--to", "2024-05-31", "--json")
    assert run.code == 0
    events = json.loads(run.out)
    assert all(set(e) == KEYS for e in events)
    assert [(e["when"]["start"], e["unit"]) for e in events] == [
        ("2024-04-01", "发改委"), ("2024-04-01", "市监局"), ("2024-05-01", "卫健委"),
        ("2024-05-01", "统计局"), ("2024-05-20", "教育局"),
    ]
    scheduled = events[-1]
    assert scheduled["start_at"] == "2024-05-20T15:00:00+08:00"
    assert scheduled["status"] == "scheduled" and scheduled["speaker"] == "党工委委员、总督学 王胜利"


def test_events_for_one_unit_by_any_spelling(cli):
    assert cli("import-plan", TONGGUAN, "--create-units").code == 0
    run = cli("events", "--unit", "区市场监督管理局", "--json")
    assert [e["when"]["start"] for e in json.loads(run.out)] == ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]
    run = cli("events", "--unit", "区宣传部")
    assert run.code != 0 and "区宣传部" in run.err


def test_events_text_and_bad_date(cli):
    assert cli("import-plan", TONGGUAN, "--create-units").code == 0
    run = cli("events", "--from", "2024-12")
    assert run.code == 0 and "根治欠薪工作" in run.out and "稳就业" not in run.out
    run = cli("events", "--from", "2024-13-01")
    assert run.code != 0 and "2024-13-01" in run.err


def test_units_lists_key_flags_and_counts(cli):
    assert cli("import-plan", TONGGUAN, "--create-units").code == 0
    run = cli("units", "--year", "2024", "--json")
    units = {u["name"]: u for u in json.loads(run.out)}
    assert units["市监局"]["press_conferences"] == 4 and units["市监局"]["is_key"] is True
    assert units["农业农村水利局"]["is_key"] is True
    text = cli("units", "--year", "2024").out
    assert "统计局  重点  2024年 发布会 3 场" in text
