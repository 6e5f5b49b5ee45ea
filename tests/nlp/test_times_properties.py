"""The time parser on any text and any day: never raises, spans point into the text, start ≤ end."""
from __future__ import annotations

import re
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.clock import DEFAULT_TZ
from bot.nlp import normalize
from bot.nlp.times import find_impossible, find_times

FRAGMENTS = ["国庆", "十一", "五一", "春节", "节后", "节前", "第1周", "第一周", "最后一个", "周五", "前四个月",
             "前三天", "最后", "至", "到", "-", "~", "次年", "明年", "3", "6月", "月", "日", "号", "点", "两点半",
             "二〇二七年",
             "九八年", "08年", "两千零八年", "五月十二", "正月十五", "腊月", "农历", "大年初一", "（周三）", "期间",
             "假期", "当天", "下午", "24点", "25点", "2月30日", "13月", "原定", "已经", "改到", "取消", "的", " ",
             "元宵", "除夕", "中秋", "重阳", "半个月后", "三天前", "元月", "下个月", "本周", "上旬", "Q4", "季度"]
LEANS = st.sampled_from(["future", "past", "nearest", "current", "recent"])
texts = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join))
days = st.builds(lambda d, t: datetime.combine(d, t, tzinfo=DEFAULT_TZ),
                 st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.times())


@settings(max_examples=300, deadline=None)
@given(texts, days, LEANS)
def test_find_times_holds_on_any_text_day_and_lean(text, now, lean):
    norm = normalize(text)
    found = find_times(text, now, lean=lean)
    for window in found:
        assert norm[window.span[0]:window.span[1]] == window.text
        assert window.start <= window.end
        assert window.precision in ("day", "minute")
    assert [w.span for w in found] == sorted(w.span for w in found)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_impossible_dates_point_into_the_text(text):
    norm = normalize(text)
    for bad in find_impossible(text):
        assert norm[bad.span[0]:bad.span[1]] == bad.text
        assert set(re.findall(r"\d+", bad.reason)) & set(re.findall(r"\d+", bad.text)), bad  # names what was wrong


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join),
       # naive wall time is accepted too, and only it reaches year 1 and 9999 without a zone conversion
       st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59), datetime(1900, 1, 1),  # noqa: DTZ001
                        datetime(2099, 12, 31), datetime(2100, 6, 1)]), LEANS)  # noqa: DTZ001
def test_the_ends_of_the_calendar_give_no_time_rather_than_an_error(text, now, lean):
    for window in find_times(text, now, lean=lean):
        assert window.start <= window.end
