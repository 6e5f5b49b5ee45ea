"""Time expressions in a message: ``find_time``, ``find_times`` and ``find_impossible``.

Atoms (``time_atoms``) that touch (only spaces, or a 的 after a year or month, between them) and go
from coarser to finer levels are joined into one expression: "2026年10月20日 下午3点", "下周二上午
10点", "6月的第一周". A weekday in brackets or a holiday's name after a date only confirms it
("5月20日（周三）", "9月10日教师节当天下午三点"). Two expressions joined by 至/到/~/- form a range;
the second inherits what it leaves out from the first ("4月15日至16日", "下午3点到5点"); a range
without a year is placed as a whole ("3月-6月" in April is this March to June; "11月至次年2月").

Direction (``lean``, see ``time_resolve``) comes from the caller, and the text may turn it for the
time it qualifies (``context_lean``): 上次/已经/已于 …, "…已经开了" and "…以来" lean past (以来/至今
run the window to today); 原定/原计划 …
and a time followed by 改到/推迟/取消 … (it names the event being moved) lean ``recent``.
Every span refers to the normalised text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .normalize import normalize
from .time_atoms import CLOCK, DAY, MONTH, PART_OF_DAY, YEAR, YEAR_PART, Atom, scan_atoms
from .time_impossible import ImpossibleTime, find_impossible, find_impossible_normalized
from .time_resolve import LEANS, Window, choose, resolve

__all__ = ["ImpossibleTime", "TimeWindow", "context_lean", "find_impossible", "find_impossible_normalized",
           "find_time", "find_times", "find_times_normalized"]

_RANGE = re.compile(r"\s?(?:至|到|~|-|—{1,2}|～)\s?(?P<next>次年|翌年|第二年)?")
_LIST = re.compile(r"\s?、\s?")  # only after a bare number: 5、6月份, 3、4日
# "5月和6月", "5月20日、22日": two times of the same shape listed together span both
_AND = re.compile(r"\s?(?:、|和|及|与|以及)\s?")
_PAST_BEFORE = re.compile(r"(?:上次|上回|上一次|已经|已于|已在|曾经|曾于)(?:是|在|于)?$")
_RECENT_BEFORE = re.compile(r"(?:原定|原计划|原来定的|原来|本来|原先|之前定的|原)(?:的|是|在|于)?$")
_PAST_AFTER = re.compile(r"(?:的[^，,。；;\s]{0,8})?(?:已经|已)(?:开|召开|举办|举行|结束|办|录|做|播)")
_CHANGE_AFTER = re.compile(r"[^，,。；;！!？?\n]{0,20}?(?:改到|改期|改为|改成|改在|推迟|延期|延后|提前|调整|挪到|顺延|"
                           r"取消|不办|不开)")
_CHANGE_BEFORE = re.compile(r"(?:改|推迟|延期|延后|提前|调整|挪|顺延|推|延)(?:到|至|为|成|在)$")


@dataclass(frozen=True)
class TimeWindow:
    start: date | datetime
    end: date | datetime
    precision: str
    text: str
    span: tuple[int, int]
    lean: str = "future"  # the direction this expression was resolved with
    # Every window the expression may mean, whichever way it leans, in time order (``readings=True``
    # only): "10月份" in December is this October or next; () when it can mean only one.
    readings: tuple[Window, ...] = ()
    # A time of day with no day ("下午三点", "上午"): it names no day of its own, so a change of an
    # existing event's time keeps that event's day (``bot.handlers.change``).
    clock_only: bool = False

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
        gap = text[last.end:atom.start].strip() if last else "?"
        if last and (gap == "" or (gap == "的" and last.atoms[-1].level in (YEAR, MONTH))
                     or (gap == "," and _dated_then_clock(last, atom))
                     or (gap == ")" and text[last.start - 1:last.start] == "(" and _dated_then_clock(last, atom))):
            joined = _joined(last, atom)
            if joined is not None:
                last.atoms.append(joined)
                continue
        groups.append(_Expr([atom]))
    return groups


_ABSOLUTE = {"year", "month", "day", "quarter", "months", "part", "sub", "holiday", "hmod", "hnth", "named",
             "lunar", "lead"}


def _bracketed_date_follows(norm: str, fields: dict, expr: _Expr, nxt: _Expr | None) -> bool:
    """周三（5月20日）, 下周二（4月21日）: the date in brackets says which day the weekday is."""
    return (nxt is not None and "weekday" in fields and fields.keys() <= {"week", "weekday", "bare_weekday"}
            and norm.startswith("(", expr.end) and nxt.start == expr.end + 1
            and all(k in nxt.fields() for k in ("month", "day")))


def _dated_then_clock(expr: _Expr, atom: Atom) -> bool:
    """5月20日，下午3点: a comma between a date and its time of day."""
    return (atom.level in (PART_OF_DAY, CLOCK) and expr.atoms[-1].level == DAY
            and all(k in expr.fields() for k in ("month", "day")) and "clock" not in expr.fields())


def _joined(expr: _Expr, atom: Atom) -> Atom | None:
    """``atom`` as it joins ``expr`` (a confirmation becomes a note), or None when it does not."""
    prev, values = expr.atoms[-1], atom.values
    dated = prev.level == DAY and "clock" not in prev.values and any("day" in a.values for a in expr.atoms)
    if dated and (values.get("note") or values.get("bare_weekday")
                  or (values.get("named") and values.get("hmod") is None)):
        return Atom(DAY, atom.start, atom.end, {"note": True})
    if prev.level in (YEAR, MONTH) and values.get("word") in ("今天", "今日") and set(expr.fields()) <= {
            "year", "year_offset", "month_offset", "part"}:
        return Atom(DAY, atom.start, atom.end, {"same_day": True})  # 去年的今天, 下个月的今天
    return atom if _can_join(prev, atom) else None


def _can_join(prev: Atom, atom: Atom) -> bool:
    """Whether ``atom`` refines ``prev`` (2026年 + 5月, 5月 + 20日, 周二 + 下午 + 3点)."""
    keys = atom.values.keys()
    if prev.level == YEAR:
        return atom.level in (YEAR_PART, MONTH, DAY) and keys <= _ABSOLUTE
    if prev.level == MONTH:
        if prev.values.get("part") or prev.values.get("sub"):
            return False
        return keys in ({"day"}, {"day", "lead"}, {"month_week"}, {"nth_weekday"}) or (
            keys == {"sub"} and atom.values["sub"][2] in ("天", "周"))
    if prev.level == DAY:
        if "week" in prev.values and keys == {"sub"}:
            return True
        return atom.level == PART_OF_DAY or (atom.level == CLOCK and "clock" not in prev.values)
    return prev.level == PART_OF_DAY and atom.level == CLOCK


def _range_fields(first: _Expr, second: _Expr, next_year: bool) -> dict:
    tail = second.fields()
    inherited = first.fields(below=second.atoms[0].level)
    if tail.get("bare_weekday") and "week" in first.fields():
        tail.pop("bare_weekday")
        inherited["week"] = first.fields()["week"]
    merged = {**inherited, **tail}
    if next_year and "year" in merged and "year" not in tail:
        merged["year"] += 1
    return merged


def _join_range(a: Window, b: Window, weekly: bool) -> Window | None:
    if a.precision != b.precision:
        a = Window(_day(a.start), _day(a.end), "day")
        b = Window(_day(b.start), _day(b.end), "day")
    if weekly and b.end < a.start:  # 周五至周一: the Monday after
        b = Window(b.start + timedelta(days=7), b.end + timedelta(days=7), b.precision)
    if b.end < a.start:
        return None
    return Window(a.start, b.end, a.precision)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


_ANCHORS = {"year", "year_offset", "month_offset", "week", "day_offset", "bare_weekday", "holiday", "lunar"}


def _floating(f: dict) -> str | None:
    """Which unit a range may slide by as a whole: "year" (3月-6月), "month" (3-5号) or None."""
    if f.keys() & _ANCHORS:
        return None
    if f.keys() & {"month", "quarter", "months", "sub"}:
        return "year"
    return "month" if f.keys() & {"day", "bare_part"} else None


def _slide(first: dict, tail: dict, now: datetime, lean: str, unit: str, next_year: bool) -> Window | None:
    candidates: list[Window | None] = []
    for k in (-1, 0, 1):
        if unit == "year":
            a = resolve({**first, "year": now.year + k}, now, "current")
            b = resolve({**tail, "year": now.year + k + next_year}, now, "current")
            if a and b and _day(b.end) < _day(a.start) and not next_year:
                b = resolve({**tail, "year": now.year + k + 1}, now, "current")
        else:
            a = resolve({**first, "month_offset": k}, now, "current")
            b = resolve({**tail, "month_offset": k}, now, "current")
        candidates.append(_join_range(a, b, False) if a and b else None)
    spans = [(_day(w.start), _day(w.end)) if w else None for w in candidates]
    picked = choose(spans, now.date(), lean, scale=unit)
    return candidates[spans.index(picked)] if picked else None


def _resolve_range(first: dict, tail: dict, now: datetime, lean: str, next_year: bool) -> Window | None:
    unit = _floating(first)
    if unit is not None and unit == _floating(tail) and lean != "current":
        return _slide(first, tail, now, lean, unit, next_year)
    a, b = resolve(first, now, lean), resolve(tail, now, lean)
    if next_year and a and b and "year" not in tail and "year_offset" not in tail:
        b = resolve({**tail, "year": a.start.year + 1}, now, lean)
    return _join_range(a, b, bool(tail.get("bare_weekday"))) if a and b else None


def _until_today(window: Window, now: datetime) -> Window:
    start = _day(window.start)
    return Window(start, max(start, now.date()), "day")


def wall_time(now: datetime) -> datetime:
    """``now`` as naive wall time in the deployment zone (aware datetimes are converted)."""
    if now.tzinfo is None:
        return now
    from bot.clock import DEFAULT_TZ

    return now.astimezone(DEFAULT_TZ).replace(tzinfo=None)


def context_lean(norm: str, span: tuple[int, int], lean: str) -> str:
    """The lean for the time at ``span``: the caller's, unless the words around it turn it."""
    before, after = norm[max(0, span[0] - 6):span[0]], norm[span[1]:span[1] + 24]
    if _RECENT_BEFORE.search(before):
        return "recent"
    if _PAST_BEFORE.search(before) or _PAST_AFTER.match(after) or after.startswith(("以来", "至今")):
        return "past"
    if lean != "past" and _CHANGE_AFTER.match(after) and not _CHANGE_BEFORE.search(before):
        return "recent"
    return lean


