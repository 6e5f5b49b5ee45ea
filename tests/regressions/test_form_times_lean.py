"""In a statistics form "10月28日上午9点" for a held event became next year, and the registration
form took a time already past: each form now reads times its own way (issue 15, item 4)."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.clock import DEFAULT_TZ
from bot.forms.parsers import FieldError, FieldInput, parse_exact_time, parse_held_time

DECEMBER = FieldInput(now=datetime(2026, 12, 1, 10, 0, tzinfo=DEFAULT_TZ))


@pytest.mark.parametrize("text, held", [
    ("10月28日上午9点", "2026-10-28T09:00"), ("11月30日下午3点半", "2026-11-30T15:30"),
    ("今天上午9点", "2026-12-01T09:00"), ("昨天下午两点", "2026-11-30T14:00"),
    ("2026年3月18日15:00", "2026-03-18T15:00"), ("上周五上午十点", "2026-11-27T10:00"),
])
def test_the_statistics_form_reads_the_held_time_backwards(text, held):
    assert parse_held_time(text, DECEMBER).startswith(held)


@pytest.mark.parametrize("text", ["明天下午3点", "2027年1月5日9:00", "今天下午5点"])
def test_the_statistics_form_refuses_a_time_still_ahead(text):
    with pytest.raises(FieldError) as refused:
        parse_held_time(text, DECEMBER)
    assert refused.value.template.endswith("error_time_ahead.j2")


@pytest.mark.parametrize("text, when", [
    ("1月10日上午9点", "2027-01-10T09:00"), ("12月18日下午3点", "2026-12-18T15:00"),
    ("下周三下午3点", "2026-12-09T15:00"),
])
def test_the_registration_form_reads_the_time_forwards(text, when):
    assert parse_exact_time(text, DECEMBER).startswith(when)


@pytest.mark.parametrize("text", ["昨天下午3点", "2026年11月20日上午9点", "今天上午9点"])
def test_the_registration_form_refuses_a_time_already_past(text):
    with pytest.raises(FieldError) as refused:
        parse_exact_time(text, DECEMBER)
    assert refused.value.template.endswith("error_time_passed.j2")
