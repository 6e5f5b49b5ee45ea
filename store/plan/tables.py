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
import tempfile
from pathlib import Path

from store.plan import context
from store.plan.columns import column_of
from store.plan.document import Document, Grid, PlanFileError, read_document
from store.plan.guards import safe_file_name
from store.plan.pasted import read_pasted
from store.plan.raw import RawRow, RawTable, cells_of, classify_header

__all__ = ["PlanFileError", "RawRow", "RawTable", "read_tables", "read_tables_of", "find_tables", "grid_tables"]


SKIPPED_ROW = re.compile(r"^(?:合计|小计|总计|共计)")
NOTE_ROW = re.compile(r"^(?:注|备注|说明|填表说明|附|制表|填报|审核)[:：\s]|^注\d|^\d+[.、]")


def read_tables(path: Path) -> list[RawTable]:
    return find_tables(read_document(path))


def read_tables_of(name: str, content: bytes) -> list[RawTable]:
    """A file received as bytes (sent in chat): read under its own name from a private folder."""
    with tempfile.TemporaryDirectory(prefix="pressbot-plan-") as folder:
        path = Path(folder) / safe_file_name(name)
        path.write_bytes(content)
        return read_tables(path)


def find_tables(document: Document) -> list[RawTable]:
    tables: list[RawTable] = []
    run: list[str] = []  # text lines since the last grid
    above: list[str] = []  # text since the last table
    for block in [*document.blocks, None]:
        if isinstance(block, str):
            run.append(block)
            continue
        found, above = read_pasted(run, above=above)
        tables += found
        run = []
        if isinstance(block, Grid):
            found, above = grid_tables(block, above)
            tables += found
    settle(tables, document.lines, document.name)
    return tables


def grid_tables(grid: Grid, above: list[str]) -> tuple[list[RawTable], list[str]]:
    """Header rows start tables; single-cell rows are titles and notes; returns the text after."""
    tables: list[RawTable] = []
    state, lines = None, list(above)
    prefix = f"{grid.place} " if grid.place else ""
    header_at = 0
    for i, row in enumerate(grid.rows, 1):
        filled = [c.strip() for c in row if c.strip()]
        if not filled:
            continue
        if state == "plan" and i == header_at + 1 and _is_sub_header(tables[-1].header, row):
            _merge_sub_header(tables[-1], row)
            continue
        kind = classify_header(row)
        if kind == "plan" and not context.is_form_title(lines):
            header_at = i
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


SUB_HEADER_WORDS = ("姓名", "职务", "名称", "月份", "日期", "时间", "主要内容")


def _is_sub_header(header: list[str], row: list[str]) -> bool:
    """The second row of a two-row header: under "发布人" come "姓名" and "职务"; the other cells
    repeat the header above (merged down) or are blank."""
    above = [*header, *[""] * len(row)]
    new = [c.strip() for j, c in enumerate(row) if c.strip() and c.strip() != above[j].strip()]
    return bool(new) and all(len(c) <= 6 and not re.search(r"\d", c) and (column_of(c) or c in SUB_HEADER_WORDS)
                             for c in new)


def _merge_sub_header(table: RawTable, row: list[str]) -> None:
    """A sub-header cell takes the column of the header cell above it, or of the one it is merged
    into on the left ("发布人" spanning "姓名" and "职务")."""
    columns = list(table.columns) + [""] * (len(row) - len(table.columns))
    for j, cell in enumerate(row):
        if not cell.strip() or columns[j]:
            continue
        left = next((columns[k] for k in range(j - 1, -1, -1) if table.header[k:k + 1] and table.header[k].strip()),
                    "")
        columns[j] = column_of(cell) or left
    table.columns = columns


def _add_row(table: RawTable, row: list[str], place: str) -> None:
    cells = cells_of(table.columns, row)
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
