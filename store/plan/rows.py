"""Raw table rows → plan rows (unit, co-units, kind, topic, window, place, speaker), or problems.

Times are read by ``store.plan.times``; a year written in the time cell is the row's plan year
unless ``--year`` says otherwise. A value written once for several rows (a merged cell, or a
blank under it where merges were lost) is carried down. A row that cannot be read is a problem
with its place; the other rows are read on. A table without kind or year is one problem.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from store import rules
from store.plan.columns import (
    clean_speaker,
    clean_text,
    clean_topic,
    compact_time,
    split_units,
    subtype_of,
)
from store.plan.context import KIND_NAMES, kinds_in
from store.plan.document import PlanFileError
from store.plan.raw import RawRow, RawTable
from store.plan.times import YEAR_HINT, YEAR_IN_CELL, RowProblem, read_window

UNIT_MAX, TOPIC_MAX = 50, 500  # the columns' sizes in store.models
CARRIED = ("unit", "time", "form")
REQUIRED = ("unit", "time")  # carried even where merged cells are kept: a row cannot do without them
ROW_KINDS = (("访谈", "online_interview"), ("发布", "press_conference"), ("吹风会", "press_conference"))
INTERVIEW_SUBTYPES = (("微视频", "微视频访谈"), ("视频访谈", "微视频访谈"), ("网上访谈", "网上访谈"))
PRESS_SUBTYPES = (("政策解读", "政策解读"), ("吹风会", "政策解读"), ("例行", "例行"), ("突发", "突发事件"),
                  ("舆情", "政务舆情"))


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
    to_be_fixed: bool = False  # "由…确定": the whole year until the unit says when
    year_source: str = ""

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
class TableNote:
    """What was read about one table, and where from (said in the preview)."""

    place: str
    title: str | None
    kind: str | None
    kind_source: str | None
    year: int | None
    year_source: str | None
    rows: int = 0

    def __str__(self) -> str:
        kind = KIND_NAMES.get(self.kind or "", "类型见各行")
        year = f"{self.year}年（{self.year_source}）" if self.year else "年度见各行的时间"
        source = f"（{self.kind_source}）" if self.kind and self.kind_source else ""
        return f"{self.place}：{kind}{source}，{year}，{self.rows} 行"


@dataclass
class ReadPlan:
    rows: list[PlanRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    tables: list[TableNote] = field(default_factory=list)


def _seq(text: str) -> int | None:
    text = clean_text(text).rstrip(".、")
    return int(text) if text.isdigit() else None


def _kind_and_subtype(form: str | None, topic: str, table_kind: str | None,
                      forced: bool = False) -> tuple[str, str | None]:
    row_kinds = kinds_in(form or "", ROW_KINDS)
    kind = row_kinds.pop() if len(row_kinds) == 1 and not forced else table_kind
    if kind is None:
        raise RowProblem("无法判断是新闻发布会还是在线访谈，请用 --kind 指定，或加一列“类型”")
    if kind == "online_interview":  # 网上访谈 / 微视频访谈, never a press conference's type
        return kind, subtype_of(form) or next((s for w, s in INTERVIEW_SUBTYPES if w in topic), None)
    for text in (form, topic):
        for word, subtype in PRESS_SUBTYPES if text == form else PRESS_SUBTYPES[:2]:
            if text and word in text:
                return kind, subtype
    return kind, None


def read_row(raw: RawRow, table: RawTable, *, year: int | None, kind: str | None,
             year_source: str = "", kind_forced: bool = False) -> PlanRow:
    """One row; ``kind_forced`` (--kind) wins over the row's own type column."""
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
    if len(topic) > TOPIC_MAX:
        raise RowProblem(f"主题超过 {TOPIC_MAX} 字")
    if "time" not in table.columns and "time" not in cells:
        raise RowProblem("没有时间列")
    window = read_window(cells.get("time", ""), year)
    if not rules.in_register_years(window.start, window.end):
        raise RowProblem(f"时间超出可登记的年份（{rules.years_text()}）：{window.text or window.start}")
    form = clean_text(cells.get("form", "")) or None
    row_kind, subtype = _kind_and_subtype(form, topic, kind, forced=kind_forced)
    plan_year = year if year_source == "--year" else window.year or year
    return PlanRow(
        place=raw.place, plan_year=plan_year or window.start.year, seq=_seq(cells.get("seq", "")),
        unit=units[0], co_units=units[1:] + split_units(cells.get("co_units", "")), kind=row_kind,
        subtype=subtype, topic=topic, start=window.start, end=window.end, window_text=window.text,
        location=clean_text(cells.get("location", ""), wrapped_with_spaces=wrapped) or None,
        speaker=clean_speaker(cells.get("speaker", "")), to_be_fixed=window.to_be_fixed,
        year_source="各行的时间" if window.year and year_source != "--year" else year_source,
    )


def _missing(table: RawTable, year: int | None, kind: str | None) -> list[str]:
    """What a whole table lacks (said once, not on every row)."""
    if not table.rows:
        return []
    problems = []
    if kind is None and "form" not in table.columns:
        problems.append("无法判断是新闻发布会还是在线访谈计划：请在表题写明，或加一列“类型”，或在导入时指定类型"
                        "（后台上传页的“类型”，命令行 --kind）")
    if year is None:
        problems.append(f"无法确定计划年度（各行时间、表题、通知标题和发布日期中都没有年份）：{YEAR_HINT}")
    return problems


def _year_of_cells(rows: list[RawRow]) -> int | None:
    """The year most time cells of a table write ("2026年3月"), for its cells that write none."""
    years = Counter(int(m[1]) for raw in rows if (m := YEAR_IN_CELL.search(compact_time(raw.cells.get("time", "")))))
    return years.most_common(1)[0][0] if years else None


def carry_down(rows: list[RawRow], columns: tuple[str, ...] = CARRIED) -> None:
    """A merged cell's value (or a blank under a value) goes on in the rows below it."""
    last: dict[str, str] = {}
    for raw in rows:
        if "_error" in raw.cells:
            continue
        for column in columns:
            if raw.cells.get(column, "").strip():
                last[column] = raw.cells[column]
            elif column in last:
                raw.cells[column] = last[column]


def read_plan(tables: list[RawTable], *, year: int | None = None, kind: str | None = None) -> ReadPlan:
    """Every row of every table; rows that cannot be read are collected with their place."""
    if not tables:
        raise PlanFileError("文件中找不到计划表格：需要含“单位”和“主题”或“时间”的表头")
    result = ReadPlan()
    for table in tables:
        table_year, table_kind = year or table.year, kind or table.kind
        source = "--year" if year else table.year_source or ""
        if table_year is None and (written := _year_of_cells(table.rows)):
            table_year, source = written, "本表各行的时间"
        note = TableNote(table.place, table.title, table_kind, "--kind" if kind else table.kind_source,
                         table_year, source)
        result.tables.append(note)
        missing = _missing(table, table_year, table_kind)
        if missing:
            result.errors += [RowError(table.place, problem) for problem in missing]
            continue
        carry_down(table.rows, CARRIED if not table.merges_kept else REQUIRED)
        for raw in table.rows:
            try:
                row = read_row(raw, table, year=table_year, kind=table_kind, year_source=source,
                               kind_forced=kind is not None)
            except RowProblem as exc:
                result.errors.append(RowError(raw.place, str(exc)))
                continue
            result.rows.append(row)
            note.rows += 1
    if not result.rows and not result.errors:
        raise PlanFileError("计划表格是空的：表头下面没有任何一行")
    return result
