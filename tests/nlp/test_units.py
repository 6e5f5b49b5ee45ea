"""Unit knowledge: any form of a department concept reaches its directory entry."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.nlp import parse
from bot.nlp.units import UnitDirectory, UnitDirectoryError, unit_key

NOW = datetime(2026, 4, 14, 9, 30)  # noqa: DTZ001 - the parser reads naive wall time


@pytest.mark.parametrize("mention,canonical", [
    ("市监局", "区市场监管局"), ("市场监督管理局", "区市场监管局"), ("市场局", "区市场监管局"),
    ("市场监管局", "区市场监管局"), ("人力资源和社会保障局", "区人社局"), ("人社局", "区人社局"),
    ("发展和改革委员会", "区发改委"), ("发改局", "区发改委"), ("发改委", "区发改委"),
    ("卫生健康委员会", "区卫健委"), ("卫健委", "区卫健委"), ("住房和城乡建设局", "区住建局"),
    ("城市管理行政执法局", "区城管局"), ("城市管理（行政执法）局", "区城管局"), ("城管执法局", "区城管局"),
    ("文化和旅游局", "区文旅局"), ("应急局", "区应急管理局"), ("农业农村局", "区农业农村水利局"),
    ("教育体育局", "区教育局"), ("区教育局", "区教育局"), ("铜官区统计局", "区统计局"),
    ("民政局", "区民政局"), ("财政局", "区财政局"),
    ("公安局", None), ("气象局", None),
], ids=lambda v: str(v))
def test_resolve_any_form_of_a_concept(units, mention, canonical):
    assert units.resolve(mention) == canonical


@pytest.mark.parametrize("name,key", [
    ("铜陵市铜官区市场监督管理局", "市场监管局"), ("县市场监管局", "市场监管局"), ("交通运输局", "交通局"),
    ("数据资源管理局", "数据局"), ("政数局", "数据局"), ("自然资源和规划局", "自然资源局"),
    ("医疗保障局", "医保局"), ("退役军人事务局", "退役军人事务局"), ("工业和信息化局", "工信局"),
    ("经信局", "工信局"), ("濉溪县人民政府办公室", "政府办"), ("区政府办", "政府办"),
    ("韩村镇人民政府", "韩村镇"), ("高新区管理委员会", "高新区管委会"), ("县建设投资有限公司", "建投公司"),
    ("县建投公司", "建投公司"), ("生态环境局", "生态环境局"), ("区气象局", "气象局"), ("德庆县人民政府", "德庆县政府"),
])
def test_unit_key_drops_level_and_uses_the_standard_short_form(name, key):
    assert unit_key(name) == key


def test_level_prefix_picks_between_levels():
    directory = UnitDirectory([("市市场监管局", []), ("区市场监管局", [])])
    assert directory.resolve("区市场局") == "区市场监管局"
    assert directory.resolve("市市监局") == "市市场监管局"


def test_directory_aliases_and_places(tmp_path):
    path = tmp_path / "units.txt"
    path.write_text("县政府办\t府办\n韩村镇\n高新区管委会\t高新区\n", encoding="utf-8")
    directory = UnitDirectory.from_file(path)
    assert directory.names == ["县政府办", "韩村镇", "高新区管委会"]
    assert directory.resolve("高新区") == "高新区管委会"
    assert directory.resolve("韩村镇人民政府") == "韩村镇"
    assert directory.resolve("濉溪县人民政府办公室") == "县政府办"


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(UnitDirectoryError, match="无法读取单位名录文件"):
        UnitDirectory.from_file(tmp_path / "missing.txt")


@pytest.mark.parametrize("text", ["我局5月份开发布会", "我委5月份开发布会", "我办5月份开发布会", "本局5月份开发布会",
                                  "我们5月份开发布会", "我们委5月份开发布会", "我单位5月份开发布会"])
def test_self_words_mean_the_senders_unit(units, text):
    assert parse(text, now=NOW, sender_unit="区卫健委", units=units).unit == "区卫健委"


@pytest.mark.parametrize("text,unit", [
    ("市监局5月开发布会", "市场监管局"), ("区人力资源和社会保障局5月开发布会", "区人社局"),
    ("教育局5月开发布会", "教育局"), ("请帮气象局登记：6月开防灾减灾发布会", "气象局"),
    ("韩村镇下个月开乡村旅游发布会", "韩村镇"),
])
def test_without_directory_a_mention_gets_its_standard_name(text, unit):
    assert parse(text, now=NOW, sender_unit="区民政局", units=UnitDirectory()).unit == unit


def test_a_named_unit_wins_over_the_sender(units):
    result = parse("请帮农业农村水利局登记：10月份发布会", now=NOW, sender_unit="区教育局", units=units)
    assert result.unit == "区农业农村水利局"


def test_find_reports_spans_and_names(units):
    found = units.find("请帮农业农村水利局和市监局登记")
    assert [(m.text, m.span, m.name) for m in found] == [
        ("农业农村水利局", (2, 9), "区农业农村水利局"), ("市监局", (10, 13), "区市场监管局")]


def test_words_that_only_look_like_units_are_not_units(units):
    assert units.find("优化城镇布局，统筹全局") == []
