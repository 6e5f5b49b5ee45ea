"""Holidays: the festival days, the official rest periods, working days, and 节前/节后.

Festival days come from tables: fixed solar dates, lunar dates converted by ``lunardate``, and
solar terms (清明, 冬至) from ``chinese_calendar``. The State Council's rest days and make-up
working days come from ``chinese_calendar``; for a year it does not know yet, the deployment
may give them in its config (``[calendar]`` with ``holidays`` and ``workdays``, see
``load_schedule`` and ``schedule_warning``); without either, a rest period is the festival's
usual one (春节 除夕 to 初六, 劳动节 1–5 May, 国庆 1–7 October) or the day itself.

节前 is the seven days before the rest period; 节后 the seven days from the first working day
after it (节后第一个工作日 that day); 节后第N周 the N-th Monday–Sunday week from that working day
(the first one begins on it); 前后 both. 前一天/后一天 count from the festival day.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

__all__ = ["CalendarGaps", "PERIOD_HOLIDAYS", "configure", "configured_workday", "festival_day", "gaps_from_config",
           "holiday_window", "is_workday", "load_schedule", "rest_period", "schedule_warning", "unknown_years_warning"]

SOLAR = {  # key → (month, day)
    "元旦": (1, 1), "情人节": (2, 14), "妇女节": (3, 8), "植树节": (3, 12), "消费者权益日": (3, 15),
    "劳动节": (5, 1), "青年节": (5, 4), "护士节": (5, 12), "儿童节": (6, 1), "建党节": (7, 1),
    "建军节": (8, 1), "教师节": (9, 10), "国庆": (10, 1), "记者节": (11, 8), "宪法日": (12, 4),
    "平安夜": (12, 24), "圣诞节": (12, 25), "双十一": (11, 11), "双十二": (12, 12),
    "愚人节": (4, 1), "万圣节": (10, 31), "警察节": (1, 10),
    "水日": (3, 22), "卫生日": (4, 7), "安全教育日": (4, 15), "读书日": (4, 23), "知识产权日": (4, 26),
    "无烟日": (5, 31), "环境日": (6, 5), "禁毒日": (6, 26), "扶贫日": (10, 17), "消防日": (11, 9),
    "交通安全日": (12, 2), "公祭日": (12, 13),
}
LUNAR = {  # key → (lunar month, lunar day); a month of 12 belongs to the lunar year before
    "春节": (1, 1), "元宵": (1, 15), "龙抬头": (2, 2), "端午": (5, 5), "七夕": (7, 7), "中元": (7, 15),
    "中秋": (8, 15), "重阳": (9, 9), "腊八": (12, 8), "小年": (12, 23),
}
SOLAR_TERMS = {"清明": "清明", "冬至": "冬至", "立春": "立春", "丰收节": "秋分"}
# month, weekday (Monday 0), n
NTH_WEEKDAYS = {"母亲节": (5, 6, 2), "父亲节": (6, 6, 3), "感恩节": (11, 3, 4), "助残日": (5, 6, 3)}
_OFFICIAL = {"元旦": "new_years_day", "春节": "spring_festival", "清明": "tomb_sweeping_day",
             "劳动节": "labour_day", "端午": "dragon_boat_festival", "中秋": "mid_autumn_festival",
             "国庆": "national_day"}
PERIOD_HOLIDAYS = tuple(_OFFICIAL)
_USUAL = {"春节": (-1, 7), "劳动节": (0, 5), "国庆": (0, 7)}  # first day from the festival, length


@dataclass(frozen=True)
class CalendarGaps:
    """Rest days and make-up working days the deployment supplies, by year."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    def years(self) -> set[int]:
        return {d.year for d in self.holidays | self.workdays}


_configured = CalendarGaps()


def configure(gaps: CalendarGaps) -> CalendarGaps:
    """Use ``gaps`` from now on (once, at start-up); returns the previous ones."""
    global _configured
    previous, _configured = _configured, gaps
    _cached_rest.cache_clear()
    return previous


def _parse_day(value: object) -> date:
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"[calendar] 中的日期无效：{value}（应写成 2027-02-05）") from None


def load_schedule(gaps: CalendarGaps, *, holidays: list, workdays: list) -> CalendarGaps:
    """``gaps`` with the State Council's schedule for a year added: rest days and make-up working days."""
    return CalendarGaps(gaps.holidays | {_parse_day(v) for v in holidays},
                        gaps.workdays | {_parse_day(v) for v in workdays})


def gaps_from_config(table: Mapping[str, object]) -> CalendarGaps:
    """The ``[calendar]`` table of the config file: ``holidays = [...]`` and ``workdays = [...]``."""
    unknown = set(table) - {"holidays", "workdays"}
    if unknown:
        raise ValueError(f"[calendar] 不认识的设置：{'、'.join(sorted(unknown))}（只有 holidays 和 workdays）")
    lists: dict[str, list] = {}
    for name in ("holidays", "workdays"):
        value = table.get(name, [])
        if not isinstance(value, list):
            raise ValueError(f"[calendar] {name} 应是日期列表，如 {name} = [\"2027-02-05\"]")
        lists[name] = value
    return load_schedule(CalendarGaps(), holidays=lists["holidays"], workdays=lists["workdays"])


def configured_workday(day: date) -> bool | None:
    """Whether ``day`` is a working day by the configured schedule, or None if it has none for the year."""
    if day.year not in _configured.years():
        return None
    return day in _configured.workdays or (day.weekday() < 5 and day not in _configured.holidays)


