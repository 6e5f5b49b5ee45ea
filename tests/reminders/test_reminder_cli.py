"""``pressbot remind`` and ``pressbot reminders``: JSON contract, dry runs, Chinese errors."""
import asyncio
import json
from datetime import date

from bot.cli import main
from bot.reminders import load_policy
from store.db import make_engine, make_sessionmaker
from tests.reminders.reminder_helpers import Office, at


async def cli(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))


async def test_remind_json_dry_run_then_real(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PRESSBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    assert await cli("reminders") == 1  # a read creates no database: it says how to make one
    assert not (tmp_path / "p.db").exists() and "pressbot demo" in capsys.readouterr().err
    assert await cli("db", "upgrade") == 0
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    office = Office(make_sessionmaker(engine), load_policy({}))
    await office.person("王主任", "office")
    await office.unit("县统计局", liaison="刘联络", director="马局长")
    eid = await office.event("县统计局", "经济运行情况", date(2026, 4, 1), date(2026, 4, 30), at(date(2026, 4, 14)))
    await office.change(eid, at(date(2026, 4, 14)), start_at=at(date(2026, 4, 24), 10), status="scheduled")
    capsys.readouterr()

    assert await cli("remind", "--now", "2026-04-21T09:00", "--dry-run", "--json") == 0
    preview = json.loads(capsys.readouterr().out)
    assert await office.outbox_count() == 0
    assert await cli("remind", "--now", "2026-04-21T09:00", "--json") == 0
    sent = json.loads(capsys.readouterr().out)
    assert sent == preview
    mine = [s for s in sent if s["event_id"] == eid]
    assert {(s["rule"], s["recipient"]) for s in mine} == {("registration_due", "刘联络"),
                                                          ("registration_due", "马局长")}
    assert set(sent[0]) == {"rule", "event_id", "recipient", "due_at", "text"}
    assert mine[0]["due_at"] == "2026-04-21T09:00:00+08:00"
    assert await cli("remind", "--now", "2026-04-21T09:30", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []

    assert await cli("reminders", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert {r["status"] for r in listed} == {"pending", "sent"}
    assert set(listed[0]) == {"key", "rule", "event_id", "recipient", "due_at", "status", "sent_at"}
    assert await cli("reminders") == 0
    assert "已发送 → 刘联络 【登记表到期】 活动编号" in capsys.readouterr().out
    await engine.dispose()


async def test_bad_now_and_bad_config_are_explained(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PRESSBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    assert await cli("remind", "--now", "明天上午") == 2
    assert "时间“明天上午”格式无效" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("[reminders]\nsend_hour = 25\n", encoding="utf-8")
    assert await cli("remind", "--config", str(bad)) == 2
    assert "send_hour" in capsys.readouterr().err


def test_every_reminder_kind_is_listed_in_chinese():
    """``pressbot reminders`` heads each line with the reminder's Chinese name, never its rule id:
    every reminder template has one, and it is the template's own heading."""
    import re
    from pathlib import Path

    from bot.cli.remind_cmds import RULE_LABELS

    folder = Path(__file__).resolve().parents[2] / "templates" / "reminders"
    for template in sorted(folder.glob("*.j2")):
        if template.stem == "merged":  # several reminders in one message: each keeps its own heading
            continue
        heading = re.search(r"【([^】]*)】", template.read_text(encoding="utf-8"))
        assert heading, template.name
        label = RULE_LABELS.get(template.stem)
        assert label, f"{template.stem} has no Chinese name in the listing"
        wanted = heading.group(1).replace("{{ event.kind }}", "活动")
        assert wanted.startswith(label), (template.stem, label, wanted)
