"""Holidays: the day itself, the official rest period (期间/假期), 节前/节后 and the weeks after."""
from __future__ import annotations

from datetime import date

import pytest

from bot.nlp import holidays
from bot.nlp.holidays import CalendarGaps, load_schedule, schedule_warning
from tests.nlp.timecase import DEC, SPRING, table, whole


@table([
    ("元旦", "2027-01-01", "2027-01-01"),
    ("春节", "2027-02-06", "2027-02-06"),
    ("清明", "2027-04-05", "2027-04-05"),
    ("清明节", "2027-04-05", "2027-04-05"),
    ("劳动节", "2026-05-01", "2026-05-01"),
    ("五一", "2026-05-01", "2026-05-01"),
    ("五一劳动节", "2026-05-01", "2026-05-01"),
    ("青年节", "2026-05-04", "2026-05-04"),
    ("五四青年节", "2026-05-04", "2026-05-04"),
    ("端午", "2026-06-19", "2026-06-19"),
    ("端午节", "2026-06-19", "2026-06-19"),
    ("中秋", "2026-09-25", "2026-09-25"),
    ("中秋节", "2026-09-25", "2026-09-25"),
    ("国庆", "2026-10-01", "2026-10-01"),
    ("国庆节", "2026-10-01", "2026-10-01"),
    ("十一", "2026-10-01", "2026-10-01"),
    ("妇女节", "2027-03-08", "2027-03-08"),
    ("三八妇女节", "2027-03-08", "2027-03-08"),
    ("三八节", "2027-03-08", "2027-03-08"),
    ("植树节", "2027-03-12", "2027-03-12"),
    ("儿童节", "2026-06-01", "2026-06-01"),
    ("六一儿童节", "2026-06-01", "2026-06-01"),
    ("六一", "2026-06-01", "2026-06-01"),
    ("建党节", "2026-07-01", "2026-07-01"),
    ("七一", "2026-07-01", "2026-07-01"),
    ("建军节", "2026-08-01", "2026-08-01"),
    ("八一建军节", "2026-08-01", "2026-08-01"),
    ("教师节", "2026-09-10", "2026-09-10"),
    ("记者节", "2026-11-08", "2026-11-08"),
    ("国家宪法日", "2026-12-04", "2026-12-04"),
    ("七夕", "2026-08-19", "2026-08-19"),
    ("七夕节", "2026-08-19", "2026-08-19"),
    ("重阳", "2026-10-18", "2026-10-18"),
    ("重阳节", "2026-10-18", "2026-10-18"),
    ("元宵", "2027-02-20", "2027-02-20"),
    ("元宵节", "2027-02-20", "2027-02-20"),
    ("除夕", "2027-02-05", "2027-02-05"),
    ("腊八", "2027-01-15", "2027-01-15"),
    ("冬至", "2026-12-22", "2026-12-22"),
    ("今年春节", "2026-02-17", "2026-02-17"),
    ("明年春节", "2027-02-06", "2027-02-06"),
    ("2027年中秋节", "2027-09-15", "2027-09-15"),
    ("明年的国庆节", "2027-10-01", "2027-10-01"),
])
def test_a_holiday_is_its_day_the_next_one_not_passed(text, start, end):
    assert whole(text) == (start, end)


@table([
    ("五一期间", "2026-05-01", "2026-05-05"),
    ("五一假期", "2026-05-01", "2026-05-05"),
    ("劳动节假期", "2026-05-01", "2026-05-05"),
    ("十一期间", "2026-10-01", "2026-10-07"),
    ("十一长假", "2026-10-01", "2026-10-07"),
    ("国庆假期", "2026-10-01", "2026-10-07"),
    ("国庆黄金周", "2026-10-01", "2026-10-07"),
    ("国庆中秋假期", "2026-10-01", "2026-10-07"),
    ("端午假期", "2026-06-19", "2026-06-21"),
    ("中秋节期间", "2026-09-25", "2026-09-27"),
    ("五一前", "2026-04-24", "2026-04-30"),
    ("五一节前", "2026-04-24", "2026-04-30"),
    ("国庆节前", "2026-09-24", "2026-09-30"),
    ("国庆节后", "2026-10-08", "2026-10-14"),
    ("国庆节后第一周", "2026-10-08", "2026-10-11"),
    ("十一后第一周", "2026-10-08", "2026-10-11"),
    ("国庆节后第二周", "2026-10-12", "2026-10-18"),
    ("端午节后", "2026-06-22", "2026-06-28"),
    ("国庆节前一天", "2026-09-30", "2026-09-30"),
    ("中秋节后一天", "2026-09-26", "2026-09-26"),
    ("元旦前一天", "2026-12-31", "2026-12-31"),
])
def test_rest_periods_and_before_and_after(text, start, end):
    assert whole(text) == (start, end)


