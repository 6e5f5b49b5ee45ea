"""query.*: "这个月有哪些发布会", "四季度有几场发布会", "哪些单位还没报登记表", "各单位完成情况".

One question, one answer, one function per route of ``bot.handlers.INTENTS``: the events
overlapping the asked window in date order (a joint event is listed for each of its units), a
count, the events of the next days without a registration form, the held ones without a
statistics form, or each unit's count against its "2·1+N" quota.
"""
from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby
from typing import Any

from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.handlers.common import LIVE_STATUSES, event_view, kind_label, load_event, parsed_unit, window_of
from bot.nlp.commands import number_said
from bot.timefmt import format_day, format_window, month_label
from store import rules
from store.models import Event
from store.repo import events_missing_registration, events_missing_statistics, events_overlapping, unit_standings


async def list_events(turn: Turn) -> list[Say]:
    """query.list: the events of the asked window, grouped by month when the list is long; the
    one event a number names ("编号57", as every reply and reminder numbers it)."""
    said = number_said(turn.text)
    if said is not None:
        return [await _one(turn, said)]
    events, context = await _asked(turn)
    overdue = await _overdue(turn) if context["period"] == AHEAD else []
    return [turn.reply("conversation/query/list.j2", markdown=True, months=_by_month(turn, events),
                       overdue=[event_view(e, turn.tz) for e in overdue], **context)]


async def _one(turn: Turn, said: str) -> Say:
    number = rules.row_id(said)
    event = await load_event(turn.session, number) if number is not None else None
    if event is None:
        return turn.reply("conversation/query/one.j2", markdown=True, event=None, number=said[:20])
    overdue = event.status in rules.OPEN_STATUSES and event.window_end < turn.now.date()
    return turn.reply("conversation/query/one.j2", markdown=True, event=event_view(event, turn.tz), number=number,
                      overdue=overdue, open=event.status in rules.OPEN_STATUSES)


async def _overdue(turn: Turn) -> list[Event]:
    """With no time asked, the open events whose time has passed are still the office's business
    (the reminders send people here): listed after what is ahead, as not yet held."""
    parsed = await turn.parsed()
    today = turn.now.date()
    unit = await parsed_unit(turn, parsed) if parsed.unit else None
    found = await events_overlapping(turn.session, today - timedelta(days=365), today - timedelta(days=1),
                                     unit_id=unit.id if unit else None, kind=parsed.kind,
                                     statuses=rules.OPEN_STATUSES, with_co_units=True)
    return [e for e in found if e.window_end < today]


async def count(turn: Turn) -> list[Say]:
    """query.count: "四季度有几场发布会"."""
    events, context = await _asked(turn)
    return [turn.reply("conversation/query/count.j2", events=[event_view(e, turn.tz) for e in events], **context)]


async def _asked(turn: Turn) -> tuple[list[Event], dict[str, Any]]:
    parsed = await turn.parsed()
    window = window_of(parsed.when, turn.now)
    start, end = (window.start, window.end) if window else _default_window(turn.now.date())
    unit = await parsed_unit(turn, parsed) if parsed.unit else None
    events = await events_overlapping(turn.session, start, end, unit_id=unit.id if unit else None,
                                      kind=parsed.kind, statuses=LIVE_STATUSES, with_co_units=True)
    context = {"period": _period_text(window, start, end), "unit": unit.name if unit else None,
               "kind": kind_label(parsed.kind), "count": len(events)}
    return events, context


def _default_window(today: date) -> tuple[date, date]:
    """No time in the question ("我们委的访谈定了吗"): what is still ahead in the coming year."""
    return today, today + timedelta(days=365)


AHEAD = "今后一年"  # the period said when the question names none (``_default_window``)


def _period_text(window: Any, start: date, end: date) -> str:
    if window is None:
        return AHEAD
    return format_day(start) if start == end else format_window(start, end, ordinal_quarter=True)


def _by_month(turn: Turn, events: list) -> list[dict[str, Any]]:
    """[{"label": "2026年5月" or None, "events": [...]}]; one unlabelled group when the list is short."""
    views = [event_view(e, turn.tz) for e in events]
    if len(views) <= turn.ctx.policy.group_month_after:
        return [{"label": None, "events": views}] if views else []
    groups = groupby(zip(events, views, strict=True), key=lambda pair: month_label(pair[0].window_start))
    return [{"label": label, "events": [v for _, v in pairs]} for label, pairs in groups]


async def missing_registration(turn: Turn) -> list[Say]:
    days = rules.REGISTRATION_LOOKAHEAD_DAYS
    kinds = rules.kinds_needing("registration", turn.ctx.policy.rules.lead_days)
    events = await events_missing_registration(turn.session, turn.now.date(), days, kinds=kinds)
    return [turn.reply("conversation/query/missing_registration.j2", days=days,
                       events=[event_view(e, turn.tz) for e in events])]


async def missing_statistics(turn: Turn) -> list[Say]:
    """Held events without a 统计表, in the asked period or else the current half-year."""
    window = window_of((await turn.parsed()).when, turn.now)
    today = turn.now.date()
    start, end = (window.start, window.end) if window else rules.current_half(today)
    events = await events_missing_statistics(turn.session, start, end)
    said = _period_text(window, start, end) if window else format_window(start, end, ordinal_quarter=True)
    return [turn.reply("conversation/query/missing_statistics.j2", period=said,
                       events=[event_view(e, turn.tz) for e in events])]


def _half_asked(window: Any, year: int) -> int | None:
    """1 or 2 when the question names a half-year ("下半年完成情况"), else None (the whole year)."""
    if window is None:
        return None
    return next((half for half in (1, 2) if (window.start, window.end) == rules.period(year, half)), None)


async def completion(turn: Turn) -> list[Say]:
    """Each unit against "2·1+N" (``store.rules``), for the year or the half-year asked."""
    year = turn.now.year
    parsed = await turn.parsed()
    half = _half_asked(window_of(parsed.when, turn.now), year)
    asked = await parsed_unit(turn, parsed) if parsed.unit else None  # "我局…完成情况": that unit alone
    policy = turn.ctx.policy.rules
    rows = []
    for unit in await unit_standings(turn.session, year, policy.quota, policy.key_departments):
        if asked is not None and unit.unit_id != asked.id:
            continue
        full = unit.standing
        quota, held, done = (full.quota, full.held, full.met) if half is None else rules.half_standing(full, half)
        planned = full.planned if half is None else (full.planned_h1, full.planned_h2)[half - 1]
        rows.append({"unit": unit.name, "key": full.is_key, "total": planned, "held": held,
                     "quota": quota, "done": done, "principal": full.principal_spoke,
                     "principal_due": full.principal_due,
                     # held enough in number but not in each half-year: say which half is missing
                     "missing_half": _missing_half(full) if half is None and not done and held >= quota else None})
    rows.sort(key=lambda r: (r["done"], not r["key"], r["unit"]))
    return [turn.reply("conversation/query/completion.j2", markdown=True, year=year,
                       half=rules.HALF_NAMES.get(half) if half else None, rows=rows,
                       unit=asked.name if asked else None,
                       behind=sum(1 for r in rows if not r["done"]))]


def _missing_half(standing: rules.Standing) -> str | None:
    """The half-year a key department still owes its one press conference in, if that is why it is short."""
    for number, held in ((1, standing.held_h1), (2, standing.held_h2)):
        if held < standing.per_half:
            return rules.HALF_NAMES[number]
    return None