def _caller_lean(lean: str | None, prefer_future: bool) -> str:
    if lean is None:
        return "future" if prefer_future else "current"
    if lean not in LEANS:
        raise ValueError(f"lean must be one of {', '.join(LEANS)}, not {lean!r}")
    return lean


def find_times_normalized(norm: str, now: datetime, *, prefer_future: bool = True,
                          lean: str | None = None, readings: bool = False) -> list[TimeWindow]:
    """Like ``find_times`` on text that is already normalised (spans refer to it)."""
    caller = _caller_lean(lean, prefer_future)
    now = wall_time(now)
    exprs = _group(norm, scan_atoms(norm))
    found: list[TimeWindow] = []
    i = 0
    while i < len(exprs):
        expr = exprs[i]
        if _bracketed_date_follows(norm, expr.fields(), expr, exprs[i + 1] if i + 1 < len(exprs) else None):
            i += 1  # 周三（5月20日）: the date in brackets says which Wednesday
            continue
        here = context_lean(norm, (expr.start, expr.end), caller)
        window, end, joined = _expression(norm, exprs, i, now, here)
        if window and (joined or not expr.atoms[-1].values.get("lead")):
            others = _readings(norm, exprs, i, now, window) if readings else ()
            clock_only = all(atom.level >= PART_OF_DAY for atom in expr.atoms)
            found.append(TimeWindow(window.start, window.end, window.precision,
                                    norm[expr.start:end], (expr.start, end), here, others, clock_only))
        i += 2 if joined else 1
    return found


