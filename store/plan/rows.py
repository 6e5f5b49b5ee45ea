"""Raw table rows → plan rows (unit, co-units, kind, topic, window, place, speaker), or errors.

Times are read by the parser's ``find_time`` with "now" at 1 January of the plan's year,
so "一季度" and "5月份" fall in that year; a time written with its year keeps it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from store.plan.columns import (
    clean_speaker,
    clean_text,
    clean_topic,
    compact_time,
    split_units,
    subtype_of,
)
from store.plan.tables import PlanFileError, RawRow, RawTable

UNIT_MAX, TOPIC_MAX = 50, 500  # the columns' sizes in store.models


@dataclass
class PlanRow:
    place: str
    plan_year: int
    seq: int | None
    unit: str
    co_units: list[str]
    kind: str
    subtype: str | None
    topic: str
    start: date
    end: date
    window_text: str
    location: str | None = None
    speaker: str | None = None

    def as_json(self) -> dict:
        return {
            "unit": self.unit, "co_units": self.co_units, "kind": self.kind, "subtype": self.subtype,
            "topic": self.topic, "when": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "location": self.location, "speaker": self.speaker,
        }


@dataclass
class RowError:
    place: str
    reason: str

    def __str__(self) -> str:
        return f"{self.place}：{self.reason}"


@dataclass
class ReadPlan:
    rows: list[PlanRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class RowProblem(ValueError):
    pass


def _window(text: str, year: int) -> tuple[date, date, str]:
    from bot.nlp.times import find_time

    cell = compact_time(text)
    if not cell:
        raise RowProblem("没有填写时间")
    found = find_time(cell, now=datetime(year, 1, 1), prefer_future=False)
    # The whole cell must be the time: "2021年13月" must not quietly become the year 2021.
    if found is None or len(found.text) < len(cell) - 1:
        raise RowProblem(f"时间“{clean_text(text)}”无法识别或不存在")
    start, end = _as_date(found.start), _as_date(found.end)
    if end < start:
        raise RowProblem(f"时间“{clean_text(text)}”的起止颠倒")
    return start, end, cell


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _seq(text: str) -> int | None:
    text = clean_text(text).rstrip(".、")
    if not text:
        return None
    if not text.isdigit():
        raise RowProblem(f"序号“{text}”不是数字")
    return int(text)


def read_row(raw: RawRow, table: RawTable, *, year: int, kind: str) -> PlanRow:
    if "_error" in raw.cells:
        raise RowProblem(raw.cells["_error"])
    cells = raw.cells
    units = split_units(cells.get("unit", ""))
    if not units:
        raise RowProblem("没有填写单位")
    if any(len(u) > UNIT_MAX for u in units):
        raise RowProblem(f"单位名称超过 {UNIT_MAX} 字，可能是几列连在了一起")
    wrapped = raw.wrapped_with_spaces
    topic = clean_topic(cells.get("topic", ""), wrapped_with_spaces=wrapped)
    if "time" not in cells:
        raise RowProblem("没有时间列")
    if len(topic) > TOPIC_MAX:
        raise RowProblem(f"主题超过 {TOPIC_MAX} 字")
    start, end, window_text = _window(cells["time"], year)
    form = clean_text(cells.get("form", "")) or None
    return PlanRow(
        place=raw.place, plan_year=year, seq=_seq(cells.get("seq", "")), unit=units[0],
        co_units=units[1:] + split_units(cells.get("co_units", "")), kind=kind,
        subtype=subtype_of(form, topic) if kind == "online_interview" else subtype_of(topic),
        topic=topic, start=start, end=end, window_text=window_text,
        location=clean_text(cells.get("location", ""), wrapped_with_spaces=wrapped) or None,
        speaker=clean_speaker(cells.get("speaker", "")),
    )


def read_plan(tables: list[RawTable], *, year: int | None = None, kind: str | None = None) -> ReadPlan:
    """Every row of every table; rows that cannot be read are collected with their place."""
    if not tables:
        raise PlanFileError("文件中找不到计划表格：需要含“单位”和“主题”或“时间”的表头")
    result = ReadPlan()
    for table in tables:
        table_year, table_kind = year or table.year, kind or table.kind
        if table_year is None:
            raise PlanFileError(f"{table.place}：无法确定计划年度（文中没有“20XX年度”），请用 --year 指定")
        if table_kind is None:
            raise PlanFileError(f"{table.place}：无法判断是新闻发布会还是在线访谈计划，请用 --kind 指定")
        for raw in table.rows:
            try:
                result.rows.append(read_row(raw, table, year=table_year, kind=table_kind))
            except RowProblem as exc:
                result.errors.append(RowError(raw.place, str(exc)))
    if not result.rows and not result.errors:
        raise PlanFileError("计划表格是空的：表头下面没有任何一行")
    return result

