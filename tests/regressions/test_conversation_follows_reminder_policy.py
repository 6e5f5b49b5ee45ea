"""The conversation kept its own "2·1+N" quota and postponement limit, so a deployment that
changed them in [reminders] got answers that disagreed with its reminders. Now the one
conversation ``build_core`` makes takes the rules from the settings' ``[reminders]`` table."""
from datetime import datetime

from bot.clock import DEFAULT_TZ, FakeClock
from bot.core import build_core
from bot.settings import load_settings


def test_quota_and_postponement_limit_come_from_the_reminders_table(tmp_path):
    config = tmp_path / "pressbot.toml"
    config.write_text("[reminders]\nkey_yearly_quota = 3\npostpone_limit_months = 2\n", encoding="utf-8")
    settings = load_settings({}, config)
    core = build_core(settings, FakeClock(datetime(2026, 12, 1, 9, 0, tzinfo=DEFAULT_TZ)))
    assert core.policy.rules is settings.reminders
    assert (core.policy.rules.key_yearly_quota, core.policy.rules.postpone_limit_months) == (3, 2)
    assert core.policy.rules.quota.key_yearly == 3


def test_defaults_are_the_notices():
    core = build_core(load_settings({}), FakeClock(datetime(2026, 12, 1, 9, 0, tzinfo=DEFAULT_TZ)))
    assert core.policy.rules.quota.key_yearly == 2 and core.policy.rules.postpone_limit_months == 1
