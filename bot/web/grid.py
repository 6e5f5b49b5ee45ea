"""The year at a glance: units × months, each event a bar across the months its window spans.

Events with the same unit, months and "dated or not" become one bar with a count, coloured
by their most common status (the tooltip has the breakdown), so that a unit with forty
conferences in May is one bar "40 项", not forty: the page stays small with 10,000 events.
Undated bars (no exact time yet) are drawn hatched; a bar with an overdue event is outlined.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

OPEN = ("planned", "scheduled", "registered", "approved")  # not yet held, not cancelled
TOPICS_SHOWN = 3


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


STATUS_ORDER = ("planned", "scheduled", "registered", "approved", "held", "reported", "cancelled")


@dataclass
class Bar:
    first: int  # month 1..12
    last: int
    dated: bool
    overdue: bool = False
    statuses: Counter = field(default_factory=Counter)
    first_id: int = 0
    topics: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(self.statuses.values())

    @property
    def status(self) -> str:
        """The most common status; on a tie the least advanced (what still needs doing)."""
        return max(self.statuses, key=lambda s: (self.statuses[s], -STATUS_ORDER.index(s)))

    @property
    def span(self) -> int:
        return self.last - self.first + 1

    @property
    def css(self) -> str:
        return f"bar s-{self.status}" + ("" if self.dated else " undated") + (" overdue" if self.overdue else "")

    def title(self, names: dict[str, str]) -> str:
        mix = "，".join(f"{names.get(s, s)} {n}" for s, n in self.statuses.items())
        notes = ("" if self.dated else "；未定具体时间") + ("；有逾期" if self.overdue else "")
        more = " 等" if self.count > len(self.topics) else ""
        return f"{mix}{notes}：{'；'.join(self.topics)}{more}"

    def href(self, unit_id: int, year: int) -> str:
        if self.count == 1:
            return f"/admin/events/{self.first_id}"
        return f"/admin/events?unit={unit_id}&from={year}-{self.first:02d}&to={year}-{self.last:02d}"

    @property
    def label(self) -> str:
        return self.topics[0] if self.count == 1 else f"{self.count} 项"


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
        key = (row.unit_id, first, last, row.dated)
        bar = groups.get(key)
        if bar is None:
            bar = groups[key] = Bar(first, last, row.dated, first_id=row.id)
            per_unit[row.unit_id].append(bar)
        bar.statuses[row.status] += 1
        bar.overdue = bar.overdue or is_overdue(row, today)
        if len(bar.topics) < TOPICS_SHOWN:
            bar.topics.append(row.topic)
    lines = [UnitLine(uid, name, key, sorted(per_unit.get(uid, []), key=lambda b: (b.first, b.last)))
             for uid, name, key in units]
    return YearGrid(year, lines, per_month, len(rows))
