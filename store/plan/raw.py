"""A table as found in a plan file, before its cells are understood: rows of column → text,
and how a header row is told apart (plan table, blank form, or no header at all)."""
from __future__ import annotations

from dataclasses import dataclass, field

from store.plan.columns import column_of, is_form_word

JOINED = ("form", "note", "speaker")  # two such columns ("类型" and "形式", "姓名" and "职务") say one thing


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


def classify_header(cells: list[str]) -> str | None:
    """"plan", "form" (a blank registration or statistics form) or None (not a header)."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) < 2:
        return None
    # The statistics form asks for media, reporters' questions, netizens' questions in several cells;
    # a plan may have one such column ("拟邀请媒体") and stays a plan.
    if sum(1 for c in filled if is_form_word(c)) >= 2:
        return "form"
    columns = [column_of(c) for c in filled]
    known = [c for c in columns if c]
    if "unit" not in known or not {"topic", "time"} & set(known) or len(known) < 0.5 * len(filled):
        return None
    return "plan"


def cells_of(columns: list[str], row: list[str]) -> dict[str, str]:
    """Column → cell text; of two columns of one kind the first filled one counts (both for 类型/形式)."""
    cells: dict[str, str] = {}
    for column, text in zip(columns, row, strict=False):
        if not column or not text.strip():
            continue
        if column not in cells:
            cells[column] = text
        elif column in JOINED:
            cells[column] = f"{cells[column]} {text}"
    return cells
