"""Reads tests/data/unseen_lines.txt: chat lines with the parse each must get (format in its header)."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

DATA = Path(__file__).parent.parent / "data"
LINES_FILES = (DATA / "unseen_lines.txt", DATA / "unseen_lines_2.txt", DATA / "unseen_lines_3.txt")
NOWS = {"": "2026-04-14T09:30", "0930": "2026-09-30T16:00", "1228": "2026-12-28T10:00",
        "1231": "2026-12-31T15:00", "0105": "2027-01-05T09:00"}
DEFAULT_SENDER = "区教育局"
KINDS = {"pc": "press_conference", "oi": "online_interview", "-": None}
FIELDS = ("intent", "kind", "unit", "when", "topic", "old_when", "location", "speaker", "co_units")


@dataclass(frozen=True)
class Case:
    group: str
    text: str
    now: datetime
    sender: str
    expected: dict


def window(value: str) -> dict | None:
    """``2026-05`` → the month; ``2026-05-11~20`` → days 11–20; ``A~B``; ``A`` alone is start = end."""
    if value == "-":
        return None
    start, _, end = value.partition("~")
    if len(start) == 7:  # a month
        year, month = map(int, start.split("-"))
        return {"start": f"{start}-01", "end": f"{start}-{calendar.monthrange(year, month)[1]:02d}"}
    if not end:
        end = start
    elif len(end) <= 2:
        end = f"{start[:8]}{end}"
    return {"start": start, "end": end}


def _case(group: str, line: str) -> Case:
    given, _, wanted = line.partition(" ⇒ ")
    words = given.split(" ")
    now, sender = NOWS[""], DEFAULT_SENDER
    while words[0][:1] in ("!", "@"):
        head = words.pop(0)
        if head.startswith("!"):
            now = NOWS[head[1:]]
        else:
            sender = head[1:]
    values = [v.strip() for v in wanted.split("|")]
    values += ["-"] * (len(FIELDS) - len(values))
    expected = dict(zip(FIELDS, values, strict=True))
    expected["kind"] = KINDS[expected["kind"]]
    for name in ("unit", "topic", "location", "speaker"):
        value = expected[name]
        expected[name] = None if value == "-" else sender if value == "=" else value
    for name in ("when", "old_when"):
        expected[name] = window(expected[name])
    co = expected["co_units"]
    expected["co_units"] = [] if co == "-" else co.split("、")
    text = " ".join(words).replace("\\n", "\n")
    return Case(group, text, datetime.fromisoformat(now), sender, expected)


def read_cases(paths: tuple[Path, ...] = LINES_FILES) -> list[Case]:
    cases = []
    for path in paths:
        group = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("## "):
                group = line[3:].strip()
            elif line.strip() and not line.startswith("#"):
                cases.append(_case(group, line))
    return cases
