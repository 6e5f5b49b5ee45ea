"""Working days: holidays, make-up workdays, quiet days, and the fallback for uncovered years."""
import logging
from datetime import date, timedelta

import pytest

from bot.reminders.calendar import WorkCalendar


@pytest.mark.parametrize("day, expected", [
    ("2026-10-01", "2026-09-30"),  # National Day → the Wednesday before
    ("2026-10-07", "2026-09-30"),
    ("2026-09-25", "2026-09-24"),  # Mid-Autumn Festival, a Friday
    ("2026-10-10", "2026-10-10"),  # make-up Saturday is a working day
    ("2026-09-20", "2026-09-20"),  # make-up Sunday
    ("2026-04-18", "2026-04-17"),  # plain Saturday
    ("2021-05-03", "2021-04-30"),
], ids=lambda v: v)
def test_previous_workday(day, expected):
    assert WorkCalendar().previous_workday(date.fromisoformat(day)) == date.fromisoformat(expected)


def test_next_workday_skips_the_whole_holiday():
    assert WorkCalendar().next_workday(date(2026, 10, 1)) == date(2026, 10, 8)


def test_quiet_days_are_not_working_days():
    cal = WorkCalendar(quiet_days=[date(2026, 5, 6)])
    assert not cal.is_workday(date(2026, 5, 6))
    assert cal.previous_workday(date(2026, 5, 6)) == date(2026, 4, 30)  # 5/1-5/5 Labour Day


def test_uncovered_year_falls_back_to_weekends_with_one_warning(caplog):
    cal = WorkCalendar()
    with caplog.at_level(logging.WARNING, logger="bot.reminders.calendar"):
        assert cal.check_years([2026, 2027]) == [2027]
        days = [date(2027, 1, 1) + timedelta(days=i) for i in range(365)]
        workdays = [d for d in days if cal.is_workday(d)]
    assert len(workdays) == 261  # Monday to Friday, 2027-10-01 included
    assert date(2027, 10, 1) in workdays
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "2027" in warnings[0].getMessage()


def test_covered_years_give_no_warning(caplog):
    with caplog.at_level(logging.WARNING):
        assert WorkCalendar().check_years([2024, 2025, 2026]) == []
    assert not caplog.records
