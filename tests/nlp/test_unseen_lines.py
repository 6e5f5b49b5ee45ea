"""Chat lines nobody tuned the parser on (tests/data/unseen_lines.txt), one case per line, by intent."""
from __future__ import annotations

import pytest

from bot.nlp import parse
from tests.nlp.unseen_table import FIELDS, read_cases

CASES = read_cases()


def test_the_table_is_read():
    groups = {case.group for case in CASES}
    assert groups == {"register", "query", "reschedule", "cancel", "report", "help", "other"}
    assert len(CASES) > 250


@pytest.mark.parametrize("case", CASES, ids=[f"{c.group}:{c.text}" for c in CASES])
def test_unseen_line(case, units):
    got = parse(case.text, now=case.now, sender_unit=case.sender, units=units).as_json()
    assert {name: got[name] for name in FIELDS} == case.expected
