"""One pasted row without tabs → its cells, by what each kind of cell looks like.

The unit is the first word after the 序号 (unit names have no spaces), the time is the
whole-word time cell ("2021年 3月中旬", "一季度", "20198"), the interview form a known word,
a speaker "title name" at the end; the topic is what is left, its wrapped lines joined.
One cell per line is taken as it is when the count and shapes agree.
"""
from __future__ import annotations

import re

from store.plan.columns import TIME_CELL, TIME_CELL_EXACT, TITLE_WORDS

FORM = re.compile(r"(?:(?<=\s)|^)(网上访谈|微视频访谈|视频访谈|图文访谈|网上|微视频)(?=\s|$)")
_TITLES = "|".join(TITLE_WORDS)
SPEAKER_TAIL = re.compile(rf"(?:^|\s)(\S*?(?:{_TITLES})\s?[\u4e00-\u9fff·]{{2,4}})$")
LOCATION_TAIL = re.compile(r"(?:^|\s)(\S*(?:发布厅|会议室|演播室|大厅|会场|礼堂|报告厅))$")
TAILS = {"speaker": SPEAKER_TAIL, "location": LOCATION_TAIL}


def split_row(seq: str, pieces: list[str], columns: list[str]) -> dict[str, str]:
    rest = [c for c in columns if c != "seq"]
    if not pieces:
        return {"seq": seq, "_error": "只有序号，没有内容"}
    cells = _one_cell_per_line(pieces, rest) or _by_shape(pieces, rest)
    return {"seq": seq, **cells}


def _one_cell_per_line(pieces: list[str], columns: list[str]) -> dict[str, str] | None:
    if len(pieces) != len(columns):
        return None
    cells = dict(zip(columns, pieces, strict=False))
    if re.search(r"\s", cells.get("unit", "")):
        return None
    if "time" in cells and not TIME_CELL_EXACT.match(cells["time"].strip()):
        return None
    return cells


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
    if "form" in columns and (match := FORM.search(text)):
        cells["form"], text = match[1], _cut(text, match, 1)
    for column in reversed(free[free.index("topic") + 1:] if "topic" in free else []):
        pattern = TAILS.get(column)
        match = pattern.search(text) if pattern else None
        if match is None:
            return {**cells, "_error": f"分不出“{column}”列：请用制表符分隔各列，或改用 Word/Excel 文件"}
        cells[column], text = match[1], _cut(text, match, 1)
    if "topic" in free:
        cells["topic"] = text
    return cells
