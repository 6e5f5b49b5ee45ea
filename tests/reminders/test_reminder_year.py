"""A year of a small plan with a fake clock: who is reminded of what, on which day.

Events are real rows of ``tests/data/plan_suixi_2021.txt`` (濉溪县 2021). Each day the office's
and the liaisons' actions happen at 8:00 (through the store and ``on_event_changed``, as the
conversation handlers do), then the scheduler ticks at 9:00. 2021's holidays matter: Qingming
4/3-4/5, Labour Day 5/1-5/5 (make-up workdays 4/25 and 5/8), Dragon Boat 6/12-6/14, National
Day 10/1-10/7 (make-up workdays 9/26 and 10/9).
"""
from datetime import date, timedelta

from bot.reminders.calendar import WorkCalendar
from bot.reminders.scheduler import SchedulerState, tick
from tests.reminders.reminder_helpers import at

D = date.fromisoformat
PLAN = [  # key, unit, kind, topic, window, window text (as in the plan)
    ("A", "县文旅体局", "press_conference", "濉溪县文化旅游融合发展", "2021-03-01", "2021-03-31", "2021年3月"),
    ("B", "县统计局", "press_conference", "2020年全县经济运行情况解读", "2021-04-01", "2021-04-30", "2021年4月"),
    ("C", "韩村镇", "online_interview", "传承红色基因，喜迎建党百年", "2021-05-11", "2021-05-20", "2021年5月中旬"),
    ("D", "县公安局", "online_interview", "严防电信诈骗、共建和谐社会", "2021-06-21", "2021-06-30", "2021年6月下旬"),
    ("E", "县公安局", "press_conference", "聚焦公安改革 推进执法规范化建设", "2021-08-01", "2021-08-31", "2021年8月"),
    ("F", "县文旅体局", "online_interview", "濉溪县文化旅游融合发展", "2021-10-11", "2021-10-20", "2021年10月中旬"),
    ("G", "县教育局", "press_conference", "2021年全县教育工作措施及亮点成效", "2021-12-01", "2021-12-31", "2021年12月"),
]
SCHEDULE = {  # day (8:00) → what happens
    "2021-03-05": [("A", "change", {"start_at": ("2021-03-25", 15), "status": "scheduled"})],
    "2021-03-24": [("A", "registration", {})],  # a day late: the office was told on 3/23
    "2021-03-26": [("A", "change", {"status": "held"})],
    "2021-03-29": [("A", "statistics", {})],
    "2021-03-30": [("B", "change", {"start_at": ("2021-04-07", 10), "status": "scheduled"})],
    "2021-04-08": [("B", "change", {"status": "held"})],  # and its statistics never come
    "2021-06-10": [("D", "change", {"start_at": ("2021-06-24", 10), "status": "scheduled"})],
    "2021-06-25": [("D", "change", {"status": "held"}), ("C", "change", {"status": "cancelled"})],
    "2021-06-28": [("D", "statistics", {})],
    "2021-08-20": [("E", "change", {"start_at": ("2021-10-12", 10), "status": "scheduled"}),
                   ("F", "change", {"start_at": ("2021-10-08", 10), "status": "scheduled"})],
    "2021-10-09": [("F", "change", {"status": "held"}), ("F", "statistics", {})],
    "2021-10-11": [("E", "registration", {})],
    "2021-10-13": [("E", "change", {"status": "held"})],
    "2021-10-14": [("E", "statistics", {})],
}


async def walk(office):
    await office.person("王主任", "office")
    for unit, who in [("县文旅体局", "文旅"), ("县统计局", "统计"), ("韩村镇", "韩村"), ("县教育局", "教育")]:
        await office.unit(unit, liaison=f"{who}联络", director=f"{who}负责人")
    await office.unit("县公安局", liaison="公安联络", director="公安负责人", director_reachable=False)
    start = D("2021-02-18")
    ids = {key: await office.event(unit, topic, D(ws), D(we), at(start, 8), kind=kind, window_text=text)
           for key, unit, kind, topic, ws, we, text in PLAN}
    log, state, day = [], SchedulerState(), start
    while day <= D("2021-12-31"):
        for key, action, args in SCHEDULE.get(day.isoformat(), []):
            await act(office, ids[key], action, args, at(day, 8))
        for s in await tick(office.maker, at(day), office.policy, state, worker_id="walker"):
            name = next((k for k, v in ids.items() if v == s.event_id), "-")
            log.append((day.isoformat(), s.rule, s.recipient, name))
        day += timedelta(days=1)
    return log


async def act(office, event_id, action, args, now):
    if action == "change":
        changes = {k: at(D(v[0]), v[1]) if k == "start_at" else v for k, v in args.items()}
        await office.change(event_id, now, **changes)
    elif action == "registration":
        await office.registration(event_id, now)
    else:
        await office.statistics(event_id, now)


