"""Time cells as plans write them → the window imported (the plan's year 2026 unless the cell says)."""
from datetime import date

import pytest

from store.plan.times import RowProblem, read_window

D = date
WINDOWS = {
    "5月份": (D(2026, 5, 1), D(2026, 5, 31)),
    "4 月份": (D(2026, 4, 1), D(2026, 4, 30)),
    "3月上中旬": (D(2026, 3, 1), D(2026, 3, 20)),
    "10月中下旬": (D(2026, 10, 11), D(2026, 10, 31)),
    "3月至5月": (D(2026, 3, 1), D(2026, 5, 31)),
    "3月-5月": (D(2026, 3, 1), D(2026, 5, 31)),
    "3-5月": (D(2026, 3, 1), D(2026, 5, 31)),
    "11-12月": (D(2026, 11, 1), D(2026, 12, 31)),
    "7—8月": (D(2026, 7, 1), D(2026, 8, 31)),
    "5、6月": (D(2026, 5, 1), D(2026, 6, 30)),
    "一季度": (D(2026, 1, 1), D(2026, 3, 31)),
    "一、二季度": (D(2026, 1, 1), D(2026, 6, 30)),
    "下半年": (D(2026, 7, 1), D(2026, 12, 31)),
    "年底前": (D(2026, 12, 1), D(2026, 12, 31)),
    "20267": (D(2026, 7, 1), D(2026, 7, 31)),
    "202611": (D(2026, 11, 1), D(2026, 11, 30)),
    "20198": (D(2019, 8, 1), D(2019, 8, 31)),
    "2026.6": (D(2026, 6, 1), D(2026, 6, 30)),
    "2025年1月": (D(2025, 1, 1), D(2025, 1, 31)),
    "2021年 3月中旬": (D(2021, 3, 11), D(2021, 3, 20)),
    "3月15日-20日": (D(2026, 3, 15), D(2026, 3, 20)),
    "五月中旬": (D(2026, 5, 11), D(2026, 5, 20)),
    "11": (D(2026, 11, 1), D(2026, 11, 30)),
    "6月分": (D(2026, 6, 1), D(2026, 6, 30)),  # typo'd 份
    "9月中询": (D(2026, 9, 11), D(2026, 9, 20)),  # typo'd 旬
    "7月底前": (D(2026, 7, 21), D(2026, 7, 31)),
    "4月中旬（具体时间另行通知）": (D(2026, 4, 11), D(2026, 4, 20)),
    "5月（暂定）": (D(2026, 5, 1), D(2026, 5, 31)),
    "上半年（6月前）": (D(2026, 1, 1), D(2026, 6, 30)),
    "2026年年3月": (D(2026, 3, 1), D(2026, 3, 31)),  # a doubled 年
    "三季": (D(2026, 7, 1), D(2026, 9, 30)),  # 度 left out
    "10月-次年1月": (D(2026, 10, 1), D(2027, 1, 31)),
    "3 月上旬-4 月中旬": (D(2026, 3, 1), D(2026, 4, 20)),
}


@pytest.mark.parametrize("cell, window", WINDOWS.items(), ids=WINDOWS.keys())
def test_time_cells(cell, window):
    got = read_window(cell, 2026)
    assert (got.start, got.end) == window
    assert not got.to_be_fixed


@pytest.mark.parametrize("cell", ["由访谈单位确定", "由发布单位确定", "待定"])
def test_undecided_time_is_the_whole_year_to_be_fixed(cell):
    got = read_window(cell, 2026)
    assert (got.start, got.end, got.to_be_fixed) == (D(2026, 1, 1), D(2026, 12, 31), True)


@pytest.mark.parametrize("cell", ["13月", "2021年13月", "2月30日", "近期", "看情况再说吧以后"])
def test_impossible_or_unreadable_times_are_problems(cell):
    with pytest.raises(RowProblem):
        read_window(cell, 2026)


def test_a_written_year_is_the_rows_own():
    assert read_window("2025年4月", 2026).year == 2025
    assert read_window("4月", 2026).year is None


def test_no_year_anywhere_asks_for_one():
    with pytest.raises(RowProblem, match="--year"):
        read_window("4月", None)
