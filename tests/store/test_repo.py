"""Repository functions: history of every change, fuzzy-window questions, counts, due forms."""
from datetime import date, datetime, timedelta

import pytest

from bot.clock import DEFAULT_TZ
from store.models import InboundMessage, Person, RegistrationForm
from store.repo import (
    add_event,
    event_history,
    events_missing_registration,
    events_overlapping,
    unit_counts,
    update_event,
)
from store.units import resolve_unit

NOW = datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ)
MAY = (date(2026, 5, 1), date(2026, 5, 31))


async def _event(session, unit_name="区教育局", start=date(2026, 5, 11), end=date(2026, 5, 20), **kw):
    unit = await resolve_unit(session, unit_name)
    kw.setdefault("kind", "press_conference")
    return await add_event(session, unit=unit, window_start=start, window_end=end, now=NOW,
                           actor="张三", **kw)


async def test_add_event_records_who_created_it(session):
    event = await _event(session, topic="秋季招生政策解读")
    await session.commit()
    history = await event_history(session, event.id)
    assert [(h.field, h.actor) for h in history] == [("created", "张三")]
    assert "秋季招生政策解读" in history[0].new_value
    assert history[0].at == NOW


async def test_update_records_one_change_per_field_with_its_message(session):
    person = Person(platform="wecom", user_id="zs", name="张三")
    inbound = InboundMessage(platform="wecom", message_id="m1", user_id="zs", text="改到5月18日下午3点",
                             received_at=NOW)
    session.add_all([person, inbound])
    event = await _event(session)
    later = NOW + timedelta(hours=1)
    start_at = datetime(2026, 5, 18, 15, 0, tzinfo=DEFAULT_TZ)
    changes = await update_event(session, event, {"start_at": start_at, "location": "新闻发布厅", "topic": event.topic},
                                 actor="张三", person_id=person.id, inbound_id=inbound.id, now=later)
    await session.commit()
    history = await event_history(session, event.id)
    fields = {h.field: h for h in history}
    assert [c.field for c in changes] == ["window_start", "window_end", "start_at", "location"]
    assert fields["window_start"].old_value == "2026-05-11" and fields["window_start"].new_value == "2026-05-18"
    assert fields["window_end"].new_value == "2026-05-18"
    assert fields["location"].old_value is None and fields["location"].new_value == "新闻发布厅"
    assert all(h.inbound_id == inbound.id and h.person_id == person.id and h.at == later for h in changes)
    assert "topic" not in fields  # unchanged values leave no trace
    assert event.updated_at == later


async def test_update_with_nothing_new_writes_no_history(session):
    event = await _event(session, topic="招生")
    assert await update_event(session, event, {"topic": "招生"}, actor="x", now=NOW) == []


async def test_update_rejects_unknown_fields_and_reversed_windows(session):
    event = await _event(session)
    with pytest.raises(ValueError):
        await update_event(session, event, {"id": 5}, actor="x", now=NOW)
    with pytest.raises(ValueError):
        await update_event(session, event, {"window_end": date(2026, 5, 1)}, actor="x", now=NOW)


async def test_co_units_change_is_recorded_by_name(session):
    event = await _event(session, "市财政局")
    other = await resolve_unit(session, "市农业农村局")
    changes = await update_event(session, event, {"co_units": [other]}, actor="x", now=NOW)
    assert [(c.field, c.old_value, c.new_value) for c in changes] == [("co_units", "", "市农业农村局")]


async def test_fuzzy_windows_overlap_the_month_asked(session):
    mid_may = await _event(session, "区教育局", date(2026, 5, 11), date(2026, 5, 20))
    q2 = await _event(session, "区统计局", date(2026, 4, 1), date(2026, 6, 30))
    year = await _event(session, "区民政局", date(2026, 1, 1), date(2026, 12, 31))
    await _event(session, "区财政局", date(2026, 4, 1), date(2026, 4, 30))
    await _event(session, "区商务局", date(2026, 6, 1), date(2026, 6, 10))
    await _event(session, "区民政局", date(2025, 5, 1), date(2025, 5, 31))
    await session.commit()
    found = await events_overlapping(session, *MAY)
    assert [e.id for e in found] == [year.id, q2.id, mid_may.id]  # by date


async def test_overlap_filters_by_unit_kind_and_status(session):
    a = await _event(session, "区教育局")
    b = await _event(session, "区教育局", kind="online_interview")
    c = await _event(session, "区统计局", status="cancelled")
    await session.commit()
    assert [e.id for e in await events_overlapping(session, *MAY, unit_id=a.unit_id)] == [a.id, b.id]
    assert [e.id for e in await events_overlapping(session, *MAY, kind="online_interview")] == [b.id]
    assert [e.id for e in await events_overlapping(session, *MAY, statuses=["cancelled"])] == [c.id]


async def test_unit_counts_per_year_and_half(session):
    await _event(session, "区教育局", date(2026, 3, 1), date(2026, 3, 31), status="held")
    await _event(session, "区教育局", date(2026, 9, 1), date(2026, 9, 30))
    await _event(session, "区教育局", date(2026, 10, 1), date(2026, 10, 31), status="cancelled")
    await _event(session, "区教育局", date(2026, 5, 1), date(2026, 5, 31), kind="online_interview")
    await _event(session, "区统计局", date(2025, 5, 1), date(2025, 5, 31))
    await resolve_unit(session, "韩村镇")
    await session.commit()
    counts = {c.name: c for c in await unit_counts(session, 2026)}
    assert (counts["区教育局"].total, counts["区教育局"].held, counts["区教育局"].is_key) == (2, 1, True)
    assert counts["区统计局"].total == 0 and counts["韩村镇"].total == 0  # every unit listed
    assert counts["韩村镇"].is_key is False
    first_half = {c.name: c.total for c in await unit_counts(session, 2026, half=1)}
    assert first_half["区教育局"] == 1
    talks = {c.name: c.total for c in await unit_counts(session, 2026, kind="online_interview")}
    assert talks["区教育局"] == 1


async def test_events_missing_registration(session):
    today = date(2026, 5, 15)
    due = await _event(session, "区教育局", date(2026, 5, 17), date(2026, 5, 17))
    drafted = await _event(session, "区统计局", date(2026, 5, 16), date(2026, 5, 16))
    sent = await _event(session, "区民政局", date(2026, 5, 16), date(2026, 5, 16))
    await _event(session, "区财政局", date(2026, 5, 30), date(2026, 5, 30))  # later than asked
    await _event(session, "区商务局", date(2026, 5, 16), date(2026, 5, 16), status="cancelled")
    session.add(RegistrationForm(event_id=drafted.id, title="草稿"))
    session.add(RegistrationForm(event_id=sent.id, title="已报", submitted_at=NOW))
    await session.commit()
    missing = await events_missing_registration(session, today, 3)
    assert [e.id for e in missing] == [drafted.id, due.id]