EXPECTED = [
    # A: scheduled for 3/25 (Thu); the form comes a day late, the statistics the Monday after
    ("2021-03-22", "registration_due", "文旅联络", "A"), ("2021-03-22", "registration_due", "文旅负责人", "A"),
    ("2021-03-23", "registration_overdue", "王主任", "A"),
    ("2021-03-24", "event_eve", "文旅负责人", "A"), ("2021-03-25", "event_morning", "文旅负责人", "A"),
    ("2021-03-26", "statistics_missing", "文旅联络", "A"),
    # B: 4/7; its deadline 4/4 is a Sunday → Friday 4/2; the escalation 4/5 is Qingming → 4/6
    ("2021-04-01", "month_begins_undated", "-", "-"),  # placeholder removed below
    ("2021-04-02", "registration_due", "统计联络", "B"), ("2021-04-02", "registration_due", "统计负责人", "B"),
    ("2021-04-06", "registration_overdue", "王主任", "B"), ("2021-04-06", "materials_due", "统计联络", "B"),
    ("2021-04-06", "event_eve", "统计负责人", "B"), ("2021-04-07", "event_morning", "统计负责人", "B"),
    ("2021-04-08", "statistics_missing", "统计联络", "B"),
    # C: an interview in 5月中旬, never dated: outline 4/11 (Sun) → 4/9; May begins in the holiday → 4/30
    ("2021-04-09", "outline_due", "韩村联络", "C"), ("2021-04-30", "month_begins_undated", "韩村联络", "C"),
    ("2021-05-21", "window_passed", "韩村联络", "C"), ("2021-05-21", "window_passed", "王主任", "C"),
    ("2021-06-21", "postponed_too_long", "王主任", "C"),  # a month past 5/20 and still not held
    # "2·1+N": 5/30 is a Sunday → 5/28; 公安's director has no account: the office is told once
    ("2021-05-28", "quota_21n", "教育联络", "-"), ("2021-05-28", "quota_21n", "教育负责人", "-"),
    ("2021-05-28", "quota_21n", "公安联络", "-"), ("2021-05-28", "unreachable", "王主任", "-"),
    # D: outline due 5/22 (Sat) → 5/21
    ("2021-05-21", "outline_due", "公安联络", "D"), ("2021-06-01", "month_begins_undated", "公安联络", "D"),
    # half-year: 6/20 is a Sunday → 6/18, only 统计 misses a form; the office's summary on 6/30
    ("2021-06-18", "halfyear_statistics", "统计联络", "-"), ("2021-06-30", "halfyear_summary", "王主任", "-"),
    # E: moved on 8/20 from August to 10/12, past the one-month limit: the office that day
    ("2021-07-30", "month_begins_undated", "公安联络", "E"), ("2021-08-20", "postponed_too_long", "王主任", "E"),
    ("2021-10-09", "registration_due", "公安联络", "E"),  # make-up Saturday
    # F: interview on 10/8, the day after National Day: the eve reminder goes on the holiday
    ("2021-09-08", "outline_due", "文旅联络", "F"), ("2021-10-07", "event_eve", "文旅负责人", "F"),
    ("2021-10-08", "event_morning", "文旅负责人", "F"),
    ("2021-11-30", "quota_21n", "文旅联络", "-"), ("2021-11-30", "quota_21n", "统计负责人", "-"),
    ("2021-11-30", "quota_21n", "公安联络", "-"), ("2021-12-01", "month_begins_undated", "教育联络", "G"),
    ("2021-12-30", "halfyear_summary", "王主任", "-"),
    # the Monday digest on the week's first working day
    ("2021-02-18", "monday_digest", "王主任", "-"), ("2021-04-06", "monday_digest", "王主任", "-"),
    ("2021-10-08", "monday_digest", "王主任", "-"), ("2021-06-15", "monday_digest", "王主任", "-"),
]
EXPECTED.remove(("2021-04-01", "month_begins_undated", "-", "-"))
NEVER = [
    ("2021-03-24", "materials_due", "文旅联络", "A"),  # the form of 3/24 8:00 was complete
    ("2021-04-01", "month_begins_undated", "统计联络", "B"),  # dated on 3/30
    ("2021-06-24", "event_morning", "公安负责人", "D"),  # no account
    ("2021-10-11", "registration_overdue", "王主任", "E"),  # sent that morning
    ("2021-12-20", "halfyear_statistics", "统计联络", "-"),  # B's form is a first-half one
    ("2021-06-10", "outline_due", "公安联络", "D"),  # dating D moved the deadline: told on 5/21 already
]


async def test_a_year_of_reminders(office):
    year = await walk(office)
    missing = [e for e in EXPECTED if e not in year]
    assert not missing, f"not sent: {missing}"
    assert not [e for e in NEVER if e in year]
    assert len(set(year)) == len(year)  # nothing twice
    assert len([e for e in year if e[1] == "unreachable"]) == 1
    assert len([e for e in year if e[1] == "monday_digest"]) == 46
    # days off: only the eve of an event the day after a holiday
    calendar = WorkCalendar()
    off = {(d, rule) for d, rule, _, _ in year if not calendar.is_workday(D(d))}
    assert off == {("2021-10-07", "event_eve")}
