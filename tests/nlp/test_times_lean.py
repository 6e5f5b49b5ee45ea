"""Direction: future for new times, past for what was held, nearest for what names an event."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.clock import DEFAULT_TZ
from bot.nlp.times import find_times
from tests.nlp.timecase import APR, DEC, table, window


def spans(text, now, **kw):
    return [(t.as_json()["start"], t.as_json()["end"]) for t in find_times(text, now, **kw)]


@table([
    ("10月份", "2026-10-01", "2026-10-31"),
    ("10月28日上午9点", "2026-10-28T09:00", "2026-10-28T09:00"),
    ("明年1月中旬", "2027-01-11", "2027-01-20"),
    ("12月", "2026-12-01", "2026-12-31"),
    ("三季度", "2026-07-01", "2026-09-30"),
    ("上周五", "2026-11-27", "2026-11-27"),
])
def test_december_leaning_past(text, start, end):
    assert window(text, now=DEC, lean="past") == (start, end)


@table([
    ("10月份", "2027-10-01", "2027-10-31"),
    ("明年1月中旬", "2027-01-11", "2027-01-20"),
    ("1月中旬", "2027-01-11", "2027-01-20"),
    ("12月", "2026-12-01", "2026-12-31"),
])
def test_december_leaning_future(text, start, end):
    assert window(text, now=DEC, lean="future") == (start, end)


@table([
    ("10月28日上午9点", "2025-10-28T09:00", "2025-10-28T09:00"),
    ("4月8日", "2026-04-08", "2026-04-08"),
    ("4月20日", "2025-04-20", "2025-04-20"),
    ("5月份", "2025-05-01", "2025-05-31"),
    ("4月份", "2026-04-01", "2026-04-30"),
    ("四季度", "2025-10-01", "2025-12-31"),
    ("周五", "2026-04-10", "2026-04-10"),
    ("周二", "2026-04-14", "2026-04-14"),
    ("20号", "2026-03-20", "2026-03-20"),
    ("10号", "2026-04-10", "2026-04-10"),
    ("下周二", "2026-04-21", "2026-04-21"),
    ("2026年10月20日", "2026-10-20", "2026-10-20"),
])
def test_april_leaning_past(text, start, end):
    assert window(text, now=APR, lean="past") == (start, end)


@table([
    ("11月", "2025-11-01", "2025-11-30"),
    ("6月", "2026-06-01", "2026-06-30"),
    ("2月", "2026-02-01", "2026-02-28"),
    ("周五", "2026-04-17", "2026-04-17"),
    ("4月份", "2026-04-01", "2026-04-30"),
])
def test_april_nearest(text, start, end):
    assert window(text, now=APR, lean="nearest") == (start, end)


@pytest.mark.parametrize("text,expected", [
    ("上次3月20日的发布会", [("2026-03-20", "2026-03-20")]),
    ("已经于10月28日召开", [("2025-10-28", "2025-10-28")]),
    ("10月28日已经开过了", [("2025-10-28", "2025-10-28")]),
    ("发布会已于5月20日举行", [("2025-05-20", "2025-05-20")]),
    ("原定6月的发布会推迟到7月", [("2026-06-01", "2026-06-30"), ("2026-07-01", "2026-07-31")]),
    ("原定11月的发布会改到12月", [("2026-11-01", "2026-11-30"), ("2026-12-01", "2026-12-31")]),
    ("原定3月的发布会改到5月", [("2026-03-01", "2026-03-31"), ("2026-05-01", "2026-05-31")]),
    ("3月20日开发布会", [("2027-03-20", "2027-03-20")]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_words_in_the_text_turn_the_time_they_qualify(text, expected):
    assert spans(text, APR) == expected


@pytest.mark.parametrize("text,expected", [
    ("我局10月份的稳就业发布会改到明年1月中旬", [("2026-10-01", "2026-10-31"), ("2027-01-11", "2027-01-20")]),
    ("原定10月份的访谈推迟到1月", [("2026-10-01", "2026-10-31"), ("2027-01-01", "2027-01-31")]),
    ("11月的发布会延期到下月中旬", [("2026-11-01", "2026-11-30"), ("2027-01-11", "2027-01-20")]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_december_the_time_of_an_event_being_moved_is_the_recent_one(text, expected):
    assert spans(text, DEC) == expected


def test_prefer_future_still_works_and_lean_wins_when_both_are_given():
    assert window("3月份", now=APR) == ("2027-03-01", "2027-03-31")
    from bot.nlp.times import find_time
    assert find_time("3月份", APR, prefer_future=False).as_json()["start"] == "2026-03-01"
    assert find_time("5月份", APR, prefer_future=False, lean="past").as_json()["start"] == "2025-05-01"


def test_an_unknown_lean_is_refused():
    with pytest.raises(ValueError, match="lean"):
        find_times("5月", APR, lean="sideways")


@pytest.mark.parametrize("text,now,field,expected", [
    ("10月28日上午9点的发布会已召开，到场媒体6家", APR, "when", "2025-10-28T09:00"),
    ("10月28日上午9点的发布会已召开，到场媒体6家", DEC, "when", "2026-10-28T09:00"),
    ("我局10月份的稳就业发布会改到明年1月中旬", DEC, "old_when", "2026-10-01"),
    ("我局10月份的稳就业发布会改到明年1月中旬", DEC, "when", "2027-01-11"),
    ("我局10月28日开发布会", APR, "when", "2026-10-28"),
    ("我局3月20日开发布会", APR, "when", "2027-03-20"),
], ids=lambda v: v if isinstance(v, str) and len(v) > 8 else None)
def test_parse_leans_by_what_the_message_does(text, now, field, expected):
    from bot.nlp import UnitDirectory, parse
    got = parse(text, now=now, sender_unit="区教育局", units=UnitDirectory()).as_json()[field]
    assert got is not None and got["start"] == expected


@pytest.mark.parametrize("text,now,expected", [
    ("原定周五的发布会推迟一个月", datetime(2026, 6, 23, 18, 0, tzinfo=DEFAULT_TZ), "2026-06-26"),
    ("原定周五的发布会推迟一个月", datetime(2026, 6, 27, 10, 0, tzinfo=DEFAULT_TZ), "2026-06-26"),
    ("原定年底的发布会推迟一个月", datetime(2026, 3, 19, 10, 0, tzinfo=DEFAULT_TZ), "2026-12-01"),
    ("原定3月20号的发布会推迟一个月", datetime(2026, 4, 20, 10, 0, tzinfo=DEFAULT_TZ), "2026-03-20"),
    ("原定20号的发布会推迟到下周", datetime(2026, 4, 22, 10, 0, tzinfo=DEFAULT_TZ), "2026-04-20"),
    ("原定10号的发布会推迟到下周", datetime(2026, 4, 22, 10, 0, tzinfo=DEFAULT_TZ), "2026-04-10"),
    ("原定28号的发布会推迟到下周", datetime(2026, 4, 2, 10, 0, tzinfo=DEFAULT_TZ), "2026-03-28"),
    ("原定25号的发布会推迟到下周", datetime(2026, 4, 2, 10, 0, tzinfo=DEFAULT_TZ), "2026-04-25"),
], ids=lambda v: v if isinstance(v, str) and not v[0].isdigit() else None)
def test_a_moved_event_was_lately_or_is_coming(text, now, expected):
    assert find_times(text, now)[0].as_json()["start"] == expected
