"""``readings``: every window a time may mean when its year, month or week is unsaid."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.clock import DEFAULT_TZ
from bot.nlp import UnitDirectory, parse
from bot.nlp.times import find_time

DEC = datetime(2026, 12, 10, 9, 0, tzinfo=DEFAULT_TZ)
JAN = datetime(2027, 1, 6, 9, 0, tzinfo=DEFAULT_TZ)
APR = datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ)


def starts(text: str, now: datetime) -> list[date]:
    found = find_time(text, now, readings=True)
    assert found is not None
    return [r.start if isinstance(r.start, date) and not isinstance(r.start, datetime) else r.start.date()
            for r in found.readings]


@pytest.mark.parametrize("text,now,expected", [
    ("10月份", DEC, [date(2026, 10, 1), date(2027, 10, 1)]),
    ("十月", DEC, [date(2026, 10, 1), date(2027, 10, 1)]),
    ("12月28日", JAN, [date(2026, 12, 28), date(2027, 12, 28)]),
    ("12月中旬", JAN, [date(2026, 12, 11), date(2027, 12, 11)]),
    ("四季度", JAN, [date(2026, 10, 1), date(2027, 10, 1)]),
    ("1月-2月", APR, [date(2026, 1, 1), date(2027, 1, 1)]),
    ("3月-6月", APR, []),  # going on now: only this one
    ("10号", APR, [date(2026, 4, 10), date(2026, 5, 10)]),
    ("上旬", APR, [date(2026, 4, 1), date(2026, 5, 1)]),
    ("20号下午3点", APR, [date(2026, 3, 20), date(2026, 4, 20)]),
    ("周一", APR, [date(2026, 4, 13), date(2026, 4, 20)]),
], ids=lambda v: v if isinstance(v, str) else None)
def test_every_reading_in_time_order(text, now, expected):
    assert starts(text, now) == expected


@pytest.mark.parametrize("text", ["明年3月", "2026年10月", "下个月", "今年12月", "本周五", "4月份"])
def test_a_time_that_can_mean_one_window_has_no_readings(text):
    assert starts(text, APR) == []


def test_readings_are_left_out_unless_asked():
    assert find_time("10月份", DEC).readings == ()


UNITS = UnitDirectory([("区教育局", [])])


@pytest.mark.parametrize("text,field", [
    ("我局10月份的发布会改到明年1月中旬", "old_when"),
    ("取消我局10月份的发布会", "old_when"),
    ("10月份那场访谈不办了", "old_when"),
    ("10月28日开的那场发布会，来了5家媒体", "when"),
])
def test_the_time_naming_an_event_carries_its_readings(text, field):
    parsed = parse(text, now=DEC, sender_unit="区教育局", units=UNITS)
    assert len(getattr(parsed, field).readings) == 2, parsed


def test_a_registration_keeps_no_readings():
    parsed = parse("我局10月份开发布会", now=DEC, sender_unit="区教育局", units=UNITS)
    assert parsed.route == "register" and parsed.when.readings == ()
