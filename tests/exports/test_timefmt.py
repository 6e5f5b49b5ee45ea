"""Windows and times written as the office writes them; the expected text is the test id."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.timefmt import format_datetime, format_period, format_when, format_window

SHANGHAI = ZoneInfo("Asia/Shanghai")

WINDOWS = [
    ("2026年5月18日", (2026, 5, 18), (2026, 5, 18)),
    ("2026年5月", (2026, 5, 1), (2026, 5, 31)),
    ("2026年2月", (2026, 2, 1), (2026, 2, 28)),
    ("2026年5月上旬", (2026, 5, 1), (2026, 5, 10)),
    ("2026年5月中旬", (2026, 5, 11), (2026, 5, 20)),
    ("2026年5月下旬", (2026, 5, 21), (2026, 5, 31)),
    ("2026年2月下旬", (2026, 2, 21), (2026, 2, 28)),
    ("2026年4月中下旬", (2026, 4, 11), (2026, 4, 30)),
    ("2026年4月上中旬", (2026, 4, 1), (2026, 4, 20)),
    ("2026年一季度", (2026, 1, 1), (2026, 3, 31)),
    ("2026年二季度", (2026, 4, 1), (2026, 6, 30)),
    ("2026年三季度", (2026, 7, 1), (2026, 9, 30)),
    ("2026年四季度", (2026, 10, 1), (2026, 12, 31)),
    ("2026年上半年", (2026, 1, 1), (2026, 6, 30)),
    ("2026年下半年", (2026, 7, 1), (2026, 12, 31)),
    ("2026年全年", (2026, 1, 1), (2026, 12, 31)),
    ("2026年4月15日至16日", (2026, 4, 15), (2026, 4, 16)),
    ("2026年5月11日至17日", (2026, 5, 11), (2026, 5, 17)),
    ("2026年3月至5月", (2026, 3, 1), (2026, 5, 31)),
    ("2026年4月28日至5月3日", (2026, 4, 28), (2026, 5, 3)),
    ("2026年12月28日至2027年1月3日", (2026, 12, 28), (2027, 1, 3)),
]


@pytest.mark.parametrize(("expected", "start", "end"), WINDOWS, ids=[w[0] for w in WINDOWS])
def test_window(expected, start, end):
    assert format_window(date(*start), date(*end)) == expected


PERIODS = [
    ("2026年度", (2026, 1, 1), (2026, 12, 31)),
    ("2026年上半年", (2026, 1, 1), (2026, 6, 30)),
    ("2026年5月", (2026, 5, 1), (2026, 5, 31)),
    ("2026年1月1日至2027年6月30日", (2026, 1, 1), (2027, 6, 30)),
]


@pytest.mark.parametrize(("expected", "start", "end"), PERIODS, ids=[p[0] for p in PERIODS])
def test_period(expected, start, end):
    assert format_period(date(*start), date(*end)) == expected


def test_exact_time_is_shown_in_the_deployment_zone():
    utc = datetime(2026, 3, 18, 7, 0, tzinfo=UTC)
    assert format_datetime(utc, SHANGHAI) == "2026年3月18日 15:00"
    assert format_datetime(utc, ZoneInfo("Europe/Berlin")) == "2026年3月18日 08:00"


def test_late_evening_utc_is_the_next_day_in_shanghai():
    assert format_datetime(datetime(2026, 6, 30, 16, 30, tzinfo=UTC), SHANGHAI) == "2026年7月1日 00:30"


def test_exact_time_wins_over_the_window():
    window = (date(2026, 5, 11), date(2026, 5, 20))
    assert format_when(None, *window, SHANGHAI) == "2026年5月中旬"
    assert format_when(datetime(2026, 5, 12, 1, 30, tzinfo=UTC), *window, SHANGHAI) == "2026年5月12日 09:30"
