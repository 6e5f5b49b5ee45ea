"""The conversation kept its own "2·1+N" quota and postponement limit, so a deployment that
changed them in [reminders] got answers that disagreed with its reminders."""
from datetime import timedelta

from bot.dispatcher import conversation_policy
from bot.reminders.policy import load_policy


def test_quota_and_postponement_limit_come_from_the_reminders_table():
    policy = conversation_policy(load_policy({"reminders": {"key_yearly_quota": 3,
                                                            "postpone_limit_months": 2}}))
    assert policy.key_quota == 3
    assert policy.postpone_limit == timedelta(days=62)


def test_defaults_are_the_notices():
    assert conversation_policy(load_policy()).key_quota == 2 == conversation_policy().key_quota