@lru_cache(maxsize=1)
def _known_years() -> range:
    from chinese_calendar import constants

    return range(min(constants.holidays).year, max(constants.holidays).year + 1)


def schedule_warning(today: date, gaps: CalendarGaps | None = None) -> str | None:
    """The start-up warning when neither chinesecalendar nor the config knows this year or the next."""
    gaps = _configured if gaps is None else gaps
    known = set(_known_years()) | gaps.years()
    missing = [y for y in (today.year, today.year + 1) if y not in known and (y == today.year or today.month >= 11)]
    return unknown_years_warning(missing) if missing else None


def unknown_years_warning(years: list[int]) -> str:
    """What to tell the operator when the holiday calendar lacks ``years``, and how to supply them."""
    names = "、".join(str(y) for y in years)
    return (f"节假日日历（chinesecalendar）尚未收录 {names} 年：这些年份的节假日和调休按惯例推算，"
            f"周一至周五为工作日。国务院公布安排后，请升级 chinesecalendar，或在配置文件中写入：\n"
            f"[calendar]\nholidays = [\"{years[0]}-10-01\", \"{years[0]}-10-02\", ...]  # 放假日期\n"
            f"workdays = [\"{years[0]}-09-26\", ...]  # 调休上班日期")


def _lunar(year: int, month: int, day: int) -> date | None:
    from lunardate import LunarDate

    try:
        return LunarDate(year, month, day).to_solar_date()
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def festival_day(key: str, year: int) -> date | None:
    """The day of the festival ``key`` in the Gregorian ``year`` (除夕: the eve of that year's 春节)."""
    if not 1901 <= year <= 2099:  # what the lunar and solar-term tables cover
        return None
    if key in SOLAR:
        return date(year, *SOLAR[key])
    if key == "除夕":
        first = festival_day("春节", year)
        return first - timedelta(days=1) if first else None
    if key in LUNAR:
        month, day = LUNAR[key]
        return _lunar(year - 1 if month == 12 else year, month, day) if 1900 < year < 2100 else None
    if key in SOLAR_TERMS:
        return _solar_term(SOLAR_TERMS[key], year)
    if key in NTH_WEEKDAYS:
        month, weekday, nth = NTH_WEEKDAYS[key]
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return None


def _solar_term(name: str, year: int) -> date | None:
    import chinese_calendar

    try:
        terms = chinese_calendar.get_solar_terms(date(year, 1, 1), date(year, 12, 31))
    except (KeyError, IndexError, ValueError, NotImplementedError):
        return None
    return next((d for d, term in terms if term == name), None)


def _official_days(year: int) -> set[date] | frozenset[date] | None:
    if year in _configured.years():
        return _configured.holidays
    if year in _known_years():
        return _official_set()
    return None


@lru_cache(maxsize=1)
def _official_set() -> frozenset[date]:
    from chinese_calendar import constants

    return frozenset(constants.holidays)


def is_workday(day: date) -> bool:
    configured = configured_workday(day)
    if configured is not None:
        return configured
    if day.year in _known_years():
        import chinese_calendar

        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def rest_period(key: str, year: int) -> tuple[date, date] | None:
    """The official rest period around the festival (the day itself when it has none)."""
    return _cached_rest(key, year)


@lru_cache(maxsize=512)
def _cached_rest(key: str, year: int) -> tuple[date, date] | None:
    day = festival_day(key, year)
    if day is None:
        return None
    official = _official_days(day.year) if key in _OFFICIAL else None
    if official is None:
        first, length = _USUAL.get(key, (0, 1))
        return day + timedelta(days=first), day + timedelta(days=first + length - 1)
    near = [day + timedelta(days=k) for k in (0, 1, -1, 2, -2) if day + timedelta(days=k) in official]
    if not near:
        return day, day
    start = end = near[0]
    while start - timedelta(days=1) in official:
        start -= timedelta(days=1)
    while end + timedelta(days=1) in official:
        end += timedelta(days=1)
    return start, end


def _first_workday_after(day: date) -> date:
    day += timedelta(days=1)
    for _ in range(30):
        if is_workday(day):
            return day
        day += timedelta(days=1)
    return day


def holiday_window(key: str, year: int, mod: str | None, nth: int | None = None) -> tuple[date, date] | None:
    """The window a holiday phrase means: the day, the rest period, 节前/节后, a week after, a day before."""
    day = festival_day(key, year)
    if day is None:
        return None
    if mod is None:
        return day, day
    if mod in ("day_before", "day_after"):
        shifted = day + timedelta(days=-1 if mod == "day_before" else 1)
        return shifted, shifted
    rest = rest_period(key, year)
    if rest is None:
        return None
    if mod == "period":
        return rest
    if mod == "before":
        return rest[0] - timedelta(days=7), rest[0] - timedelta(days=1)
    back = _first_workday_after(rest[1])
    if mod == "back_day":
        return back, back
    if mod == "around":
        return rest[0] - timedelta(days=7), back + timedelta(days=6)
    if mod == "after":
        return back, back + timedelta(days=6)
    sunday = back + timedelta(days=6 - back.weekday())
    if not nth or nth == 1:
        return back, sunday
    start = sunday + timedelta(days=1 + 7 * (nth - 2))
    return start, start + timedelta(days=6)
