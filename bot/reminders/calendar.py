"""Working days: the Chinese holiday and make-up workday calendar, plus the policy's quiet days.

``chinese_calendar`` knows each year only once the State Council has published it. For a year
it does not know yet we use the schedule the deployment gives in its config (``[calendar]`` with
``holidays`` and ``workdays``, see ``bot.nlp.holidays``), else fall back to "Monday to Friday" and
say so once, at start-up, rather than once per lookup (a year-long walk would otherwise log
thousands of lines).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from bot.nlp.holidays import configured_workday

log = logging.getLogger(__name__)


class WorkCalendar:
    def __init__(self, quiet_days: Iterable[date] = ()) -> None:
        self.quiet_days = frozenset(quiet_days)
        self._warned = False

    def is_workday(self, day: date) -> bool:
        if day in self.quiet_days:
            return False
        covered = _official_workday(day)
        if covered is None:
            covered = configured_workday(day)
        if covered is None:
            self._warn_once(day.year)
            return day.weekday() < 5
        return covered

    def previous_workday(self, day: date) -> date:
        """``day`` itself if it is a working day, else the closest one before it."""
        while not self.is_workday(day):
            day -= timedelta(days=1)
        return day

    def next_workday(self, day: date) -> date:
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def check_years(self, years: Iterable[int]) -> list[int]:
        """The years the holiday calendar does not cover; warns (once) if there are any."""
        missing = [y for y in years if _official_workday(date(y, 6, 1)) is None
                   and configured_workday(date(y, 6, 1)) is None]
        if missing:
            self._warn_once(*missing)
        return missing

    def _warn_once(self, *years: int) -> None:
        if self._warned:
            return
        self._warned = True
        names = "、".join(str(y) for y in years)
        log.warning("节假日日历（chinesecalendar）尚未收录 %s 年，这些年份按周一至周五为工作日计算。"
                    "国务院公布安排后，请升级 chinesecalendar，或在配置文件中写入：\n[calendar]\n"
                    "holidays = [\"%s-01-01\", ...]  # 放假日期\nworkdays = [\"%s-02-20\", ...]  # 调休上班日期",
                    names, years[0], years[0])


@lru_cache(maxsize=4096)
def _official_workday(day: date) -> bool | None:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None
