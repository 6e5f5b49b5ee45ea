"""Plan files of every shape offices send (built by ``plan_files``) import every row, with no flags.

Word notices with the blank forms attached, Excel workbooks with merged cells and date cells,
CSV exports, text pasted from web pages with their header and footer: each row must come out
as the office reads it, nothing more, and the preview must say where the year came from and
which units are new. ``--dry-run`` never creates the database.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from store.plan.rows import read_plan
from store.plan.tables import read_tables
from tests.store.plan_files import CASES, PlanCase, Want

IDS = [case.name for case in CASES]


def as_want(row) -> Want:
    return Want(row.kind, row.unit, row.topic, row.start, row.end, row.speaker, row.location,
                tuple(row.co_units), row.subtype)


@pytest.fixture(params=CASES, ids=IDS)
def case(request) -> PlanCase:
    return request.param


@pytest.fixture
def built(case, tmp_path) -> Path:
    path = tmp_path / case.name
    case.build(path)
    return path


def test_every_row_reads_as_written(case, built):
    plan = read_plan(read_tables(built))
    assert [str(e) for e in plan.errors] == []
    assert Counter(as_want(r) for r in plan.rows) == Counter(case.rows)


def test_rows_keep_the_files_order_and_year(case, built):
    plan = read_plan(read_tables(built))
    assert [(r.unit, r.topic) for r in plan.rows] == [(w.unit, w.topic) for w in case.rows]
    assert {r.plan_year for r in plan.rows} == {case.year}


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_dry_run_json_previews_every_row_and_creates_no_database(case, built, cli, monkeypatch, tmp_path):
    database = tmp_path / "never" / "pressbot.db"
    monkeypatch.setenv("PRESSBOT_DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    run = cli("import-plan", built, "--dry-run", "--json")
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    got = Counter(Want(r["kind"], r["unit"], r["topic"], _day(r["when"]["start"]), _day(r["when"]["end"]),
                       r["speaker"], r["location"], tuple(r["co_units"]), r["subtype"]) for r in rows)
    assert got == Counter(case.rows)
    assert case.year_source in run.err  # which source the year was read from is said
    units = {name for w in case.rows for name in (w.unit, *w.co_units)}
    assert {name for r in rows for name in r["new_units"]} == units  # an empty directory knows none
    assert "新单位" in run.err and "试运行" in run.err
    assert not database.exists()


def _day(text: str):
    from datetime import date

    return date.fromisoformat(text)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_new_units_are_created_only_when_confirmed(cli, tmp_path, snapshot):
    case = next(c for c in CASES if c.name.endswith(".docx"))
    path = tmp_path / case.name
    case.build(path)
    run = cli("import-plan", path)
    assert run.code == 1 and "--create-units" in run.err and "县教育局" in run.err
    before = snapshot(cli.url)
    assert not any(before[t] for t in ("units", "events"))
    run = cli("import-plan", path, "--create-units")
    assert run.code == 0, run.err
    assert f"新增 {len(case.rows)} 条" in run.err


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_known_units_match_by_standard_name_and_are_not_new(cli, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("platform,user_id,name,unit,role,mobile\n"
                      "wecom,a,甲,市市场监督管理局,liaison,\nwecom,b,乙,市人力资源和社会保障局,liaison,\n",
                      encoding="utf-8")
    assert cli("import-people", people).code == 0
    case = next(c for c in CASES if c.name == "计划导出.csv")
    path = tmp_path / case.name
    case.build(path)
    rows = json.loads(cli("import-plan", path, "--dry-run", "--json").out)
    by_unit = {r["unit"]: r for r in rows}
    assert by_unit["市市场监管局"]["new_units"] == []
    assert by_unit["市市场监管局"]["matched_units"] == {"市市场监管局": "市市场监督管理局"}
    assert by_unit["市人社局"]["new_units"] == []
    assert by_unit["市教育局"]["new_units"] == ["市教育局"]
    run = cli("import-plan", path, "--create-units")
    assert run.code == 0, run.err
    units = json.loads(cli("units", "--json").out)
    assert "市市场监管局" not in {u["name"] for u in units}


def test_year_option_overrides_the_file(tmp_path):
    case = next(c for c in CASES if c.name == "庐阳区发布会.txt")
    path = tmp_path / case.name
    case.build(path)
    plan = read_plan(read_tables(path), year=2027)
    assert {r.plan_year for r in plan.rows} == {2027}
    assert {r.start.year for r in plan.rows} == {2027}
    assert all(t.year_source == "--year" for t in plan.tables)


def test_undecided_time_is_the_whole_year_and_marked(tmp_path):
    case = next(c for c in CASES if c.name.endswith(".docx"))
    path = tmp_path / case.name
    case.build(path)
    rows = {r.unit: r for r in read_plan(read_tables(path)).rows}
    assert rows["县医疗保障局"].to_be_fixed
    assert not rows["县交通运输局"].to_be_fixed


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("answer, code, events", [("y", 0, 5), ("n", 1, 0)], ids=["yes", "no"])
def test_at_a_terminal_new_units_are_asked_about(cli, tmp_path, monkeypatch, snapshot, answer, code, events):
    case = next(c for c in CASES if c.name == "计划导出.csv")
    path = tmp_path / case.name
    case.build(path)
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    run = cli("import-plan", path)
    assert run.code == code, run.err
    assert "市教育局" in asked[0] and "确认导入" in asked[0]
    assert len(snapshot(cli.url)["events"]) == events
