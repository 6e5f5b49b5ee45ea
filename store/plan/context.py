"""What the text around a table says about it: its title, its kind, its year, and where from.

The kind comes from the nearest title above the table that names one kind (a notice's title
often names both), else from the header words (发布单位/发布人 → press conference, 访谈/嘉宾 →
online interview), else from the document's titles if they name one kind only; a per-row type
column can still decide row by row (``store.plan.rows``). The year comes from the table's title,
else the notice's title, else the publication date (a plan published in November or December
is next year's), else a year in the file's name; a row's own time cell with a year wins over
all of them (``store.plan.rows``). The file's name is the kind's last source too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TITLE_WORDS = ("计划", "方案", "安排", "一览表", "汇总表", "清单", "要点", "通知", "发布会", "访谈", "附件", "登记表",
               "统计表")
FORM_TITLE = re.compile(r"登记表|统计表|报名表|回执|审批表|备案表")
KINDS = (("访谈", "online_interview"), ("发布会", "press_conference"), ("新闻发布", "press_conference"),
         ("吹风会", "press_conference"))
HEADER_KINDS = (("访谈", "online_interview"), ("嘉宾", "online_interview"), ("发布", "press_conference"))
KIND_NAMES = {"press_conference": "新闻发布会", "online_interview": "在线访谈"}
YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年")
PUBLISHED = re.compile(
    r"(?:发布|印发|成文|公开)(?:日期|时间)[:：]\s*(20\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?"
)
DATE_LINE = re.compile(r"^(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


@dataclass(frozen=True)
class Found:
    value: object
    source: str  # said to the office: "表题“2026年某区新闻发布会计划”"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_title(line: str) -> bool:
    """A short line that names a document or a table, not a sentence of the notice."""
    text = squeeze(line)
    return 2 <= len(text) <= 60 and not text.endswith(("。", "：", ":", "；", "，")) and any(
        w in text for w in TITLE_WORDS)


def titles(lines: list[str]) -> list[str]:
    return [squeeze(line) for line in lines if is_title(line)]


def kinds_in(text: str, words=KINDS) -> set[str]:
    return {kind for word, kind in words if word in text}


def is_form_title(above: list[str]) -> bool:
    near = titles(above)[-2:]
    return bool(near) and FORM_TITLE.search(near[-1]) is not None


def kind_from_titles(above: list[str]) -> Found | None:
    for title in reversed(titles(above)):
        kinds = kinds_in(title)
        if len(kinds) == 1:
            return Found(kinds.pop(), f"表题“{title}”")
    return None


def kind_from_header(header_cells: list[str]) -> Found | None:
    votes = [k for cell in header_cells for k in kinds_in(squeeze(cell), HEADER_KINDS)]
    if votes and len(set(votes)) == 1:
        return Found(votes[0], f"表头“{'、'.join(squeeze(c) for c in header_cells if c.strip())}”")
    return None


def kind_from_document(lines: list[str], filename: str = "") -> Found | None:
    named = [t for t in titles(lines) if kinds_in(t)]
    kinds = set().union(*(kinds_in(t) for t in named)) if named else set()
    if len(kinds) == 1:
        return Found(kinds.pop(), f"通知标题“{named[0]}”")
    in_name = kinds_in(filename)
    return Found(in_name.pop(), f"文件名“{filename}”") if not named and len(in_name) == 1 else None


def plan_year_in_title(title: str) -> int | None:
    """"2026年度…" first; else the last year before the words 计划/方案/安排 ("2025年工作总结及2026年
    新闻发布计划" is 2026's); else the first year."""
    if match := re.search(r"(?<!\d)(20\d{2})\s*年\s*度", title):
        return int(match[1])
    plan_word = re.search(r"计划|方案|安排", title)
    years = [m for m in YEAR.finditer(title) if plan_word is None or m.start() < plan_word.start()]
    if years:
        return int(years[-1][1])
    first = YEAR.search(title)
    return int(first[1]) if first else None


def year_from_titles(above: list[str], label: str = "表题") -> Found | None:
    for title in reversed(titles(above)[-4:]):
        if (year := plan_year_in_title(title)) is not None:
            return Found(year, f"{label}“{title}”")
    return None


def notice_title_year(lines: list[str]) -> Found | None:
    """The year in the notice's own title: the first titles of the document."""
    head = [line for line in lines if line.strip()][:12]
    for title in titles(head):
        if (year := plan_year_in_title(title)) is not None:
            return Found(year, f"通知标题“{title}”")
    return None


def published_year(lines: list[str]) -> Found | None:
    for line in lines:
        text = line.strip()
        match = DATE_LINE.match(squeeze(text)) or PUBLISHED.search(text)
        if match and 1 <= int(match[2]) <= 12:
            year, month = int(match[1]), int(match[2])
            plan_year = year + 1 if month >= 11 else year
            return Found(plan_year, f"发布日期 {year}年{month}月{int(match[3])}日")
    return None


def year_in_name(filename: str) -> Found | None:
    match = YEAR.search(filename)
    return Found(int(match[1]), f"文件名“{filename}”") if match else None


def year_of(above: list[str], lines: list[str], filename: str = "") -> Found | None:
    """Table title, notice title, publication date; the file's name ("2026年计划.xlsx") last."""
    return year_from_titles(above) or notice_title_year(lines) or published_year(lines) or year_in_name(filename)