@table([
    ("9月10日教师节当天下午三点", "2026-09-10T15:00", "2026-09-10T15:00"),
    ("教师节当天上午10点", "2026-09-10T10:00", "2026-09-10T10:00"),
    ("中秋节下午3点", "2026-09-25T15:00", "2026-09-25T15:00"),
    ("国庆节当天", "2026-10-01", "2026-10-01"),
    ("六一儿童节上午九点半", "2026-06-01T09:30", "2026-06-01T09:30"),
])
def test_a_holiday_takes_a_time_of_day(text, start, end):
    assert whole(text) == (start, end)


@table([
    ("春节", "2026-02-17", "2026-02-17"),
    ("春节期间", "2026-02-15", "2026-02-23"),
    ("春节假期", "2026-02-15", "2026-02-23"),
    ("春节前", "2026-02-08", "2026-02-14"),
    ("春节后", "2026-02-24", "2026-03-02"),
    ("春节后第一周", "2026-02-24", "2026-03-01"),
    ("节后第一周", "2026-02-24", "2026-03-01"),
    ("节后", "2026-02-24", "2026-03-02"),
    ("节前", "2026-02-08", "2026-02-14"),
    ("除夕", "2026-02-16", "2026-02-16"),
    ("大年初一", "2026-02-17", "2026-02-17"),
    ("正月初八", "2026-02-24", "2026-02-24"),
    ("正月十五", "2026-03-03", "2026-03-03"),
    ("元宵节", "2026-03-03", "2026-03-03"),
    ("清明节期间", "2026-04-04", "2026-04-06"),
    ("元旦", "2027-01-01", "2027-01-01"),
])
def test_near_spring_festival(text, start, end):
    assert whole(text, now=SPRING) == (start, end)


@table([
    ("元旦", "2027-01-01", "2027-01-01"),
    ("元旦前", "2026-12-25", "2026-12-31"),
    ("春节", "2027-02-06", "2027-02-06"),
    ("除夕", "2027-02-05", "2027-02-05"),
    ("国庆", "2027-10-01", "2027-10-01"),
    ("冬至", "2026-12-22", "2026-12-22"),
])
def test_in_december(text, start, end):
    assert whole(text, now=DEC) == (start, end)


@table([
    ("国庆期间", "2026-10-01", "2026-10-07"),
    ("中秋节", "2026-09-25", "2026-09-25"),
    ("春节", "2026-02-17", "2026-02-17"),
])
def test_holidays_lean_past_for_what_was_held(text, start, end):
    assert whole(text, now=DEC, lean="past") == (start, end)


NOT_HOLIDAYS = [
    ("十一月", "2026-10-01"), ("十一日", "2026-10-01"), ("十一点", "2026-10-01"), ("十一五规划", "2026-10-01"),
    ("第十一期", "2026-10-01"), ("五一广场", "2026-05-01"), ("八一路", "2026-08-01"), ("六一中学", "2026-06-01"),
    ("七一二厂", "2026-07-01"),
]


@pytest.mark.parametrize("text,holiday", NOT_HOLIDAYS, ids=[r[0] for r in NOT_HOLIDAYS])
def test_words_that_contain_a_holiday_name_are_not_the_holiday(text, holiday):
    found = whole(text)
    assert found is None or found[0] != holiday


def test_a_year_chinesecalendar_does_not_know_follows_the_configured_schedule():
    rest = ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
            "2027-02-12"]
    gaps = load_schedule(CalendarGaps(), holidays=rest, workdays=["2027-02-20"])
    now = SPRING.replace(year=2027, month=1, day=20)
    assert whole("春节期间", now=now) == ("2027-02-05", "2027-02-11")  # without it: 除夕 to 初六
    previous = holidays.configure(gaps)
    try:
        assert whole("春节期间", now=now) == ("2027-02-05", "2027-02-12")
        assert whole("春节后", now=now) == ("2027-02-15", "2027-02-21")
        assert holidays.is_workday(date(2027, 2, 20)) and not holidays.is_workday(date(2027, 2, 8))
    finally:
        holidays.configure(previous)


def test_the_warning_names_the_unknown_year_and_how_to_supply_it():
    text = schedule_warning(date(2027, 1, 5), CalendarGaps())
    assert text is not None and "2027" in text and "[calendar]" in text
    assert "holidays = [" in text and "workdays = [" in text
    assert schedule_warning(date(2026, 1, 5), CalendarGaps()) is None


def test_a_configured_year_silences_the_warning():
    gaps = load_schedule(CalendarGaps(), holidays=["2027-01-01"], workdays=[])
    assert schedule_warning(date(2027, 1, 5), gaps) is None


def test_bad_configured_dates_are_refused_with_the_value():
    with pytest.raises(ValueError, match="2027-02-30"):
        load_schedule(CalendarGaps(), holidays=["2027-02-30"], workdays=[])


def test_the_config_table_is_read_and_checked():
    gaps = holidays.gaps_from_config({"holidays": ["2027-10-01", "2027-10-02"], "workdays": ["2027-09-26"]})
    assert date(2027, 10, 1) in gaps.holidays and date(2027, 9, 26) in gaps.workdays
    with pytest.raises(ValueError, match="holiday"):
        holidays.gaps_from_config({"holiday": ["2027-10-01"]})
    with pytest.raises(ValueError, match="列表"):
        holidays.gaps_from_config({"holidays": "2027-10-01"})


