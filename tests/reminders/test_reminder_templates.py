"""Every reminder template renders with a sample context (StrictUndefined catches a missing
variable) and says what is due, for which event, and what to reply."""
from pathlib import Path

import pytest

from bot.reminders.periodic import PERIODIC_RULES
from bot.reminders.rules import EVENT_RULES
from bot.render import TEMPLATES_DIR, render

EVENT = {"id": 7, "kind": "新闻发布会", "unit": "县统计局", "topic": "2020年全县经济运行情况解读",
         "when": "4月7日（周三）10:00", "location": "县政府新闻发布厅", "speaker": "副局长 马超", "subtype": ""}
LISTING = {"items": [EVENT], "more": 3}
CONTEXT = {
    "recipient": "张三", "role": "联络员", "event": EVENT, "deadline": "4月2日（周五）",
    "reason": "moved", "original_end": "8月31日（周二）", "limit": "9月30日（周四）",
    "half": "2021年上半年", "report_day": "2021年6月30日（周三）", "events": [EVENT],
    "held": 5, "reported": 4, "missing": [{"unit": "县统计局", "count": 1}],
    "unit": "县教育局", "half_end": "6月30日（周三）", "count_half": 0, "count_year": 0, "quota": 2,
    "week": "4月12日（周一）至4月18日（周日）", "this_week": LISTING, "overdue": LISTING,
    "missing_statistics": {"items": [], "more": 0},
    "who": "李四", "who_role": "主要负责同志", "registered": True, "count": 2, "items": ["第一条", "第二条"],
    "form_sent": False, "example_month": 5,
    "span": "4月13日（周一）", "more": 1, "year": 2021, "year_end": "12月31日（周五）",
    "moves": [{"id": 7, "unit": "县教育局", "kind": "新闻发布会", "topic": "招生", "old": "5月11日至5月20日",
               "new": "6月3日（周三）15:00", "by": "张三", "at": "4月13日（周一）10:00"}],
}
NAMES = sorted(p.stem for p in (Path(TEMPLATES_DIR) / "reminders").glob("*.j2"))


@pytest.mark.parametrize("name", NAMES)
def test_template_renders(name):
    text = render(f"reminders/{name}.j2", **CONTEXT)
    assert text and "{{" not in text and "None" not in text


def test_every_rule_has_its_template():
    rules = {r.name for r in EVENT_RULES} | {r.name for r in PERIODIC_RULES} | {"unreachable", "merged"}
    assert rules == set(NAMES)


@pytest.mark.parametrize("name, reply", [
    ("registration_due", "回复“填登记表”开始填写"),
    ("statistics_missing", "回复“填统计表”"),
    ("materials_due", "回复“填登记表”"),
    ("window_passed", "回复“已召开”"),
])
def test_liaison_is_told_what_to_reply(name, reply):
    text = render(f"reminders/{name}.j2", **CONTEXT)
    assert reply in text and "4月" in text and "2020年全县经济运行情况解读" in text


def test_after_the_form_materials_are_asked_for_as_files_not_by_the_form():
    """A registration form already sent is not filled again ("填登记表" answered that there was
    nothing to fill): the reminder asks for the missing files and how to see what arrived."""
    text = render("reminders/materials_due.j2", **{**CONTEXT, "form_sent": True})
    assert "填登记表" not in text and "直接发给我" in text and "回复“我局的材料”" in text


def test_director_is_told_who_speaks_where_and_when():
    text = render("reminders/event_eve.j2", **CONTEXT)
    assert "副局长 马超" in text and "县政府新闻发布厅" in text and "4月7日（周三）10:00" in text
