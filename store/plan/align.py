"""Lines of pasted text → the cells of a row, by column position and by what each cell looks like.

Text copied from a web page or a Word table comes one cell per line, but a long cell wraps
onto the next line, and a merged cell ("微视频访谈" for three rows) is written only in the
first row it covers. ``align_row`` gives each column a run of consecutive lines (one, several
for a wrapped text column, none for a merged value carried down from the row above or an empty
optional cell) and keeps the assignment whose cells fit their columns best. ``align_stream``
does the same for a table without 序号, where the rows themselves have to be told apart.
"""
from __future__ import annotations

import re
from functools import lru_cache

from store.plan.columns import LOCATION_WORDS, TIME_CELL_EXACT, TITLE_WORDS, UNDECIDED_TOPIC, compact_time

CARRIED = frozenset({"unit", "time", "form"})  # a merged cell's value goes on in the next rows
OPTIONAL = frozenset({"speaker", "location", "note", "co_units", "form", "contact"})
JOINABLE = frozenset({"topic", "speaker", "location", "note", "unit", "co_units", "contact"})
MAX_RUN = 4

UNIT_END = re.compile(
    r"(?:局|委|办|镇|乡|街道|中心|公司|集团|院|所|馆|队|会|政府|管委会|站|社|部|处|署|团|联|厂|行|校|室|厅)$")
LOOSE_TIME = re.compile(r"^(?:20\d{2}\s*年\s*)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月|季度|半年|全年|年内|年底")
UNDECIDED_TIME = re.compile(r"^(?:由.{0,10}确定|待定|另行确定|未定|全年|年内|视情况?而?定)$")
FORM_VALUE = re.compile(r"新闻发布会|发布会|在线访谈|网上访谈|视频访谈|微视频|图文访谈|直播|政策解读|吹风会|例行|访谈$")
LOCATION = re.compile(rf"{LOCATION_WORDS}$")
_TITLES = "|".join(TITLE_WORDS)
SPEAKER = re.compile(rf"(?:{_TITLES})\s?[\u4e00-\u9fff·]{{2,4}}$")
CARRY_COST, EMPTY_COST, WRAP_COST = 1.0, 0.8, 0.4


def is_time(text: str) -> bool:
    return bool(TIME_CELL_EXACT.match(compact_time(text)))


def is_unit(text: str) -> bool:
    parts = [p for p in re.split(r"[、，,；;/\n]+", text) if p.strip()]
    return bool(parts) and all(2 <= len(p.strip()) <= 25 and not re.search(r"\s", p.strip())
                               and UNIT_END.search(p.strip()) for p in parts)


@lru_cache(maxsize=65536)
def fit(column: str, text: str) -> float | None:
    """How well ``text`` fits ``column``; None when it cannot be that column's cell."""
    flat = text.replace("\n", "")
    timeish = is_time(flat)
    if column == "seq":
        return 1.0 if flat.strip().rstrip(".、").isdigit() else None
    if column == "time":
        if timeish:
            return 3.0
        if UNDECIDED_TIME.match(flat.strip()):
            return 1.0
        return 1.5 if len(flat) <= 14 and LOOSE_TIME.search(flat) else None
    if timeish:
        return None if column in ("unit", "co_units", "speaker", "location", "form") else -2.0
    if column in ("unit", "co_units"):
        if is_unit(text):
            return 3.0
        return 0.3 if len(flat) <= 12 and not re.search(r"\s", flat.strip()) else None
    if column == "topic":
        if UNDECIDED_TOPIC.match(flat.strip()):
            return 1.0
        if SPEAKER.match(flat.strip()) and len(flat) <= 12:
            return -1.0  # "副局长 李四" is a speaker's cell, not a topic
        return 0.0 if is_unit(flat) and len(flat) <= 8 else 1.0
    if column == "speaker":
        return 2.5 if SPEAKER.search(flat) else (1.0 if any(w in flat for w in TITLE_WORDS) else -1.0)
    if column == "location":
        return 2.5 if LOCATION.search(flat.strip()) else -1.0
    if column == "form":
        return 3.0 if FORM_VALUE.search(flat) and len(flat) <= 12 else None
    return 0.2  # note, and any column without a shape


def align_row(pieces: list[str], columns: list[str], *, has_previous: bool) -> tuple[float, dict[str, str]] | None:
    """The best cells for one row's lines, or None if the lines cannot be this row."""
    n, m = len(pieces), len(columns)
    best: dict[tuple[int, int], tuple[float, tuple[int, int, int] | None]] = {(0, 0): (0.0, None)}
    for j, column in enumerate(columns):
        skip = CARRY_COST if column in CARRIED and has_previous else EMPTY_COST if column in OPTIONAL else None
        for i in range(n + 1):
            if (i, j) not in best:
                continue
            base = best[(i, j)][0]
            if skip is not None:
                _keep(best, (i, j + 1), base - skip, (i, j, 0))
            for k in range(1, min(MAX_RUN if column in JOINABLE else 1, n - i) + 1):
                score = fit(column, "\n".join(pieces[i:i + k]))
                if score is not None:
                    _keep(best, (i + k, j + 1), base + score - WRAP_COST * (k - 1), (i, j, k))
    if (n, m) not in best:
        return None
    cells, at = {}, (n, m)
    while (step := best[at][1]) is not None:
        i, j, k = step
        if k:
            cells[columns[j]] = "\n".join(pieces[i:i + k])
        at = (i, j)
    return best[(n, m)][0], cells


def _keep(best: dict, at: tuple[int, int], score: float, step: tuple[int, int, int]) -> None:
    if at not in best or score > best[at][0]:
        best[at] = (score, step)


def align_stream(pieces: list[str], columns: list[str]) -> list[tuple[int, dict[str, str]]] | None:
    """A table without 序号: its lines split into rows; each row as (index of its first line, cells)."""
    n, longest = len(pieces), len(columns) + MAX_RUN
    best: list[tuple[float, int, dict[str, str]] | None] = [None] * (n + 1)
    best[0] = (0.0, -1, {})
    for i in range(n):
        start = best[i]
        if start is None:
            continue
        base = start[0]
        for k in range(i + 1, min(n, i + longest) + 1):
            found = align_row(pieces[i:k], columns, has_previous=i > 0)
            if found is None:
                continue
            score = base + found[0]
            current = best[k]
            if current is None or score > current[0]:
                best[k] = (score, i, found[1])
    if best[n] is None:
        return None
    rows, at = [], n
    while at > 0:
        entry = best[at]
        assert entry is not None
        rows.append((entry[1], entry[2]))
        at = entry[1]
    return rows[::-1]
