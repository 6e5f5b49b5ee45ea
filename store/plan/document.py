"""A plan file read as a whole: its text lines and its grids of cells, in reading order.

Word gives paragraphs and tables in body order (a vertically merged cell repeats its text in
every row it spans, a horizontally merged one is written once); Excel gives each sheet's name
and its cells (a merged range's value goes down its first column, Excel dates become the month
or the day they stand for); CSV is one grid; text is lines. Finding the tables in them is
``store.plan.tables``' job.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path


class PlanFileError(ValueError):
    """A plan that cannot be imported; the message names the place, in Chinese."""


@dataclass
class Grid:
    place: str  # "表 2", "工作表“计划”", "" for a CSV
    rows: list[list[str]]


@dataclass
class Document:
    name: str
    blocks: list[str | Grid] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """Every text line outside the grids, for the notice's title and date."""
        return [b for b in self.blocks if isinstance(b, str)]


SUFFIXES = (".docx", ".xlsx", ".csv", ".txt")


def read_document(path: Path) -> Document:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise PlanFileError(
            f"不支持的文件类型“{path.suffix or path.name}”：请用 Word(.docx)、Excel(.xlsx)、CSV 或文本(.txt)"
        )
    if not path.is_file():
        raise PlanFileError(f"找不到文件 {path}")
    try:
        if suffix == ".docx":
            return Document(path.name, _docx_blocks(path))
        if suffix == ".xlsx":
            return Document(path.name, _xlsx_blocks(path))
        text = _decode(path.read_bytes(), path)
    except PlanFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind
        raise PlanFileError(f"无法读取文件 {path.name}：文件已损坏或格式不符（{type(exc).__name__}）") from exc
    if suffix == ".csv":
        return Document(path.name, [Grid("", list(csv.reader(io.StringIO(text))))])
    return Document(path.name, list(text.splitlines()))


def _decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanFileError(f"无法读取文件 {path.name}：不是 UTF-8 或 GBK 编码的文本")


def _docx_blocks(path: Path) -> list[str | Grid]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    blocks: list[str | Grid] = []
    n = 0
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            blocks += Paragraph(element, document).text.splitlines() or [""]
        elif element.tag.endswith("}tbl"):
            n += 1
            blocks.append(Grid(f"表 {n}", _docx_grid(Table(element, document))))
    return blocks


def _docx_grid(table) -> list[list[str]]:
    grid = []
    for row in table.rows:
        cells, values = row.cells, []
        for j, cell in enumerate(cells):
            # a horizontally merged cell comes back once per grid column: keep the first
            values.append("" if j and cell._tc is cells[j - 1]._tc else cell.text)
        grid.append(values)
    return grid


def _xlsx_blocks(path: Path) -> list[str | Grid]:
    import openpyxl

    book = openpyxl.load_workbook(str(path), data_only=True)
    blocks: list[str | Grid] = []
    for sheet in book.worksheets:
        grid = [[excel_text(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]
        for merged in sheet.merged_cells.ranges:
            value = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                grid[r - 1][merged.min_col - 1] = value
        blocks += [sheet.title, Grid(f"工作表“{sheet.title}”", grid)]
    book.close()
    return blocks


def excel_text(value: object, number_format: str = "General") -> str:
    """A cell as the office reads it: a date on the 1st with no day shown is that month."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        shows_day = "d" in number_format.lower() and "h" not in number_format.lower()
        midnight = not isinstance(value, datetime) or value.time() == datetime.min.time()
        if value.day == 1 and midnight and not shows_day:
            return f"{value.year}年{value.month}月"
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
