"""Every worked example of tests/data/nlu_examples.jsonl, one case per line."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from bot.nlp import parse

EXAMPLES_FILE = Path(__file__).parent.parent / "data" / "nlu_examples.jsonl"
EXAMPLES = [json.loads(line) for line in EXAMPLES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_all_examples_are_read():
    assert len(EXAMPLES) == 41


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["input"]["text"] for e in EXAMPLES])
def test_example(example, units):
    given = example["input"]
    result = parse(given["text"], now=datetime.fromisoformat(given["now"]), sender_unit=given["unit"], units=units)
    got = result.as_json()
    assert {key: got[key] for key in example["output"]} == example["output"]
