"""Dates that do not exist are reported as such, never read as some other date."""
from __future__ import annotations

import pytest

from bot.nlp.times import find_impossible, find_time
from tests.nlp.timecase import APR


@pytest.mark.parametrize("text,reason", [
    ("2月30日", "2026年2月只有28天"),
    ("2月30号开发布会", "2026年2月只有28天"),
    ("二月三十日", "2026年2月只有28天"),
    ("4月31日", "2026年4月只有30天"),
    ("6月31号", "2026年6月只有30天"),
    ("11月31日上午9点", "2026年11月只有30天"),
    ("2028年2月30日", "2028年2月只有29天"),
    ("3月0日", "没有3月0日，日期从1日起"),
    ("13月", "一年只有12个月，没有13月"),
    ("13月5日", "一年只有12个月，没有13月"),
    ("32号", "一个月最多31天，没有32号"),
    ("2027年2月29日", "2027年2月只有28天"),
    ("25点", "一天只到24点，没有25点"),
    ("下午3点70分", "一小时只有60分钟，没有70分"),
    ("4月31日至5月2日", "2026年4月只有30天"),
    # a year named in words is that year ("明年" in 2026 is 2027)
    ("明年3月35日", "2027年3月只有31天"),
    ("明年2月29日开发布会", "2027年2月只有28天"),
    ("去年4月31日", "2025年4月只有30天"),
    ("大后年2月30日", "2029年2月只有28天"),
    ("今年9月31号", "2026年9月只有30天"),
])
def test_impossible_dates_say_why(text, reason):
    found = find_impossible(text, APR)
    assert [f.reason for f in found] == [reason]
    assert find_time(text, APR) is None or found[0].span[1] <= find_time(text, APR).span[0] \
        or find_time(text, APR).span[1] <= found[0].span[0]


@pytest.mark.parametrize("text", ["2月28日", "2028年2月29日", "后年2月29日", "明年2月28日",
                                  "4月30日", "12月31日", "24点", "13号", "3月20日",
                                  "增长13.5%", "第13期", "13个月", "1至13号楼"])
def test_possible_dates_are_not_flagged(text):
    assert find_impossible(text, APR) == []


def test_without_now_a_day_past_the_month_says_the_most_it_has():
    assert [f.reason for f in find_impossible("2月30日")] == ["2月最多29天"]
    assert [f.reason for f in find_impossible("9月31日")] == ["9月最多30天"]


def test_the_impossible_date_keeps_its_span_in_the_text():
    text = "我局定于2月30日开发布会"
    found = find_impossible(text, APR)
    assert [text[a:b] for a, b in [f.span for f in found]] == ["2月30日"]


def test_every_time_module_imports_first_in_a_fresh_interpreter():
    """``import bot.nlp.times`` on its own failed (a circular import through the package's lazy
    ``__getattr__``), so a script or a worker that needs only the times could not load them."""
    import subprocess
    import sys

    for module in ["bot.nlp.times", "bot.nlp.time_resolve", "bot.nlp.commands", "bot.nlp.holidays"]:
        done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
        assert done.returncode == 0, (module, done.stderr[-500:])


def test_a_past_month_of_an_event_ahead_is_next_years():
    """"我局2月30日开发布会" said in December is of next February: 2027's, not 2026's."""
    from datetime import datetime

    from bot.clock import DEFAULT_TZ

    december = datetime(2026, 12, 2, 10, tzinfo=DEFAULT_TZ)
    assert [f.reason for f in find_impossible("2月30日", december, ahead=True)] == ["2027年2月只有28天"]
    assert [f.reason for f in find_impossible("2月30日", december)] == ["2026年2月只有28天"]  # a past report
    assert [f.reason for f in find_impossible("12月32日", december, ahead=True)] == ["2026年12月只有31天"]
    assert [f.reason for f in find_impossible("2029年2月30日", december, ahead=True)] == ["2029年2月只有28天"]
    assert find_impossible("2月29日", december, ahead=True) == []  # 2027 has none, but no year was said
