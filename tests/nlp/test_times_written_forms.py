"""Time forms found missing by measuring against peer suites, as this project's own sentences:
traditional characters, 首季度/首月, 上一年, 下周周六, evening words with a clock, lunar days
without 农历 (初五, 廿二), a two-digit year with its leading zero, 双十一, 6·18. Fixed ``now``."""
from __future__ import annotations

from tests.nlp.timecase import table, window

ROWS = [
    ("禮拜五開發布會", "2026-04-17", "2026-04-17"),
    ("後天下午3點的訪談", "2026-04-16T15:00", "2026-04-16T15:00"),
    ("週四上午", "2026-04-16", "2026-04-16"),
    ("明年首季度开一场", "2027-01-01", "2027-03-31"),
    ("2027年首月", "2027-01-01", "2027-01-31"),
    ("上一年的发布会", "2025-01-01", "2025-12-31"),
    ("下周周六", "2026-04-25", "2026-04-25"),
    ("下个星期的星期三", "2026-04-22", "2026-04-22"),
    ("昨晚9点开的", "2026-04-13T21:00", "2026-04-13T21:00"),
    ("当晚八点半直播", "2026-04-14T20:30", "2026-04-14T20:30"),
    ("明晚七点开发布会", "2026-04-15T19:00", "2026-04-15T19:00"),
    ("晚八点", "2026-04-14T20:00", "2026-04-14T20:00"),
    ("今年五月初五", "2026-06-19", "2026-06-19"),  # 端午 of 2026
    ("正月初8", "2027-02-13", "2027-02-13"),
    ("九月廿二", "2026-10-31", "2026-10-31"),
    ("去年十一月廿九", "2026-01-17", "2026-01-17"),  # lunar 2025-11-29: the year said is the lunar year
    ("07年以后就没办过", "2007-01-01", "2007-12-31"),
    ("双十一当天", "2026-11-11", "2026-11-11"),
    ("6·18那天", "2026-06-18", "2026-06-18"),
    ("5月初开会", "2026-05-01", "2026-05-10"),  # 初 alone is early in the month, not a lunar day
    ("我局6月分开发布会", "2026-06-01", "2026-06-30"),  # 月份 typed 月分, as in plan files
    ("七月分召开", "2026-07-01", "2026-07-31"),
    ("6月分别召开两场", "2026-06-01", "2026-06-30"),  # 分别 is a word of its own
]


@table(ROWS)
def test_written_form(text, start, end):
    assert window(text) == (start, end)


def test_a_bit_later_is_no_clock_time():
    assert window("晚一点再定") is None


@table([
    ("今晨5点", "2026-04-14T05:00", "2026-04-14T05:00"),  # a morning word keeps 5 o'clock in the morning
    ("明早6点半集合", "2026-04-15T06:30", "2026-04-15T06:30"),
    ("从下午3点10分20秒至4点", "2026-04-14T15:10", "2026-04-14T16:00"),  # seconds are read, not shown
])
def test_clock_with_a_day_word(text, start, end):
    assert window(text) == (start, end)
