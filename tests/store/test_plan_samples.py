"""Both sample plans read completely and exactly: every row's unit, topic, window and speaker."""
from functools import lru_cache
from pathlib import Path

import pytest

from store.plan.rows import read_plan
from store.plan.tables import read_tables
from tests.store.plan_expected import SUIXI_INTERVIEWS, SUIXI_PRESS, TONGGUAN_PRESS

DATA = Path(__file__).parent.parent / "data"


@lru_cache
def rows_of(name: str) -> dict:
    plan = read_plan(read_tables(DATA / name))
    assert plan.errors == []
    return {(r.kind, r.seq): r for r in plan.rows}


CASES = (
    [("plan_suixi_2021.txt", "online_interview", row) for row in SUIXI_INTERVIEWS]
    + [("plan_suixi_2021.txt", "press_conference", row) for row in SUIXI_PRESS]
    + [("plan_tongguan_2024.txt", "press_conference", row) for row in TONGGUAN_PRESS]
)


@pytest.mark.parametrize("name, kind, expected", CASES,
                         ids=[f"{c[0][5:-9]}-{c[1][:5]}-{c[2][0]}-{c[2][1]}" for c in CASES])
def test_every_row(name, kind, expected):
    seq, unit, topic, start, end, speaker = expected
    row = rows_of(name)[(kind, seq)]
    assert (row.unit, row.co_units, row.topic) == (unit, [], topic)
    assert (row.start, row.end) == (start, end)
    assert row.speaker == speaker
    assert row.location is None


@pytest.mark.parametrize("name, counts, year", [
    ("plan_suixi_2021.txt", {"online_interview": 16, "press_conference": 20}, 2021),
    ("plan_tongguan_2024.txt", {"press_conference": 28}, 2024),
], ids=["suixi", "tongguan"])
def test_nothing_more_nothing_less(name, counts, year):
    rows = rows_of(name).values()
    assert {k: sum(r.kind == k for r in rows) for k in counts} == counts
    assert len(rows) == sum(counts.values())
    assert {r.plan_year for r in rows} == {year}


def test_policy_interpretations_get_their_subtype():
    rows = rows_of("plan_suixi_2021.txt")
    assert rows[("press_conference", 8)].subtype == "政策解读"
    assert rows[("press_conference", 15)].subtype == "政策解读"
    assert rows[("press_conference", 1)].subtype is None
