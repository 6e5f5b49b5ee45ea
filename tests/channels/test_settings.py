"""Settings: channels on, off, or half-configured (an error naming what is missing)."""
from __future__ import annotations

import pytest

from bot.settings import ConfigError, load_settings

WECOM = {"PRESSBOT_WECOM_CORP_ID": "ww1", "PRESSBOT_WECOM_AGENT_ID": "1000002",
         "PRESSBOT_WECOM_SECRET": "s", "PRESSBOT_WECOM_TOKEN": "t",
         "PRESSBOT_WECOM_AES_KEY": "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"}


def test_nothing_configured_means_every_channel_off_and_the_defaults():
    s = load_settings({})
    assert s.enabled_channels() == []
    assert s.database_url == "sqlite+aiosqlite:///pressbot.db" and s.timezone == "Asia/Shanghai"


def test_a_complete_wecom_app_is_on_with_the_default_api_base():
    s = load_settings(WECOM)
    assert s.enabled_channels() == ["wecom"]
    assert s.wecom.agent_id == 1000002 and s.wecom.api_base == "https://qyapi.weixin.qq.com"


@pytest.mark.parametrize("missing", sorted(WECOM))
def test_a_half_configured_channel_names_the_missing_setting(missing):
    env = {k: v for k, v in WECOM.items() if k != missing}
    with pytest.raises(ConfigError, match=missing):
        load_settings(env)


def test_dingtalk_defaults_robot_code_to_the_app_key_and_checks_the_mode():
    s = load_settings({"PRESSBOT_DINGTALK_APP_KEY": "k", "PRESSBOT_DINGTALK_APP_SECRET": "x"})
    assert (s.dingtalk.robot_code, s.dingtalk.mode, s.dingtalk.oapi_base) == (
        "k", "stream", "https://oapi.dingtalk.com")
    with pytest.raises(ConfigError, match="PRESSBOT_DINGTALK_MODE"):
        load_settings({"PRESSBOT_DINGTALK_APP_KEY": "k", "PRESSBOT_DINGTALK_APP_SECRET": "x",
                       "PRESSBOT_DINGTALK_MODE": "webhook"})


def test_toml_file_flat_or_in_sections_and_the_environment_wins(tmp_path):
    path = tmp_path / "pressbot.toml"
    path.write_text('database_url = "sqlite+aiosqlite:///x.db"\n[dingtalk]\napp_key = "file-key"\n'
                    'app_secret = "file-secret"\nmode = "http"\n', encoding="utf-8")
    s = load_settings({"PRESSBOT_DINGTALK_APP_KEY": "env-key"}, path)
    assert s.database_url == "sqlite+aiosqlite:///x.db"
    assert (s.dingtalk.app_key, s.dingtalk.app_secret, s.dingtalk.mode) == ("env-key", "file-secret", "http")


@pytest.mark.parametrize("env, message", [
    ({**WECOM, "PRESSBOT_WECOM_AES_KEY": "short"}, "43"),
    ({**WECOM, "PRESSBOT_WECOM_AGENT_ID": "abc"}, "整数"),
    ({"PRESSBOT_TIMEZONE": "Mars/Olympus"}, "时区"),
], ids=["aes-key-length", "agent-id", "timezone"])
def test_wrong_values_are_explained(env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env)


def test_a_missing_config_file_is_explained(tmp_path):
    with pytest.raises(ConfigError, match="不存在"):
        load_settings({}, tmp_path / "nope.toml")


def test_an_unknown_key_in_the_file_is_named(tmp_path):
    """A typo must not turn a channel off silently."""
    path = tmp_path / "pressbot.toml"
    path.write_text('[wecom]\ncorp_id = "ww1"\nagentid = "1000002"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="wecom_agentid"):
        load_settings({}, path)


def test_the_reminders_table_is_the_deployments_policy(tmp_path):
    path = tmp_path / "pressbot.toml"
    path.write_text("[reminders]\nkey_yearly_quota = 3\n[reminders.lead_days.registration]\n"
                    "press_conference = 5\n", encoding="utf-8")
    s = load_settings({}, path)
    assert s.reminders.key_yearly_quota == 3 and s.reminders.lead("registration", "press_conference") == 5
    path.write_text("[reminders]\nkey_yearly_quotas = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="key_yearly_quotas"):
        load_settings({}, path)


def test_other_programs_variables_are_left_alone():
    s = load_settings({"PRESSBOT_TEST_PG_URL": "postgresql://x", "PRESSBOT_REQUIRE_SERVICES": "1"})
    assert s.enabled_channels() == []
