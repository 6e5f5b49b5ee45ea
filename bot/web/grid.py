"""The year at a glance: units × months, each event a bar across the months its window spans.

Events with the same unit, months, status and "dated or not" become one bar with a count,
so that a unit with forty planned conferences in May is one bar "40 场", not forty: the page
stays small with 10,000 events. Undated bars (no exact time yet) are drawn hatched.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

OPEN = ("planned", "scheduled", "registered", "approved")  # not yet held, not cancelled
TOPICS_SHOWN = 5


@dataclass(frozen=True)
class GridRow:
    """One event as the grid needs it (a plain row from the query, no ORM object)."""

    id: int
    unit_id: int
    kind: str
    topic: str
    status: str
    window_start: date
    window_end: date
    dated: bool  # has an exact start time


@dataclass
class Bar:
    first: int  # month 1..12
    last: int
    status: str
    dated: bool
    overdue: bool
    event_ids: list[int] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.event_ids)

    @property
    def span(self) -> int:
        return self.last - self.first + 1


@dataclass
class UnitLine:
    unit_id: int
    name: str
    is_key: bool
    bars: list[Bar]


@dataclass
class YearGrid:
    year: int
    lines: list[UnitLine]
    per_month: list[int]  # events whose window meets each month (crowded months stand out)
    total: int


def month_span(row: GridRow, year: int) -> tuple[int, int]:
    first = 1 if row.window_start.year < year else row.window_start.month
    last = 12 if row.window_end.year > year else row.window_end.month
    return first, last


def is_overdue(row: GridRow, today: date) -> bool:
    return row.status in OPEN and row.window_end < today


def build_grid(year: int, units: list[tuple[int, str, bool]], rows: list[GridRow], today: date) -> YearGrid:
    groups: dict[tuple, Bar] = {}
    per_unit: dict[int, list[Bar]] = defaultdict(list)
    per_month = [0] * 12
    for row in rows:
        first, last = month_span(row, year)
        for month in range(first, last + 1):
            per_month[month - 1] += 1
        overdue = is_overdue(row, today)
        key = (row.unit_id, first, last, row.status, row.dated, overdue)
        bar = groups.get(key)
        if bar is None:
            bar = groups[key] = Bar(first, last, row.status, row.dated, overdue)
            per_unit[row.unit_id].append(bar)
        bar.event_ids.append(row.id)
        if len(bar.topics) < TOPICS_SHOWN:
            bar.topics.append(row.topic)
    lines = [UnitLine(uid, name, key, sorted(per_unit.get(uid, []), key=lambda b: (b.first, b.last)))
             for uid, name, key in units]
    return YearGrid(year, lines, per_month, len(rows))
