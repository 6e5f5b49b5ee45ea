"""One pasted row without tabs → its cells, by what each kind of cell looks like.

The unit is the first word after the 序号 (unit names have no spaces), the time is the
whole-word time cell ("2021年 3月中旬", "一季度", "20198"), the interview form a known word,
a speaker "title name" at the end; the topic is what is left, its wrapped lines joined.
Lines that are one cell each (wrapped cells and merged values included) are aligned to the
columns by ``store.plan.align`` first.
"""
from __future__ import annotations

import re

from store.plan.align import align_row, is_unit
from store.plan.columns import LOCATION_WORDS, TIME_CELL, TITLE_WORDS

FORM = re.compile(r"(?:(?<=\s)|^)(网上访谈|微视频访谈|视频访谈|图文访谈|网上|微视频)(?=\s|$)")
_TITLES = "|".join(TITLE_WORDS)
SPEAKER_TAIL = re.compile(rf"(?:^|\s)(\S*?(?:{_TITLES})\s?[\u4e00-\u9fff·]{{2,4}})$")
LOCATION_TAIL = re.compile(rf"(?:^|\s)(\S*{LOCATION_WORDS})$")
TAILS = {"speaker": SPEAKER_TAIL, "location": LOCATION_TAIL}


def split_row(seq: str, pieces: list[str], columns: list[str], *, has_previous: bool = False,
              last: bool = False) -> dict[str, str]:
    """The cells of one numbered row. The table's last row may be followed by page text that
    no stop word caught: lines at its end that fit no column are left out."""
    rest = [c for c in columns if c and c != "seq"]
    if not pieces:
        return {"seq": seq, "_error": "只有序号，没有内容"}
    ends = range(len(pieces), max(len(rest) - 1, 1) - 1, -1) if last else [len(pieces)]
    for end in ends:
        aligned = align_row(pieces[:end], rest, has_previous=has_previous)
        if aligned and _credible(aligned[1], pieces[:end], rest):
            return {"seq": seq, **aligned[1]}
    return {"seq": seq, **_by_shape(pieces, rest)}


def _credible(cells: dict[str, str], pieces: list[str], columns: list[str]) -> bool:
    """A value taken as carried down from above must not be sitting inside this row's lines."""
    text = "\n".join(pieces)
    if "time" in columns and "time" not in cells and TIME_CELL.search(text):
        return False
    first = pieces[0].split()[0] if pieces[0].split() else ""
    return not ("unit" in columns and "unit" not in cells and first != pieces[0] and is_unit(first))


def _cut(text: str, match: re.Match, group: int = 0) -> str:
    return (text[:match.start(group)] + "\n" + text[match.end(group):]).strip()


def _by_shape(pieces: list[str], columns: list[str]) -> dict[str, str]:
    unit, _, first_rest = pieces[0].partition(" ")
    cells = {"unit": unit}
    text = "\n".join([first_rest.strip(), *pieces[1:]]).strip()
    free = [c for c in columns if c not in ("unit", "time", "form")]
    if "time" in columns:
        matches = list(TIME_CELL.finditer(text))
        if not matches:
            return {**cells, "_error": "找不到时间（应如“5月”“3月中旬”“一季度”）"}
        after_topic = "topic" in columns and columns.index("time") > columns.index("topic")
        match = matches[-1] if after_topic else matches[0]
        cells["time"], text = match[0], _cut(text, match)
    if "form" in columns and (form := FORM.search(text)):
        cells["form"], text = form[1], _cut(text, form, 1)
    for column in reversed(free[free.index("topic") + 1:] if "topic" in free else []):
        pattern = TAILS.get(column)
        tail = pattern.search(text) if pattern else None
        if tail is None:
            return {**cells, "_error": f"分不出“{column}”列：请用制表符分隔各列，或改用 Word/Excel 文件"}
        cells[column], text = tail[1], _cut(text, tail, 1)
    if "topic" in free:
        cells["topic"] = text
    return cells
