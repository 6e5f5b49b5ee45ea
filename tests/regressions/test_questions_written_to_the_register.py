"""Issue 15: bare noun phrases with a time were registered for the sender's unit, "发布会怎么报？"
was read as a query and a report of a held event with its date as a registration next year."""
from datetime import datetime
from pathlib import Path

import pytest

from bot.nlp import parse
from bot.nlp.units import UnitDirectory

NOW = datetime(2026, 4, 14, 9, 30)  # noqa: DTZ001 - the parser reads naive wall time
UNITS = UnitDirectory.from_file(Path(__file__).parent.parent / "data" / "nlu_examples_units.txt")


def run(text: str):
    return parse(text, now=NOW, sender_unit="区教育局", units=UNITS)


@pytest.mark.parametrize("text", ["下周的访谈", "后天的发布会几点", "三季度的发布会安排给我看看", "今年全部访谈的清单"])
def test_a_noun_phrase_with_a_time_is_a_question(text):
    assert run(text).route == "query.list"


def test_how_to_report_is_help():
    assert run("发布会怎么报？").route == "help"


def test_a_report_with_the_events_date_is_a_report_of_this_year():
    result = run("说一下情况：4月8日开的，来了三家媒体")
    assert (result.route, result.when.as_json()["start"]) == ("report", "2026-04-08")
