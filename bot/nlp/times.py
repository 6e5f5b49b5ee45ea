"""Time expressions in a message: ``find_time`` and ``find_times``.

Atoms (``time_atoms``) that touch (only spaces between them) and go from coarser to finer
levels are joined into one expression: "2026年10月20日 下午3点", "下周二上午10点", "10月中下旬".
Two expressions joined by 至/到/~/- form a range; the second inherits what it leaves out from the
first ("4月15日至16日", "下午3点到5点"). The rules that turn an expression into dates are in
``time_resolve`` (see its docstring). Every span refers to the normalised text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .normalize import normalize
from .time_atoms import CLOCK, DAY, MONTH, PART_OF_DAY, YEAR, YEAR_PART, Atom, scan_atoms
from .time_resolve import Window, resolve

__all__ = ["TimeWindow", "find_time", "find_times", "find_times_normalized"]

_RANGE = re.compile(r"\s?(?:至|到|~|-|—{1,2}|～)\s?")


@dataclass(frozen=True)
class TimeWindow:
    start: date | datetime
    end: date | datetime
    precision: str
    text: str
    span: tuple[int, int]

    def as_json(self) -> dict:
        return {"start": _fmt(self.start), "end": _fmt(self.end)}


@dataclass
class _Expr:
    atoms: list[Atom] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.atoms[0].start

    @property
    def end(self) -> int:
        return self.atoms[-1].end

    def fields(self, below: int | None = None) -> dict:
        merged: dict = {}
        for atom in self.atoms:
            if below is None or atom.level < below:
                merged.update({k: v for k, v in atom.values.items() if v is not None})
        return merged


def _fmt(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def _group(text: str, atoms: list[Atom]) -> list[_Expr]:
    groups: list[_Expr] = []
    for atom in atoms:
        last = groups[-1] if groups else None
        if last and _can_join(last.atoms[-1], atom) and not text[last.end:atom.start].strip():
            last.atoms.append(atom)
        else:
            groups.append(_Expr([atom]))
    return groups


_ABSOLUTE = {"year", "month", "day", "quarter", "months"}


def _can_join(prev: Atom, atom: Atom) -> bool:
    """Whether ``atom`` refines ``prev`` (2026年 + 5月, 5月 + 20日, 周二 + 下午 + 3点)."""
    if prev.level == YEAR:
        return atom.level in (YEAR_PART, MONTH, DAY) and atom.values.keys() <= _ABSOLUTE | {"part"}
    if prev.level == MONTH:
        return atom.values.keys() == {"day"} and not prev.values.get("part")
    if prev.level == DAY:
        return atom.level == PART_OF_DAY or (atom.level == CLOCK and "clock" not in prev.values)
    return prev.level == PART_OF_DAY and atom.level == CLOCK


def _range_fields(first: _Expr, second: _Expr) -> dict:
    tail = second.fields()
    inherited = first.fields(below=second.atoms[0].level)
    if tail.get("bare_weekday") and "week" in first.fields():
        tail.pop("bare_weekday")
        inherited["week"] = first.fields()["week"]
    return {**inherited, **tail}


def _join_range(a: Window, b: Window, weekly: bool) -> Window | None:
    if weekly and b.end < a.start:  # 周五至周一: the Monday after
        b = Window(b.start + timedelta(days=7), b.end + timedelta(days=7), b.precision)
    if a.precision != b.precision:
        a = Window(_day(a.start), _day(a.end), "day")
        b = Window(_day(b.start), _day(b.end), "day")
    if b.end < a.start:
        return None
    return Window(a.start, b.end, a.precision)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def wall_time(now: datetime) -> datetime:
    """``now`` as naive wall time in the deployment zone (aware datetimes are converted)."""
    if now.tzinfo is None:
        return now
    from bot.clock import DEFAULT_TZ

    return now.astimezone(DEFAULT_TZ).replace(tzinfo=None)


def find_times_normalized(norm: str, now: datetime, *, prefer_future: bool = True) -> list[TimeWindow]:
    """Like ``find_times`` on text that is already normalised (spans refer to it)."""
    now = wall_time(now)
    exprs = _group(norm, scan_atoms(norm))
    found: list[TimeWindow] = []
    i = 0
    while i < len(exprs):
        expr, end, window = exprs[i], exprs[i].end, resolve(exprs[i].fields(), now, prefer_future)
        nxt = exprs[i + 1] if i + 1 < len(exprs) else None
        link = _RANGE.match(norm, expr.end) if nxt else None
        if window and link and link.end() == nxt.start:
            tail_fields = _range_fields(expr, nxt)
            tail = resolve(tail_fields, now, prefer_future)
            joined = _join_range(window, tail, bool(tail_fields.get("bare_weekday"))) if tail else None
            if joined:
                window, end, i = joined, nxt.end, i + 1
        if window:
            found.append(TimeWindow(window.start, window.end, window.precision,
                                    norm[expr.start:end], (expr.start, end)))
        i += 1
    return found


def find_times(text: str, now: datetime, *, prefer_future: bool = True) -> list[TimeWindow]:
    """Every time expression of ``text``, left to right (spans refer to ``normalize(text)``)."""
    return find_times_normalized(normalize(text), now, prefer_future=prefer_future)


def find_time(text: str, now: datetime, *, prefer_future: bool = True) -> TimeWindow | None:
    """The first time expression of ``text``, or None."""
    found = find_times(text, now, prefer_future=prefer_future)
    return found[0] if found else None
