"""``store.rules.nearest_named``: of the windows a fuzzy time may mean, the one whose event is nearest."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from store.rules import days_from, nearest_named


@dataclass(frozen=True)
class E:
    name: str
    window_start: date
    window_end: date


OCT_26 = E("oct26", date(2026, 10, 1), date(2026, 10, 31))
OCT_27 = E("oct27", date(2027, 10, 1), date(2027, 10, 31))
DEC_10 = date(2026, 12, 10)

CASES = {
    "only next year's has one": ([[], [OCT_27]], DEC_10, 0, ["oct27"]),
    "only this year's has one": ([[OCT_26], []], DEC_10, 1, ["oct26"]),
    "the nearer of two": ([[OCT_26], [OCT_27]], DEC_10, 1, ["oct26"]),
    "the nearer even ahead": ([[OCT_26], [OCT_27]], date(2027, 8, 1), 0, ["oct27"]),
    "none anywhere": ([[], []], DEC_10, 0, []),
    "a tie goes to the parser's reading": ([[E("a", date(2026, 12, 5), date(2026, 12, 5))],
                                            [E("b", date(2026, 12, 15), date(2026, 12, 15))]], DEC_10, 0, ["a"]),
    "a tie without the parser's goes later": ([[E("a", date(2026, 12, 5), date(2026, 12, 5))],
                                               [E("b", date(2026, 12, 15), date(2026, 12, 15))],
                                               [E("c", date(2027, 12, 15), date(2027, 12, 15))]], DEC_10, 2, ["b"]),
    "every event of the window chosen": ([[OCT_26, E("late", date(2026, 10, 20), date(2026, 10, 31))], [OCT_27]],
                                         DEC_10, 1, ["oct26", "late"]),
}


@pytest.mark.parametrize("found,today,preferred,expected", CASES.values(), ids=CASES.keys())
def test_nearest_named(found, today, preferred, expected):
    assert [e.name for e in nearest_named(found, today, preferred)] == expected


@pytest.mark.parametrize("start,end,today,days", [
    (date(2026, 10, 1), date(2026, 10, 31), date(2026, 10, 15), 0),
    (date(2026, 10, 1), date(2026, 10, 31), date(2026, 12, 10), 40),
    (date(2027, 1, 11), date(2027, 1, 20), date(2026, 12, 10), 32),
])
def test_days_from(start, end, today, days):
    assert days_from(start, end, today) == days
