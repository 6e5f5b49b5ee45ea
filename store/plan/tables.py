"""A plan document → its plan tables, each cell knowing its place in the file.

Every table is found (Word tables, sheets, CSV, tables in text, see ``store.plan.pasted``) and
classified by its header: a plan table has a unit column and a topic or time column; a table
whose header asks for media, reporters' questions, phone numbers or approval (the blank
登记表/统计表 attached to a notice), or whose title says it is such a form, is skipped; so are
blank rows, totals, and notes under the table. What the cells mean is decided later
(``store.plan.rows``); the kind and year of each table come from the text around it
(``store.plan.context``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from store.plan import context
from store.plan.columns import column_of, is_form_word
from store.plan.document import Document, Grid, PlanFileError, read_document

__all__ = ["PlanFileError", "RawRow", "RawTable", "read_tables", "find_tables", "grid_tables"]


@dataclass
class RawRow:
    place: str  # "第 12 行", "表 2 第 3 行", "工作表“计划” 第 5 行"
    cells: dict[str, str]  # column → text as found
    # Text pasted from a PDF or Word with tabs: a wrapped cell's lines were joined with a space.
    wrapped_with_spaces: bool = False


@dataclass
class RawTable:
    place: str
    title: str | None
    columns: list[str]
    rows: list[RawRow] = field(default_factory=list)
    year: int | None = None
    kind: str | None = None
    header: list[str] = field(default_factory=list)  # the header cells as written
    above: list[str] = field(default_factory=list)  # text between the previous table and this one
    year_source: str | None = None
    kind_source: str | None = None
    # Word and Excel keep merged cells (the readers fill them in), so there a blank cell is blank;
    # CSV and pasted text lose them, so there a blank under a value means the same value.
    merges_kept: bool = True


SKIPPED_ROW = re.compile(r"^(?:合计|小计|总计|共计)")
NOTE_ROW = re.compile(r"^(?:注|备注|说明|填表说明|附|制表|填报|审核)[:：\s]|^注\d|^\d+[.、]")


def read_tables(path: Path) -> list[RawTable]:
    return find_tables(read_document(path))


def find_tables(document: Document) -> list[RawTable]:
    from store.plan.pasted import read_pasted

    tables: list[RawTable] = []
    run: list[str] = []  # text lines since the last grid
    above: list[str] = []  # text since the last table
    for block in [*document.blocks, None]:
        if isinstance(block, str):
            run.append(block)
            continue
        found, after = read_pasted(run, above=above)
        tables += found
        above = after if found else above + run
        run = []
        if isinstance(block, Grid):
            found, after = grid_tables(block, above)
            tables += found
            above = after if found else above + after
    settle(tables, document.lines, document.name)
    return tables


def classify_header(cells: list[str]) -> str | None:
    """"plan", "form" (a blank registration or statistics form) or None (not a header)."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) < 2:
        return None
    if any(is_form_word(c) for c in filled) and sum(1 for c in filled if column_of(c) or is_form_word(c)) >= 2:
        return "form"
    columns = [column_of(c) for c in filled]
    known = [c for c in columns if c]
    if "unit" not in known or not {"topic", "time"} & set(known) or len(known) < 0.5 * len(filled):
        return None
    return "plan"


def grid_tables(grid: Grid, above: list[str]) -> tuple[list[RawTable], list[str]]:
    """Header rows start tables; single-cell rows are titles and notes; returns the text after."""
    tables: list[RawTable] = []
    state, lines = None, list(above)
    prefix = f"{grid.place} " if grid.place else ""
    for i, row in enumerate(grid.rows, 1):
        filled = [c.strip() for c in row if c.strip()]
        if not filled:
            continue
        kind = classify_header(row)
        if kind == "plan" and not context.is_form_title(lines):
            columns = [column_of(c) or "" if c.strip() else "" for c in row]
            tables.append(RawTable(f"{prefix}第 {i} 行起的表格", None, columns, header=list(row), above=lines,
                                   merges_kept=bool(grid.place)))
            state, lines = "plan", []
        elif kind is not None:
            state, lines = "form", []
        elif len(set(filled)) == 1:
            lines.append(filled[0])
            if NOTE_ROW.match(filled[0]):
                state = None
        elif state == "plan" and not SKIPPED_ROW.match(filled[0]):
            _add_row(tables[-1], row, f"{prefix}第 {i} 行")
    return tables, lines


def _add_row(table: RawTable, row: list[str], place: str) -> None:
    cells: dict[str, str] = {}
    for j, column in enumerate(table.columns):
        if column and j < len(row) and row[j].strip() and column not in cells:
            cells[column] = row[j]
    if any(col != "seq" for col in cells):
        table.rows.append(RawRow(place, cells))


def settle(tables: list[RawTable], lines: list[str], filename: str = "") -> None:
    """Each table's title, kind and year, and where each was read from."""
    previous: RawTable | None = None
    for table in tables:
        near = context.titles(table.above)
        table.title = near[-1] if near else None
        if previous is not None and not near:  # the table goes on after a page break
            table.title, table.year, table.kind = previous.title, previous.year, previous.kind
            table.year_source, table.kind_source = previous.year_source, previous.kind_source
            continue
        kind = (context.kind_from_titles(table.above) or context.kind_from_header(table.header)
                or context.kind_from_document(lines, filename))
        year = context.year_of(table.above, lines, filename)
        if kind:
            table.kind, table.kind_source = str(kind.value), kind.source
        if year:
            table.year, table.year_source = int(str(year.value)), year.source
        previous = table
