"""The rule table on one event, without a database: who is reminded, on which day, at what time.

Each row: an event and the (rule, role, due) the rules must produce. Dates are in 2026, whose
holidays (National Day 10/1-10/7, make-up workdays 9/20 and 10/10) the calendar knows.
"""
from dataclasses import replace
from datetime import date, datetime

import pytest

from bot.clock import DEFAULT_TZ
from bot.reminders import load_policy
from bot.reminders.candidates import make_timing
from bot.reminders.periodic import periodic_candidates
from bot.reminders.register import EventView, Recipient, Register, UnitView
from bot.reminders.rules import event_candidates
from store.units import key_concept

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=DEFAULT_TZ)
POLICY = load_policy({})


def register(events, units=None) -> Register:
    people = {(1, "liaison"): [Recipient(11, "liaison", 1, "刘联络", "wecom", "liu")],
              (1, "director"): [Recipient(12, "director", 1, "马局长", "wecom", "ma")],
              (None, "office"): [Recipient(99, "office", None, "王主任", "wecom", "wang")]}
    units = units or {1: UnitView(1, "县统计局")}
    return Register(NOW, events, units, people)


def event(**kw) -> EventView:
    base = dict(id=1, kind="press_conference", unit_id=1, unit_name="县统计局", topic="经济运行情况",
                window_start=date(2026, 10, 1), window_end=date(2026, 10, 31), start_at=None,
                status="planned", tz=DEFAULT_TZ)
    return EventView(**{**base, **kw})


def dated(day: str, hour: int = 10, status: str = "scheduled", **kw) -> EventView:
    d = date.fromisoformat(day)
    return event(start_at=datetime(d.year, d.month, d.day, hour, tzinfo=DEFAULT_TZ), status=status,
                 window_start=d, window_end=d, **kw)


def produced(ev: EventView) -> set[tuple[str, str, str]]:
    reg = register([ev])
    return {(c.rule, c.recipient.role, c.due_at.strftime("%m-%d %H:%M"))
            for c in event_candidates(ev, reg, make_timing(POLICY, DEFAULT_TZ))}


CASES = {
    "undated October plan: liaison reminded before the National Day holiday":
        (event(), {("month_begins_undated", "liaison", "09-30 09:00"),
                   ("window_passed", "liaison", "11-02 09:00"), ("window_passed", "office", "11-02 09:00"),
                   ("postponed_too_long", "office", "12-01 09:00")}),
    "registration deadline in the holiday moves to the last working day before it":
        (dated("2026-10-09"), {("registration_due", "liaison", "09-30 09:00"),
                               ("registration_due", "director", "09-30 09:00"),
                               ("registration_overdue", "office", "10-08 09:00"),
                               ("materials_due", "liaison", "10-08 09:00"),
                               ("event_eve", "director", "10-08 09:00"),
                               ("event_morning", "director", "10-09 09:00"),
                               # the day after is the make-up Saturday
                               ("window_passed", "liaison", "10-10 09:00"),
                               ("window_passed", "office", "10-10 09:00"),
                               ("postponed_too_long", "office", "11-10 09:00")}),
    "a make-up Saturday is a working day":
        (dated("2026-10-13"), {("registration_due", "liaison", "10-10 09:00"),
                               ("registration_due", "director", "10-10 09:00"),
                               ("registration_overdue", "office", "10-12 09:00"),  # Sunday → Monday
                               ("materials_due", "liaison", "10-12 09:00"),
                               ("event_eve", "director", "10-12 09:00"),
                               ("event_morning", "director", "10-13 09:00"),
                               ("window_passed", "liaison", "10-14 09:00"),
                               ("window_passed", "office", "10-14 09:00"),
                               ("postponed_too_long", "office", "11-16 09:00")}),
    "an event the day after a holiday: the director is reminded on the holiday":
        (dated("2026-10-08", hour=15, status="approved", registration_sent=True, materials_complete=True),
         {("event_eve", "director", "10-07 09:00"), ("event_morning", "director", "10-08 09:00"),
          ("window_passed", "liaison", "10-09 09:00"), ("window_passed", "office", "10-09 09:00"),
          ("postponed_too_long", "office", "11-09 09:00")}),
    "an 8:30 event is announced an hour before it starts":
        (dated("2026-06-02", hour=8, status="approved", registration_sent=True, materials_complete=True),
         {("event_eve", "director", "06-01 09:00"), ("event_morning", "director", "06-02 07:00"),
          ("window_passed", "liaison", "06-03 09:00"), ("window_passed", "office", "06-03 09:00"),
          ("postponed_too_long", "office", "07-03 09:00")}),
    "held without statistics: the liaison the next working day":
        (dated("2026-09-30", status="held"), {("statistics_missing", "liaison", "10-08 09:00")}),
    "held and reported: nothing": (dated("2026-09-30", status="reported", statistics_sent=True), set()),
    "cancelled: nothing": (dated("2026-09-30", status="cancelled"), set()),
    "interview outline 30 days before its window":
        (event(kind="online_interview", window_start=date(2026, 5, 11), window_end=date(2026, 5, 20)),
         {("month_begins_undated", "liaison", "04-30 09:00"), ("outline_due", "liaison", "04-10 09:00"),
          ("window_passed", "liaison", "05-21 09:00"), ("window_passed", "office", "05-21 09:00"),
          ("postponed_too_long", "office", "06-22 09:00")}),
}


@pytest.mark.parametrize("case", CASES)
def test_event_rules(case):
    ev, expected = CASES[case]
    assert produced(ev) == expected


def test_moved_beyond_the_limit_tells_the_office_on_the_day_it_was_moved():
    ev = replace(dated("2026-10-12"), original_end=date(2026, 8, 31), rescheduled_on=date(2026, 7, 20))
    assert ("postponed_too_long", "office", "07-20 09:00") in produced(ev)


def test_keys_depend_on_the_event_not_on_now():
    ev = dated("2026-10-09")
    reg = register([ev])
    t = make_timing(POLICY, DEFAULT_TZ)
    first = {c.key for c in event_candidates(ev, reg, t)}
    later = {c.key for c in event_candidates(ev, replace(reg, now=datetime(2026, 9, 1, tzinfo=DEFAULT_TZ)), t)}
    assert first == later and "registration_due:e1:p11:2026-09-30" in first


def test_unit_without_liaison_gets_a_placeholder_recipient_to_report():
    ev = event(unit_id=2, unit_name="韩村镇")
    reg = register([ev], units={2: UnitView(2, "韩村镇")})
    found = event_candidates(ev, reg, make_timing(POLICY, DEFAULT_TZ))
    liaison = next(c.recipient for c in found if c.rule == "month_begins_undated")
    assert not liaison.reachable and liaison.name == "韩村镇联络员" and liaison.ref == "liaison@u2"


@pytest.mark.parametrize("name, key", [("县教育局", True), ("区市场监管局", True), ("县城管局", True),
                                       ("韩村镇", False), ("县建投公司", False), ("县档案馆", False)])
def test_quota_reminder_only_for_key_departments(name, key):
    ev = dated("2026-03-10", status="held", statistics_sent=True)
    reg = register([ev], units={1: UnitView(1, name, is_key=key_concept(name) is not None)})
    found = [c for c in periodic_candidates(reg, make_timing(POLICY, DEFAULT_TZ)) if c.rule == "quota_21n"]
    # one conference in the first half: only the second half (Nov 30) is short
    assert {(c.recipient.role, c.due_at.date().isoformat()) for c in found} == (
        {("liaison", "2026-11-30"), ("director", "2026-11-30")} if key else set())
