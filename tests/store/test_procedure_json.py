"""``pressbot events --json`` carries each event's material files, approval steps and 预告/实录."""
from __future__ import annotations

import asyncio
import json
from datetime import date, datetime

from bot.clock import DEFAULT_TZ
from store.db import make_engine, make_sessionmaker
from store.models import ApprovalStep, Event, Material, Publication, Unit

NOW = datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ)


def _seed(url: str) -> None:
    async def run() -> None:
        engine = make_engine(url)
        async with make_sessionmaker(engine)() as s, s.begin():
            unit = Unit(name="区教育局", aliases=[])
            s.add(unit)
            await s.flush()
            event = Event(kind="press_conference", unit_id=unit.id, topic="招生政策解读",
                          window_start=date(2026, 4, 20), window_end=date(2026, 4, 20), created_at=NOW, updated_at=NOW)
            s.add(event)
            await s.flush()
            s.add_all([
                Material(event_id=event.id, kind="press_release", name="通稿.docx", media_type="application/x", size=10,
                         sha256="ab" * 32, content=b"0123456789", facts={"chars": 859}, received_at=NOW),
                ApprovalStep(event_id=event.id, round=1, seq=1, name="单位负责人", mode="approve", assignees=[],
                             status="approved", opinion="同意", decided_name="赵六", decided_at=NOW),
                ApprovalStep(event_id=event.id, round=1, seq=2, name="宣传部", mode="copy", assignees=[],
                             status="waiting"),
                Publication(event_id=event.id, item="preview", published_at=NOW, link="https://x.gov.cn/1",
                            contents=[]),
            ])
        await engine.dispose()

    asyncio.run(run())


def test_events_json_has_the_procedure_under_new_keys(cli):
    assert cli("db", "upgrade").code == 0
    _seed(cli.url)

    [event] = json.loads(cli("events", "--json").out)

    assert event["topic"] == "招生政策解读" and event["status"] == "planned"  # the old keys as they were
    assert event["materials"] == [{"kind": "press_release", "name": "通稿.docx", "size": 10, "sha256": "ab" * 32,
                                   "received_at": "2026-04-14T09:30:00+08:00", "chars": 859, "qa_pairs": None}]
    assert [(s["step"], s["status"], s["opinion"], s["by"]) for s in event["approval"]] == [
        ("单位负责人", "approved", "同意", "赵六"), ("宣传部", "waiting", None, None)]
    assert event["publications"] == {"preview": {"published_at": "2026-04-14T09:30:00+08:00",
                                                 "link": "https://x.gov.cn/1", "contents": []}}
