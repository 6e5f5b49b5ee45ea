"""Issue 15: topics lost their first character (就/将/于/要) or were missed after a comma or a verb,
speakers after 发布人 without a colon were missed, and joint events kept only their first unit."""
from datetime import datetime
from pathlib import Path

import pytest

from bot.nlp import parse
from bot.nlp.units import UnitDirectory

NOW = datetime(2026, 4, 14, 9, 30)  # noqa: DTZ001 - the parser reads naive wall time
UNITS = UnitDirectory.from_file(Path(__file__).parent.parent / "data" / "nlu_examples_units.txt")


def run(text: str):
    return parse(text, now=NOW, sender_unit="区财政局", units=UNITS)


@pytest.mark.parametrize("text,topic", [
    ("我局5月开就业创业政策解读发布会", "就业创业政策解读"),
    ("我局5月开就医服务发布会", "就医服务"),
    ("我局5月开将军故里文化发布会", "将军故里文化"),
    ("我局5月开要素保障发布会", "要素保障"),
    ("粮食局10月开发布会，通报秋粮收购进展", "秋粮收购进展"),
    ("城管局5月做一期访谈，讲讲垃圾分类", "垃圾分类"),
    ("我局5月做一期访谈，谈谈“放管服”改革", "“放管服”改革"),
    ("交通局，10月，农村公路，访谈", "农村公路"),
])
def test_topic(text, topic):
    assert run(text).topic == topic


def test_speaker_without_a_colon():
    assert run("我局5月开发布会，发布人周强副主任").speaker == "周强副主任"


@pytest.mark.parametrize("text", ["财政局和农业农村局联合召开惠农政策发布会，时间5月20日",
                                  "财政局、农业农村局5月联合召开惠农政策发布会"])
def test_joint_event_keeps_both_units(text):
    result = run(text)
    assert (result.unit, result.co_units) == ("区财政局", ("区农业农村水利局",))
