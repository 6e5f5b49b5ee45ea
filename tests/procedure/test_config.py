"""``[approval]`` and ``[mail]`` in the deployment's TOML: read with their structure, bad ones refused."""
from __future__ import annotations

import pytest

from bot.settings import ConfigError, load_settings

CONFIG = """
[approval]
remind_after_hours = 12
steps = [
  {name = "单位负责人", role = "director"},
  {name = "分管领导", people = ["刘八"]},
  {name = "政务公开办", role = "office", confidentiality = true},
  {name = "宣传部", people = ["xuanchuan"], copy = true},
]
online_interview = [{name = "政务公开办", role = "office", confidentiality = true}]

[mail]
host = "smtp.example.gov.cn"
port = 465
from = "pressbot@example.gov.cn"
to = "zwgkb@example.gov.cn"

[materials]
dir = "/var/lib/pressbot/materials"
"""


def settings_from(tmp_path, text: str, env: dict[str, str] | None = None):
    path = tmp_path / "pressbot.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(env or {}, path)


def test_chains_mail_and_store_are_read(tmp_path):
    s = settings_from(tmp_path, CONFIG)

    chain = s.approval.chain("press_conference")
    assert [step.name for step in chain] == ["单位负责人", "分管领导", "政务公开办", "宣传部"]
    assert chain[1].people == ("刘八",) and chain[2].confidentiality and chain[3].copy
    assert [step.name for step in s.approval.chain("online_interview")] == ["政务公开办"]
    assert s.approval.remind_after_hours == 12
    assert s.mail is not None and (s.mail.host, s.mail.port, s.mail.to) == ("smtp.example.gov.cn", 465,
                                                                          "zwgkb@example.gov.cn")
    assert s.materials_dir == "/var/lib/pressbot/materials"


def test_without_a_config_the_office_alone_approves(tmp_path):
    s = load_settings({})
    [step] = s.approval.chain("press_conference")
    assert step.role == "office" and s.mail is None and s.materials_dir is None


@pytest.mark.parametrize(("table", "message"), [
    ('steps = [{name = "政务公开办", role = "office"}]', "保密审查"),
    ('steps = [{name = "宣传部", role = "office", copy = true, confidentiality = true}]', "至少要有一步"),
    ('steps = [{name = "分管领导", role = "boss", confidentiality = true}]', "role 只能是"),
    ('steps = [{name = "分管领导", confidentiality = true}]', "须有 role 或 people"),
    ('steps = [{name = "x", role = "office", confidentiality = true, when = 1}]', "不认识的项"),
    ('stepz = []', "不认识的项"),
])
def test_a_bad_chain_is_refused_with_its_reason(tmp_path, table, message):
    with pytest.raises(ConfigError, match=message):
        settings_from(tmp_path, f"[approval]\n{table}\n")


def test_mail_without_an_address_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="PRESSBOT_MAIL_TO"):
        settings_from(tmp_path, '[mail]\nhost = "smtp"\nfrom = "a@b"\n')


def test_the_environment_sets_mail_and_a_chain_as_json():
    s = load_settings({"PRESSBOT_MAIL_HOST": "127.0.0.1", "PRESSBOT_MAIL_PORT": "2525",
                       "PRESSBOT_MAIL_FROM": "bot@x", "PRESSBOT_MAIL_TO": "office@x",
                       "PRESSBOT_APPROVAL": '{"steps": [{"name": "政务公开办", "role": "office",'
                                            ' "confidentiality": true}]}',
                       "PRESSBOT_MATERIALS_DIR": "/srv/materials"})

    assert s.mail is not None and s.mail.port == 2525 and s.materials_dir == "/srv/materials"
    assert s.approval.chain("press_conference")[0].confidentiality


def test_a_misspelt_mail_key_is_named(tmp_path):
    with pytest.raises(ConfigError, match="mail_hots"):
        settings_from(tmp_path, '[mail]\nhots = "smtp"\n')
