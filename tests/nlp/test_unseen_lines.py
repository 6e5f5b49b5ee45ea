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


WRITES = ("register", "reschedule", "cancel", "report")


@pytest.mark.parametrize("case", [c for c in CASES if c.group in ("query", "help", "other")],
                         ids=lambda c: c.text)
def test_a_question_never_writes(case, units):
    result = parse(case.text, now=case.now, sender_unit=case.sender, units=units)
    assert not (result.route in WRITES and result.sure)
