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
from collections.abc import Sequence
from dataclasses import dataclass, field

from store.plan.align import align_row, align_stream, is_time, is_unit
from store.plan.columns import COLUMN_WORDS, column_of, is_form_word, is_fragment
from store.plan.context import DATE_LINE, squeeze
from store.plan.raw import RawRow, RawTable, cells_of, classify_header
from store.plan.rowsplit import split_row

# Lines after which a table cannot go on: the next attachment, a title, the footer of the notice
# or of the web page it was copied from.
STOP_LINE = re.compile(
    r"^(?:附件|抄送|印发|注\d?[:：]|备注[:：]|说明[:：]|联系人|联系电话|来源[:：]|责任编辑|分享到|打印|关闭)"
    r"|^\D.*\d{4}\s*年\s*度.*计划|^\D.*20\d{2}\s*年.*(?:计划|方案)(?:（.*）)?$"
    r"|扫一扫|上一篇|下一篇|网站地图|联系我们|主办单位[:：]|承办单位[:：]|ICP|公网安备|网站标识码|【字体|打印本页|关闭窗口"
    r"|【打印|【关闭|版权所有|Copyright|©|相关链接|友情链接|返回顶部|附件下载|我要纠错|【纠错|收藏本页"
)
SIGNATURE = re.compile(r"(?:办公室|委员会|人民政府|宣传部|领导小组)$")
# "一、上半年", "（二）下半年": a section heading inside a table, not a cell.
SECTION = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）)\S{1,12}$")
PAGE_NUMBER = re.compile(r"^[-—–]\s*\d+\s*[-—–]$")
HEADER_WORDS = {w for words in COLUMN_WORDS.values() for w in words}
ROW_START = re.compile(r"^(\d{1,3})(?:[.、．]?$|[.、．]?\s+(.*)$|[.、．](\D.*)$)")


@dataclass
class Header:
    columns: list[str]
    end: int  # index of the first line after the header
    tabs: bool
    form: bool = False  # the header of a blank 登记表/统计表


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
        elif (column_of(tokens[k]) or is_form_word(tokens[k])) and not is_fragment(tokens[k]):
            n = 1  # a header word with a note, "发布人（职务）"
        else:
            return None
        words.append(joins[n - 1])
        k += n
    return words


def header_at(lines: list[str], i: int) -> Header | None:
    if not lines[i].strip():
        return None
    if "\t" in lines[i].strip(" "):  # a header row copied from a table: judged like a grid's
        cells = lines[i].split("\t")
        found = classify_header(cells)
        return Header([column_of(c) or "" for c in cells], i + 1, True, found == "form") if found else None
    tokens: list[str] = []
    j, tabs = i, False
    while j < len(lines):
        line = lines[j].strip()
        parts = [p for p in re.split(r"\s+", line) if p]
        if line and not all(column_of(p) or is_fragment(p) or is_form_word(p) for p in parts):
            break
        tokens += parts
        tabs = tabs or "\t" in lines[j]
        j += 1
    words = _merge_fragments(tokens)
    columns = [column_of(w) or "" for w in words or []]
    # A blank statistics form asks for media and reporters' questions in several cells; its header
    # may stop early at a cell no plan has ("发布人姓名、职务"), so the lines just after count too.
    following = [line.strip() for line in lines[j:j + 4] if line.strip()]
    form = sum(1 for w in [*(words or []), *following] if is_form_word(w)) >= 2
    if not form and ("unit" not in columns or not {"topic", "time"} & set(columns)):
        return None
    if form and len(words or []) < 3:
        return None
    while j > i and not lines[j - 1].strip():
        j -= 1
    return Header(columns, j, tabs, form)


def read_pasted(lines: list[str], *, above: Sequence[str] = ()) -> tuple[list[RawTable], list[str]]:
    """The tables in these lines, each with the text above it; and the text after the last one."""
    lines = [line.replace("\u3000", " ").replace("\xa0", " ").rstrip(" \r") for line in lines]
    tables: list[RawTable] = []
    i = last_end = 0
    before = list(above)
    while i < len(lines):
        header = header_at(lines, i)
        if header is None:
            i += 1
            continue
        end = _body_end(lines, header.end)
        if header.form:  # a blank 登记表/统计表: skip its body
            i = last_end = end
            before = []
            continue
        texts = [*before, *lines[last_end:i]]
        table = RawTable(f"第 {i + 1} 行起的表格", None, header.columns, header=lines[i:header.end], above=texts,
                         merges_kept=False)
        body = range(header.end, end)
        first = next((lines[j] for j in body if lines[j].strip()), "")
        tabs = header.tabs or "\t" in first  # a header of one cell per line, tab-separated rows
        if tabs:
            table.rows = _tab_rows(lines, body, header)
        elif "seq" in header.columns:
            table.rows = _space_rows(lines, body, header)
        else:
            table.rows = _stream_rows(lines, body, header)
        tables.append(table)
        i = last_end = end
        before = []
    return tables, [*before, *lines[last_end:]]


def _body_end(lines: list[str], start: int) -> int:
    for j in range(start, len(lines)):
        text = lines[j].strip()
        if STOP_LINE.search(text) or DATE_LINE.match(squeeze(text)) or header_at(lines, j):
            return j
        if SIGNATURE.search(text) and _next_is_date(lines, j):
            return j
    return len(lines)


