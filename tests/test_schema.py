"""The schema creates on both backends and keeps times aware and in UTC."""
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.clock import DEFAULT_TZ
from store.models import Event, Unit


async def test_event_roundtrip_keeps_utc(session):
    now = datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ)
    unit = Unit(name="区教育局", aliases=["教育局"])
    session.add(unit)
    await session.flush()
    session.add(Event(kind="press_conference", unit_id=unit.id, window_start=date(2026, 5, 11),
                      window_end=date(2026, 5, 20), start_at=now, created_at=now, updated_at=now))
    await session.commit()
    session.expunge_all()
    ev = (await session.execute(select(Event))).scalar_one()
    assert ev.start_at == now
    assert ev.start_at.utcoffset() == timedelta(0)
    assert ev.start_at.tzinfo == UTC
    assert ev.unit.name == "区教育局"
    assert ev.topic == "待定"
