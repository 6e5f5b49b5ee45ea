"""Read exported files back the way a clerk would see them: sheets as rows of text, Word
tables as grids of cell text."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from docx import Document
from openpyxl import load_workbook

from bot.clock import DEFAULT_TZ


@dataclass
class SheetView:
    title: str
    subtitle: str
    headers: list[str]
    rows: list[dict[str, object]]  # data rows keyed by header, empty cells as ""
    totals: dict[str, object] | None
    notes: list[str]


def read_sheets(data: bytes) -> dict[str, SheetView]:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: _sheet(ws) for ws in wb.worksheets}


def _sheet(ws) -> SheetView:
    values = [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
    headers = [str(h) for h in values[2]]
    rows, totals, notes = [], None, []
    for row in values[3:]:
        if row[0] == "合计":
            totals = dict(zip(headers, row, strict=False))
        elif totals is None and isinstance(row[0], int):
            rows.append(dict(zip(headers, row, strict=False)))
        elif row[0]:
            notes.append(str(row[0]))
    return SheetView(str(values[0][0]), str(values[1][0]), headers, rows, totals, notes)


def read_docx(data: bytes):
    return Document(io.BytesIO(data))


def table_grid(table) -> list[list[str]]:
    """Cell texts row by row, a merged cell once (as the eye reads it)."""
    grid = []
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text)
        grid.append(cells)
    return grid


def local_text(moment: datetime, tz=DEFAULT_TZ) -> str:
    """An exact time as the exports must show it, computed here independently."""
    t = moment.astimezone(tz)
    return f"{t.year}年{t.month}月{t.day}日 {t.hour:02d}:{t.minute:02d}"
