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

from store.plan.errors import PlanFileError
from store.plan.guards import MAX_CELLS, check_package

__all__ = ["Document", "Grid", "PlanFileError", "read_document"]


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
OLD_FORMATS = {".doc": ".docx", ".wps": ".docx", ".xls": ".xlsx", ".et": ".xlsx"}


def read_document(path: Path) -> Document:
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS:
        raise PlanFileError(f"不支持的文件类型“{path.suffix}”（旧版 Office/WPS 格式）：请在 Word/Excel/WPS 中"
                            f"另存为 {OLD_FORMATS[suffix]} 后再导入")
    if suffix not in SUFFIXES:
        raise PlanFileError(
            f"不支持的文件类型“{path.suffix or path.name}”：请用 Word(.docx)、Excel(.xlsx)、CSV 或文本(.txt)"
        )
    if not path.is_file():
        raise PlanFileError(f"找不到文件 {path}")
    if suffix in (".docx", ".xlsx"):
        check_package(path)
    try:
        if suffix == ".docx":
            return Document(path.name, _docx_blocks(path))
        if suffix == ".xlsx":
            return Document(path.name, _xlsx_blocks(path))
        text = _decode(path.read_bytes(), path)
    except PlanFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind
        kind = {".docx": "Word", ".xlsx": "Excel"}.get(suffix)
        fix = f"（不是有效的 {kind} 文件；请用 {kind} 或 WPS 打开后另存为 {suffix} 再导入）" if kind else ""
        raise PlanFileError(f"无法读取文件 {path.name}：文件已损坏或格式不符{fix}") from exc
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
    for element in _body_elements(document.element.body):
        if element.tag.endswith("}p"):
            blocks += Paragraph(element, document).text.splitlines() or [""]
        elif element.tag.endswith("}tbl"):
            n += 1
            blocks.append(Grid(f"表 {n}", _docx_grid(Table(element, document))))
    return blocks


def _body_elements(parent):
    """Paragraphs and tables in reading order, also those inside content controls (w:sdt)."""
    for element in parent.iterchildren():
        if element.tag.endswith("}sdt"):
            for content in element.iterchildren():
                if content.tag.endswith("}sdtContent"):
                    yield from _body_elements(content)
        else:
            yield element


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
        rows, cols = _filled_extent(sheet)
        grid = [[excel_text(cell.value, cell.number_format) for cell in row]
                for row in sheet.iter_rows(max_row=rows, max_col=cols)] if rows and cols else []
        for merged in sheet.merged_cells.ranges:
            if merged.min_row > rows or merged.min_col > cols:
                continue
            value = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, min(merged.max_row, rows) + 1):
                grid[r - 1][merged.min_col - 1] = value
        blocks += [sheet.title, Grid(f"工作表“{sheet.title}”", grid)]
    book.close()
    return blocks


def _filled_extent(sheet) -> tuple[int, int]:
    """Rows and columns up to the last cell holding text. The sheet's own dimension counts
    formatted empty cells too, and a whole formatted column reaches row 1,048,576."""
    rows = cols = 0
    for (row, col), cell in sheet._cells.items():  # the loaded cells; openpyxl has no public view
        if cell.value is not None and str(cell.value).strip():
            rows, cols = max(rows, row), max(cols, col)
    if rows * cols > MAX_CELLS:
        raise PlanFileError(f"工作表“{sheet.title}”有内容的范围过大（{rows} 行 × {cols} 列），不像一份计划表"
                            "（请删去表格以外远处单元格的内容后另存再上传）")
    return rows, cols


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
