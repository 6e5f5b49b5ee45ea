"""pressbot units --set-key / --unset-key / --list: the office names its "2·1+N" key departments."""
import json
from pathlib import Path

TONGGUAN = Path(__file__).parent.parent / "data" / "plan_tongguan_2024.txt"


def key_units(cli) -> list[str]:
    run = cli("units", "--list", "--json")
    assert run.code == 0
    return json.loads(run.out)


def test_set_and_unset_by_any_spelling(cli):
    assert cli("import-plan", TONGGUAN, "--create-units").code == 0
    assert "住建局" in key_units(cli)

    run = cli("units", "--set-key", "区城市管理行政执法局", "--unset-key", "区住房和城乡建设局")

    assert run.code == 0 and "已设为重点部门" in run.err and "已取消重点部门" in run.err
    keys = key_units(cli)
    assert "城市管理行政执法局" in keys and "住建局" not in keys
    units = {u["name"]: u for u in json.loads(cli("units", "--year", "2024", "--json").out)}
    assert units["住建局"]["is_key"] is False


def test_an_unknown_unit_changes_nothing(cli):
    assert cli("import-plan", TONGGUAN, "--create-units").code == 0
    before = key_units(cli)

    run = cli("units", "--unset-key", "住建局", "--set-key", "区宣传部")

    assert run.code == 1 and "找不到单位“区宣传部”" in run.err
    assert key_units(cli) == before