def _expression(norm: str, exprs: list[_Expr], i: int, now: datetime, lean: str) -> tuple[Window | None, int, bool]:
    """The window of ``exprs[i]`` (with the next one when they form a range), where it ends, and
    whether the next one was joined to it."""
    expr, end = exprs[i], exprs[i].end
    fields = expr.fields()
    window = resolve(fields, now, lean)
    nxt = exprs[i + 1] if i + 1 < len(exprs) else None
    listed = nxt and norm.startswith("、", expr.end) and (
        expr.atoms[-1].values.get("lead") or ("day" in fields and nxt.fields().keys() == {"day"}))
    link = (_LIST if listed else _RANGE).match(norm, expr.end) if nxt else None
    if nxt and not listed and _same_shape(fields, nxt.fields()):
        link = link or _AND.match(norm, expr.end)
    joined = None
    if nxt and link and link.end() == nxt.start:
        next_year = bool(link.groupdict().get("next"))
        joined = _resolve_range(fields, _range_fields(expr, nxt, next_year), now, lean, next_year)
        if joined:
            window, end = joined, nxt.end
    if window and norm.startswith(("以来", "至今"), end):  # 今年以来: from its start to today
        window, end = _until_today(window, now), end + 2
    return window, end, joined is not None


def _same_shape(first: dict, second: dict) -> bool:
    """Both name a month, a day or a weekday ("今年5月和6月", "5月20日和22日", "下周二和周四"); the
    second may leave out what it shares with the first."""
    if "weekday" in first and "weekday" in second:  # 下周二和周四
        return second.keys() <= first.keys() | {"bare_weekday"} and "clock" not in first
    return (second.keys() in ({"month"}, {"month", "day"}, {"day"}) and second.keys() <= first.keys()
            and ("day" in first) == ("day" in second))


def _readings(norm: str, exprs: list[_Expr], i: int, now: datetime, chosen: Window) -> tuple[Window, ...]:
    """The windows the expression gives under every lean (the same span only), when more than one."""
    _, end, joined = _expression(norm, exprs, i, now, "current")
    windows = {chosen}
    for lean in LEANS:
        window, other_end, other_joined = _expression(norm, exprs, i, now, lean)
        if window is not None and (other_end, other_joined) == (end, joined):
            windows.add(window)
    return tuple(sorted(windows, key=lambda w: (_day(w.start), _day(w.end)))) if len(windows) > 1 else ()


def find_times(text: str, now: datetime, *, prefer_future: bool = True, lean: str | None = None,
               readings: bool = False) -> list[TimeWindow]:
    """Every time expression of ``text``, left to right (spans refer to ``normalize(text)``);
    ``readings``: each also says every window it may mean (``TimeWindow.readings``)."""
    return find_times_normalized(normalize(text), now, prefer_future=prefer_future, lean=lean, readings=readings)


def find_time(text: str, now: datetime, *, prefer_future: bool = True, lean: str | None = None,
              readings: bool = False) -> TimeWindow | None:
    """The first time expression of ``text``, or None."""
    found = find_times(text, now, prefer_future=prefer_future, lean=lean, readings=readings)
    return found[0] if found else None