def _next_is_date(lines: list[str], j: int) -> bool:
    following = next((line.strip() for line in lines[j + 1:j + 4] if line.strip()), "")
    return bool(DATE_LINE.match(squeeze(following)))


def _stream_rows(lines: list[str], body: range, header: Header) -> list[RawRow]:
    """One cell per line and no 序号: the rows are found by what their cells look like."""
    at = [j for j in body if lines[j].strip() and not PAGE_NUMBER.match(lines[j].strip())
          and not _is_section(lines[j].strip())]
    pieces = [lines[j].strip() for j in at]
    if not pieces:
        return []
    starts = [k for k, piece in enumerate(pieces) if _starts_with_unit(piece)]
    if len(starts) * 2 >= len(pieces) and starts[0] == 0:  # space-separated rows, no 序号
        bounds = [*starts, len(pieces)]
        return [RawRow(f"第 {at[a] + 1} 行", split_row("", pieces[a:b], header.columns, has_previous=k > 0,
                                                     last=b == len(pieces)))
                for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))]
    rows = align_stream(pieces, header.columns)
    if rows is None:
        return [RawRow(f"第 {at[0] + 1} 行", {"_error": "分不出各行各列：请加上序号列或用制表符分隔各列"})]
    return [RawRow(f"第 {at[first] + 1} 行", cells) for first, cells in rows]


def _is_section(line: str) -> bool:
    return bool(SECTION.match(line)) and not is_time(line)  # "一、二季度" is a time cell


def _starts_with_unit(line: str) -> bool:
    """"区教育局 招生政策 5月": a whole row on one line, its unit first."""
    first, _, rest = line.partition(" ")
    return bool(rest.strip()) and is_unit(first)


def _tab_rows(lines: list[str], body: range, header: Header) -> list[RawRow]:
    """Tab-separated rows. A cell with a line break in it (copied from a web page or Word) breaks
    its row over lines: those lines are joined back. A row with fewer cells than the header lost
    a merged cell's value (copied as nothing): its cells are aligned to the columns by shape."""
    n, rows = len(header.columns), []
    for line_no, cells in _joined_tab_lines(lines, body, header):
        while len(cells) > n and not cells[-1].strip():
            cells.pop()
        if len(cells) > n:
            rows.append(RawRow(f"第 {line_no} 行", {"_error": f"有 {len(cells)} 列，表头有 {n} 列"}))
            continue
        if len(cells) < n:
            columns = [c for c in header.columns if c]
            aligned = align_row([c for c in cells if c.strip()], columns, has_previous=bool(rows))
            if aligned is None or not aligned[1]:
                rows.append(RawRow(f"第 {line_no} 行", {"_error": f"有 {len(cells)} 列，表头有 {n} 列"}))
                continue
            rows.append(RawRow(f"第 {line_no} 行", aligned[1], wrapped_with_spaces=True))
            continue
        rows.append(RawRow(f"第 {line_no} 行", cells_of(header.columns, cells),
                           wrapped_with_spaces=True))
    return rows


def _joined_tab_lines(lines: list[str], body: range, header: Header):
    """(line number, cells) of each row, a row broken over lines joined at the break."""
    n, numbered = len(header.columns), header.columns[:1] == ["seq"]
    current: tuple[int, list[str]] | None = None
    for line_no, cells in _tab_lines(lines, body):
        starts_row = not numbered or ROW_START.match(cells[0].strip()) is not None
        if current is not None and len(current[1]) < n and (not starts_row or len(current[1]) + len(cells) - 1 == n):
            previous = current[1]
            current = (current[0], [*previous[:-1], f"{previous[-1]}\n{cells[0]}", *cells[1:]])
            continue
        if current is not None:
            yield current
        current = (line_no, cells)
    if current is not None:
        yield current


def _tab_lines(lines: list[str], body: range):
    reader = csv.reader([lines[j] for j in body], delimiter="\t")
    for cells in reader:
        filled = [c for c in cells if c.strip()]
        if not filled or (len(filled) == 1 and PAGE_NUMBER.match(filled[0].strip())):
            continue
        yield body.start + reader.line_num, cells


def _space_rows(lines: list[str], body: range, header: Header) -> list[RawRow]:
    pending: list[PendingRow] = []
    stray: list[RawRow] = []
    for j in body:
        line = lines[j].strip()
        if not line or PAGE_NUMBER.match(line) or _is_section(line):
            continue
        match = ROW_START.match(line)
        expected = int(pending[-1].seq) + 1 if pending else None
        if match and (expected is None or int(match[1]) == expected):
            rest = match[2] or match[3]
            pending.append(PendingRow(j + 1, match[1], [rest] if rest else []))
        elif pending:
            pending[-1].pieces.append(line)
        else:
            stray.append(RawRow(f"第 {j + 1} 行", {"_error": f"无法识别“{line[:20]}”：不在任何序号的行内"}))
    return stray + [RawRow(f"第 {p.line} 行", split_row(p.seq, p.pieces, header.columns, has_previous=k > 0,
                                                       last=k == len(pending) - 1))
                    for k, p in enumerate(pending)]
