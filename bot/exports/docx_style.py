"""Word helpers for government-style documents: A4, Chinese fonts, ruled tables.

python-docx sets only the Latin font name; Chinese text needs ``w:eastAsia`` too, or Word
and LibreOffice pick whatever CJK font they like. Fixed table layout keeps the columns
where we put them in both programs.
"""
from __future__ import annotations

import copy
import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TITLE_FONT = "方正小标宋简体"  # the notices' title face; Word substitutes a Song face without it
BODY_FONT = "仿宋"
LATIN_FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
TOP = WD_CELL_VERTICAL_ALIGNMENT.TOP
MIDDLE = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def new_document(*, landscape: bool = False, body_size: float = 12) -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(body_size)
    normal.font.name = LATIN_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    return doc


def usable_width_cm(doc: DocxDocument) -> float:
    section = doc.sections[-1]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None  # new_document sets them
    return (width - left - right) / 360000


def style_run(run, *, font: str = BODY_FONT, size: float | None = None, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold


def add_paragraph(doc, text: str, *, align=LEFT, font: str = BODY_FONT, size: float | None = None,
                  bold: bool = False, space_before: float = 0, space_after: float = 0):
    para = doc.add_paragraph()
    para.alignment = align
    para.paragraph_format.space_before = Pt(space_before)
    para.paragraph_format.space_after = Pt(space_after)
    style_run(para.add_run(text), font=font, size=size, bold=bold)
    return para


def add_title(doc, text: str, *, size: float = 22) -> None:
    add_paragraph(doc, text, align=CENTER, font=TITLE_FONT, size=size, space_after=12)


def set_cell(cell, text: str, *, bold: bool = False, align=CENTER, size: float | None = None,
             font: str = BODY_FONT, valign=MIDDLE) -> None:
    """Replace the cell's text; each line of ``text`` becomes its own paragraph."""
    lines = text.split("\n") if text else [""]
    cell.paragraphs[0].text = ""
    for _extra in lines[1:]:
        cell.add_paragraph()
    for para, line in zip(cell.paragraphs, lines, strict=False):
        para.alignment = align
        style_run(para.add_run(line), font=font, size=size, bold=bold)
    cell.vertical_alignment = valign
    if valign == TOP:  # keep text written from the top off the ruled line
        cell.paragraphs[0].paragraph_format.space_before = Pt(4)


def ruled_table(doc, rows: int, widths_cm: Sequence[float]):
    """A table with every border drawn and fixed column widths."""
    table = doc.add_table(rows=rows, cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for i, width in enumerate(widths_cm):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)
    return table


PLACEHOLDER = "·"  # a template cell's text: python-docx writes no <w:t> for an empty run


def fill_from_template(table, template, rows: Sequence[Sequence[str]]) -> None:
    """One row per ``rows`` item, copied from the formatted ``template`` row, which is then
    dropped. Copying the XML is several times faster than formatting every run through
    python-docx, which shows on plans of thousands of rows."""
    tbl = table._tbl
    for texts in rows:
        tr = copy.deepcopy(template._tr)
        for tc, text in zip(tr.tc_lst, texts, strict=False):
            tc.xpath(".//w:t")[0].text = " ".join(str(text).split())
        tbl.append(tr)
    tbl.remove(template._tr)


def set_row_height(row, cm: float, *, exact: bool = False) -> None:
    row.height = Cm(cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST


def repeat_as_header(row) -> None:
    """Print this row again at the top of every page the table runs onto."""
    _row_flag(row, "w:tblHeader")


def keep_row_whole(row) -> None:
    _row_flag(row, "w:cantSplit")


def _row_flag(row, tag: str) -> None:
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def document_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
