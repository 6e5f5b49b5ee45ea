"""Plan files → tables of cells, each cell knowing its place in the file.

Word (.docx, every table), Excel (.xlsx, every sheet), CSV, and text pasted from a table
(.txt, see ``store.plan.pasted``). What the cells mean is decided later (``store.plan.rows``).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from store.plan.columns import column_of, kind_of, plan_year_in


class PlanFileError(ValueError):
    """A plan that cannot be imported; the message names the place, in Chinese."""


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
    year: int | None = None  # from the title or the text before the table
    kind: str | None = None  # from the title or the header words


SUFFIXES = (".docx", ".xlsx", ".csv", ".txt")


def read_tables(path: Path) -> list[RawTable]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise PlanFileError(
            f"不支持的文件类型“{path.suffix or path.name}”：请用 Word(.docx)、Excel(.xlsx)、CSV 或文本(.txt)"
        )
    if not path.is_file():
        raise PlanFileError(f"找不到文件 {path}")
    try:
        if suffix == ".docx":
            return _read_docx(path)
        if suffix == ".xlsx":
            return _read_xlsx(path)
        text = _decode(path.read_bytes(), path)
    except PlanFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind
        raise PlanFileError(f"无法读取文件 {path.name}：文件已损坏或格式不符（{type(exc).__name__}）") from exc
    if suffix == ".csv":
        return grid_tables(list(csv.reader(io.StringIO(text))), path.name, "")
    from store.plan.pasted import read_pasted

    return read_pasted(text)


def _decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanFileError(f"无法读取文件 {path.name}：不是 UTF-8 或 GBK 编码的文本")


def _read_docx(path: Path) -> list[RawTable]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    tables, before, n = [], [], 0
    # In body order, so each table gets the paragraphs just above it as its title.
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            text = Paragraph(element, document).text.strip()
            before += [text] if text else []
        elif element.tag.endswith("}tbl"):
            n += 1
            table = Table(element, document)
            grid = [[cell.text for cell in row.cells] for row in table.rows]
            tables += grid_tables(grid, f"表 {n}", "\n".join(before), f"表 {n} ", above=before[-2:])
            before = []
    return tables


def _read_xlsx(path: Path) -> list[RawTable]:
    import openpyxl

    book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    tables = []
    for sheet in book.worksheets:
        grid = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        tables += grid_tables(grid, f"工作表“{sheet.title}”", "", place_prefix=f"工作表“{sheet.title}” ")
    book.close()
    return tables


def _header_columns(row: list[str]) -> list[str] | None:
    """The row's columns if it is a header row (a unit column and a topic or time column)."""
    columns = [column_of(c) or "" if c.strip() else "" for c in row]
    found = set(columns) - {""}
    return columns if "unit" in found and found & {"topic", "time"} else None


def _is_title(row: list[str]) -> bool:
    filled = [c.strip() for c in row if c.strip()]
    return len(filled) == 1 and any(w in filled[0] for w in ("计划", "附件", "安排表", "年度"))


def grid_tables(
    grid: list[list[str]], place: str, context: str, place_prefix: str = "", above: list[str] | None = None,
) -> list[RawTable]:
    """Cells in rows (Word, Excel, CSV): header rows start tables; rows above are the title."""
    tables: list[RawTable] = []
    above = list(above or [])
    for i, row in enumerate(grid, 1):
        columns = _header_columns(row)
        if columns:
            title = " ".join(above[-2:]) or None
            year = plan_year_in(title) or plan_year_in(context)
            tables.append(RawTable(place, title, columns, year=year, kind=kind_of(title, *row)))
            above = []
        elif tables and any(c.strip() for c in row) and not _is_title(row):
            cells = {col: row[j] for j, col in enumerate(tables[-1].columns) if col and j < len(row)}
            tables[-1].rows.append(RawRow(f"{place_prefix}第 {i} 行", cells))
        elif any(c.strip() for c in row):
            above.append(" ".join(c.strip() for c in row if c.strip()))
    return tables
