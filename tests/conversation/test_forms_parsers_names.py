"""Who a registration form names as its responsible person: a name, not a sentence."""
from datetime import datetime

import pytest

from bot.forms.parsers import FieldError, FieldInput, parse_person_name

INP = FieldInput(now=datetime(2026, 4, 14, 9, 30))  # noqa: DTZ001 - the parser reads naive wall time


@pytest.mark.parametrize("text, name", [
    ("李明", "李明"), ("欧阳娜娜", "欧阳娜娜"), (" 王 建国 ", "王建国"), ("阿依古丽·买买提", "阿依古丽·买买提"),
    ("John Smith", "John Smith"),
])
def test_names_are_taken(text, name):
    assert parse_person_name(text, INP) == name


@pytest.mark.parametrize("text", ["秋季招生政策解读新闻发布会", "13800000000", "李", "科长：李明", ""])
def test_other_things_are_not_names(text):
    with pytest.raises(FieldError):
        parse_person_name(text, INP)
