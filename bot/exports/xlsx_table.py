"""A titled, bordered table per sheet, printed on A4 landscape: the shape of every .xlsx export."""
from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

TITLE_FONT = Font(name="宋体", size=16, bold=True)
SUBTITLE_FONT = Font(name="宋体", size=11)
HEADER_FONT = Font(name="黑体", size=11, bold=True)
BODY_FONT = Font(name="宋体", size=11)
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

LINE_HEIGHT = 15  # points per line of 11-point text
# Row numbers of the fixed parts, so that readers (and tests) find the data where it starts.
TITLE_ROW, SUBTITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in characters, as Excel counts them
    align: str = "center"


@dataclass
class Sheet:
    name: str
    title: str
    subtitle: str
    columns: Sequence[Column]
    rows: list[list[object]]
    totals: list[object] | None = None
    notes: list[str] = field(default_factory=list)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        write_sheet(wb.create_sheet(sheet.name), sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_sheet(ws: Worksheet, sheet: Sheet) -> None:
    width = len(sheet.columns)
    _banner(ws, TITLE_ROW, width, sheet.title, TITLE_FONT, "center", height=32)
    _banner(ws, SUBTITLE_ROW, width, sheet.subtitle, SUBTITLE_FONT, "left", height=20)
    _row(ws, HEADER_ROW, [c.header for c in sheet.columns], sheet.columns, HEADER_FONT, header=True)
    ws.row_dimensions[HEADER_ROW].height = 30  # room for two lines: "是否设记者提问" wraps
    row_no = FIRST_DATA_ROW
    for values in sheet.rows:
        _row(ws, row_no, values, sheet.columns, BODY_FONT)
        ws.row_dimensions[row_no].height = row_height(values, sheet.columns)
        row_no += 1
    if sheet.totals is not None:
        _row(ws, row_no, sheet.totals, sheet.columns, HEADER_FONT, header=True)
        ws.row_dimensions[row_no].height = row_height(sheet.totals, sheet.columns)
        row_no += 1
    for note in sheet.notes:
        _banner(ws, row_no, width, note, SUBTITLE_FONT, "left", height=None)
        row_no += 1
    for i, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    _page_setup(ws)


def _banner(ws: Worksheet, row: int, width: int, text: str, font: Font, align: str,
            height: float | None) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = font
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if height:
        ws.row_dimensions[row].height = height


def _row(ws: Worksheet, row: int, values: Sequence[object], columns: Sequence[Column], font: Font,
         header: bool = False) -> None:
    for col, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=None if value == "" else value)
        cell.font = font
        cell.border = BOX
        align = "center" if header else column.align
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True,
                                   indent=1 if align == "left" else 0)


def row_height(values: Sequence[object], columns: Sequence[Column]) -> float:
    """Neither Excel nor LibreOffice grows a row for wrapped text on opening a file, so the
    height is set from the longest cell: a Chinese character takes two width units."""
    lines = max(_lines(value, column.width) for value, column in zip(values, columns, strict=False))
    return LINE_HEIGHT * lines + 5


def _lines(value: object, width: float) -> int:
    usable = max(width - 1.5, 1)  # cell padding and the indent
    return sum(max(1, math.ceil(_display_width(part) / usable)) for part in str(value).split("\n"))


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _page_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"  # the header again on every page
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
