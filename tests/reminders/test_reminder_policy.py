"""The policy: domain defaults, overrides from the [reminders] table, Chinese errors for bad values."""
import tomllib
from datetime import date, time

import pytest

from bot.reminders.policy import Policy, PolicyError, load_policy, load_policy_file

CONFIG = """
[server]
port = 8080

[reminders]
send_hour = "8:30"
postpone_limit_months = 2
report_dates = ["06-25", "12-25"]
key_departments = ["发改", "教育", "大数据"]
key_yearly_quota = 3
quiet_days = [2026-05-06, "2026-05-07"]

[reminders.lead_days.registration]
online_interview = 5
"""


def test_defaults_are_the_notices_rules():
    p = load_policy({})
    assert p.lead("registration", "press_conference") == 3
    assert p.lead("materials", "press_conference") == 1
    assert p.lead("outline", "online_interview") == 30
    assert p.lead("outline", "press_conference") is None
    assert p.postpone_limit_months == 1
    assert p.report_dates == ((6, 30), (12, 30))
    assert p.key_yearly_quota == 2 and p.key_departments == ()  # the units' own flags decide
    assert p.send_time == time(9, 0)
    assert p == Policy()


def test_toml_table_overrides_and_keeps_other_defaults():
    p = load_policy(tomllib.loads(CONFIG))
    assert p.send_time == time(8, 30)
    assert p.postpone_limit_months == 2
    assert p.report_dates == ((6, 25), (12, 25))
    assert p.key_departments == ("发改", "教育", "大数据")
    assert p.key_yearly_quota == 3
    assert p.quiet_days == {date(2026, 5, 6), date(2026, 5, 7)}
    assert p.lead("registration", "online_interview") == 5
    assert p.lead("registration", "press_conference") == 3


def test_policy_file(tmp_path):
    path = tmp_path / "pressbot.toml"
    path.write_text(CONFIG, encoding="utf-8")
    assert load_policy_file(path).key_yearly_quota == 3


@pytest.mark.parametrize("table, words", [
    ({"send_hour": "九点"}, "send_hour"),
    ({"postpone_limit_months": -1}, "非负整数"),
    ({"report_dates": ["12-30", "06-30"]}, "上半年一个"),
    ({"quiet_days": ["五一"]}, "quiet_days"),
    ({"lead_days": {"photos": {"press_conference": 1}}}, "表单只能是"),
    ({"reminder_hour": 9}, "不认识的项：reminder_hour"),
    ({"key_departments": "发改"}, "关键字列表"),
], ids=lambda v: str(v))
def test_bad_values_are_explained_in_chinese(table, words):
    with pytest.raises(PolicyError, match=words):
        load_policy({"reminders": table})


def test_missing_or_broken_file_is_explained(tmp_path):
    with pytest.raises(PolicyError, match="读不到配置文件"):
        load_policy_file(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[reminders\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="格式有误"):
        load_policy_file(bad)
