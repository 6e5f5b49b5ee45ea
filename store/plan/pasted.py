"""Text pasted out of a plan table (from Word, PDF or Excel): the table has to be found again.

What such text looks like (see tests/data/plan_*.txt): the header may be split across lines
("序" / "号"); rows are either tab-separated (a wrapped cell's lines joined by a space) or
space-separated with wrapped cells on lines of their own, or one cell per line; several
tables follow each other, each after its title, and a table may go on after a page break
with its header repeated. Rows are told apart by their 序号 counting up.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

from store.plan.columns import COLUMN_WORDS, column_of, is_fragment, kind_of, plan_year_in
from store.plan.rowsplit import split_row
from store.plan.tables import RawRow, RawTable

# Lines after which a table cannot go on: the next attachment, a title, the footer of the notice.
STOP_LINE = re.compile(r"^(?:附件|抄送|印发|注[:：]|备注|说明[:：]|联系人)|^\D.*\d{4}\s*年\s*度.*计划")
PAGE_NUMBER = re.compile(r"^[-—–]\s*\d+\s*[-—–]$")
HEADER_WORDS = {w for words in COLUMN_WORDS.values() for w in words}
ROW_START = re.compile(r"^(\d{1,3})(?:\s+(.*))?$")


@dataclass
class Header:
    columns: list[str]
    end: int  # index of the first line after the header
    tabs: bool


@dataclass
class PendingRow:
    line: int
    seq: str
    pieces: list[str] = field(default_factory=list)


def _merge_fragments(tokens: list[str]) -> list[str] | None:
    """["序", "号", "访谈单位"] → ["序号", "访谈单位"]; None if something is not a header word."""
    words, k = [], 0
    while k < len(tokens):
        joins = ["".join(tokens[k:k + n]) for n in (1, 2, 3) if k + n <= len(tokens)]
        exact = [n for n, joined in enumerate(joins, 1) if joined in HEADER_WORDS]
        if exact:
            n = exact[0]
        elif column_of(tokens[k]) and not is_fragment(tokens[k]):
            n = 1  # a header word with a note, "发布人（职务）"
        else:
            return None
        words.append(joins[n - 1])
        k += n
    return words


def header_at(lines: list[str], i: int) -> Header | None:
    if not lines[i].strip():
        return None
    tokens: list[str] = []
    j, tabs = i, False
    while j < len(lines):
        line = lines[j].strip()
        parts = [p for p in re.split(r"\s+", line) if p]
        if line and not all(column_of(p) or is_fragment(p) for p in parts):
            break
        tokens += parts
        tabs = tabs or "\t" in lines[j]
        j += 1
    words = _merge_fragments(tokens)
    columns = [column_of(w) for w in words or []]
    if "unit" not in columns or not {"topic", "time"} & set(columns):
        return None
    while j > i and not lines[j - 1].strip():
        j -= 1
    return Header(columns, j, tabs)


def _title(lines: list[str]) -> str | None:
    texts = [t.strip() for t in lines if t.strip() and not re.fullmatch(r"附件\s*\d*", t.strip())]
    return " ".join(texts[-1:]) or None


def read_pasted(text: str) -> list[RawTable]:
    lines = [line.replace("\u3000", " ").replace("\xa0", " ").rstrip(" \r") for line in text.splitlines()]
    tables: list[RawTable] = []
    i = last_end = 0
    while i < len(lines):
        header = header_at(lines, i)
        if header is None:
            i += 1
            continue
        end = _body_end(lines, header.end)
        title = _title(lines[last_end:i])
        before = "\n".join(lines[:i])
        year = plan_year_in(title) or _last_year(before)
        previous = tables[-1] if tables and title is None else None
        table = RawTable(
            f"第 {i + 1} 行起的表格", title, header.columns,
            year=year or (previous.year if previous else None),
            kind=kind_of(title) or kind_of(" ".join(lines[i:header.end])) or (previous.kind if previous else None),
        )
        body = range(header.end, end)
        first = next((lines[j] for j in body if lines[j].strip()), "")
        tabs = header.tabs or "\t" in first  # a header of one cell per line, tab-separated rows
        table.rows = _tab_rows(lines, body, header) if tabs else _space_rows(lines, body, header)
        tables.append(table)
        i = last_end = end
    if tables and all(t.year is None for t in tables):
        for t in tables:
            t.year = plan_year_in(text)
    return tables


def _last_year(text: str) -> int | None:
    years = re.findall(r"(\d{4})\s*年\s*度", text)
    return int(years[-1]) if years else None


def _body_end(lines: list[str], start: int) -> int:
    for j in range(start, len(lines)):
        if STOP_LINE.search(lines[j].strip()) or header_at(lines, j):
            return j
    return len(lines)


def _tab_rows(lines: list[str], body: range, header: Header) -> list[RawRow]:
    rows = []
    reader = csv.reader([lines[j] for j in body], delimiter="\t")
    for cells in reader:
        line_no = body.start + reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len([c for c in cells if c.strip()]) == 1 and PAGE_NUMBER.match(cells[0].strip()):
            continue
        while len(cells) > len(header.columns) and not cells[-1].strip():
            cells.pop()
        if len(cells) != len(header.columns):
            rows.append(RawRow(f"第 {line_no} 行", {"_error": f"有 {len(cells)} 列，表头有 {len(header.columns)} 列"}))
            continue
        rows.append(RawRow(f"第 {line_no} 行", dict(zip(header.columns, cells, strict=False)), wrapped_with_spaces=True))
    return rows


def _space_rows(lines: list[str], body: range, header: Header) -> list[RawRow]:
    pending: list[PendingRow] = []
    stray: list[RawRow] = []
    for j in body:
        line = lines[j].strip()
        if not line or PAGE_NUMBER.match(line):
            continue
        match = ROW_START.match(line)
        expected = int(pending[-1].seq) + 1 if pending else None
        if match and (expected is None or int(match[1]) == expected):
            pending.append(PendingRow(j + 1, match[1], [match[2]] if match[2] else []))
        elif pending:
            pending[-1].pieces.append(line)
        else:
            stray.append(RawRow(f"第 {j + 1} 行", {"_error": f"无法识别“{line[:20]}”：不在任何序号的行内"}))
    return stray + [RawRow(f"第 {p.line} 行", split_row(p.seq, p.pieces, header.columns)) for p in pending]