def test_the_reminders_calendar_follows_the_configured_year(caplog):
    import logging

    from bot.reminders.calendar import WorkCalendar
    previous = holidays.configure(holidays.gaps_from_config({"holidays": ["2027-10-01"], "workdays": ["2027-09-26"]}))
    try:
        cal = WorkCalendar()
        with caplog.at_level(logging.WARNING, logger="bot.reminders.calendar"):
            assert cal.check_years([2026, 2027]) == []
        assert not cal.is_workday(date(2027, 10, 1)) and cal.is_workday(date(2027, 9, 26))  # a Friday off, a Sunday on
        assert not caplog.records
    finally:
        holidays.configure(previous)


def test_the_reminders_warning_says_how_to_configure(caplog):
    import logging

    from bot.reminders.calendar import WorkCalendar
    with caplog.at_level(logging.WARNING, logger="bot.reminders.calendar"):
        WorkCalendar().check_years([2026, 2027])
    message = caplog.records[-1].getMessage()
    assert "[calendar]" in message and "holidays = [" in message and "workdays = [" in message


@table([
    ("国庆前后", "2026-09-24", "2026-10-14"),
    ("五一假期后第一周", "2026-05-06", "2026-05-10"),
    ("今年国庆节后第一个工作日", "2026-10-08", "2026-10-08"),
    ("节后第一个工作日", "2026-05-06", "2026-05-06"),
    ("中秋国庆期间", "2026-10-01", "2026-10-07"),
    ("五一小长假", "2026-05-01", "2026-05-05"),
    ("端午节当天上午9点", "2026-06-19T09:00", "2026-06-19T09:00"),
    ("农历八月十五", "2026-09-25", "2026-09-25"),
    ("农历二月初二", "2027-03-09", "2027-03-09"),
    ("正月初八", "2027-02-13", "2027-02-13"),
    ("大年三十", "2027-02-05", "2027-02-05"),
    ("腊月二十三", "2027-01-30", "2027-01-30"),
    ("明年五一", "2027-05-01", "2027-05-01"),
])
def test_more_holiday_phrases(text, start, end):
    assert whole(text) == (start, end)


@table([
    ("国庆节以后", "2026-10-08", "2026-10-14"),
    ("春节以前", "2027-01-29", "2027-02-04"),
    ("国庆放假后", "2026-10-08", "2026-10-14"),
    ("年前", "2027-01-29", "2027-02-04"),
    ("年后", "2027-02-12", "2027-02-18"),
    ("过年期间", "2027-02-05", "2027-02-11"),
])
def test_before_and_after_in_other_words(text, start, end):
    assert whole(text) == (start, end)


@table([
    ("年前", "2026-02-08", "2026-02-14"),
    ("年后", "2026-02-24", "2026-03-02"),
    ("年后第一周", "2026-02-24", "2026-03-01"),
])
def test_the_new_year_near_spring_festival_is_spring_festival(text, start, end):
    assert whole(text, now=SPRING) == (start, end)


@pytest.mark.parametrize("text", ["三年前", "多年前", "十年前", "几年后", "百年前"])
def test_years_ago_are_not_spring_festival(text):
    found = whole(text)
    assert found is None or "02-" not in found[0]


@table([
    ("母亲节", "2026-05-10", "2026-05-10"),
    ("父亲节", "2026-06-21", "2026-06-21"),
    ("感恩节", "2026-11-26", "2026-11-26"),
    ("全民国家安全教育日", "2026-04-15", "2026-04-15"),
    ("世界读书日", "2026-04-23", "2026-04-23"),
    ("世界环境日", "2026-06-05", "2026-06-05"),
    ("国际禁毒日", "2026-06-26", "2026-06-26"),
    ("全国消防日", "2026-11-09", "2026-11-09"),
    ("国家公祭日", "2026-12-13", "2026-12-13"),
    ("全国助残日", "2026-05-17", "2026-05-17"),
    ("3·15", "2027-03-15", "2027-03-15"),
    ("消费者权益日", "2027-03-15", "2027-03-15"),
])
def test_publicity_days(text, start, end):
    assert whole(text) == (start, end)


def test_the_settings_file_carries_the_calendar_table(tmp_path):
    from bot.settings import ConfigError, load_settings
    path = tmp_path / "pressbot.toml"
    path.write_text('[calendar]\nholidays = ["2027-10-01", "2027-10-02"]\nworkdays = ["2027-09-26"]\n',
                    encoding="utf-8")
    settings = load_settings({}, path)
    assert date(2027, 10, 2) in settings.calendar.holidays and date(2027, 9, 26) in settings.calendar.workdays
    path.write_text('[calendar]\nholidays = ["2027-10-32"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="2027-10-32"):
        load_settings({}, path)
    assert load_settings({}, None).calendar == CalendarGaps()
