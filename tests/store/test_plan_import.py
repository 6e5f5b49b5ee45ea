"""pressbot import-plan against a real database: exact import, idempotent re-import, edits kept
as history, --dry-run and --json, and bad input that names the place and changes nothing."""
import asyncio
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from store.db import make_engine, make_sessionmaker
from store.models import Event, EventChange, Unit
from tests.store.plan_expected import SUIXI_INTERVIEWS, SUIXI_PRESS, TONGGUAN_PRESS

DATA = Path(__file__).parent.parent / "data"
TONGGUAN = DATA / "plan_tongguan_2024.txt"
SUIXI = DATA / "plan_suixi_2021.txt"


async def _query(url, fn):
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        result = await fn(session)
    await engine.dispose()
    return result


def events_of(url):
    async def fn(s):
        rows = (await s.execute(select(Event).order_by(Event.kind, Event.plan_seq))).scalars().all()
        return [(e.kind, e.plan_seq, e.unit.name, e.topic, e.window_start, e.window_end, e.speaker,
                 e.plan_year, e.source) for e in rows]
    return asyncio.run(_query(url, fn))


def changes_of(url):
    async def fn(s):
        rows = (await s.execute(select(EventChange).order_by(EventChange.id))).scalars().all()
        return [(c.field, c.old_value, c.new_value, c.actor, c.note) for c in rows]
    return asyncio.run(_query(url, fn))


SAMPLES = {
    "suixi": (SUIXI, [("online_interview", row, 2021) for row in SUIXI_INTERVIEWS]
              + [("press_conference", row, 2021) for row in SUIXI_PRESS]),
    "tongguan": (TONGGUAN, [("press_conference", row, 2024) for row in TONGGUAN_PRESS]),
}


@pytest.mark.parametrize("path, rows", SAMPLES.values(), ids=SAMPLES.keys())
def test_samples_import_exactly(cli, path, rows):
    run = cli("import-plan", path, "--create-units")
    assert run.code == 0, run.err
    assert f"新增 {len(rows)} 条" in run.err
    want = [(kind, s, u, t, a, b, sp, year, "plan") for kind, (s, u, t, a, b, sp), year in rows]
    assert events_of(cli.url) == sorted(want, key=lambda r: (r[0], r[1]))


def test_reimport_changes_nothing(cli, snapshot):
    assert cli("import-plan", TONGGUAN, "--create-units").code == 0
    before = snapshot(cli.url)
    run = cli("import-plan", TONGGUAN, "--create-units")
    assert run.code == 0 and "新增 0 条，更新 0 条，未变 28 条" in run.err
    assert snapshot(cli.url) == before


def test_plan_units_meet_existing_units_by_short_form(cli, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("platform,user_id,name,unit,role,mobile\nwecom,a,甲,区市场监管局,liaison,\n", encoding="utf-8")
    assert cli("import-people", people).code == 0
    assert cli("import-plan", TONGGUAN, "--create-units").code == 0
    units = {e[2] for e in events_of(cli.url)}
    assert "区市场监管局" in units and "市监局" not in units

    async def aliases(s):
        return (await s.execute(select(Unit.aliases).where(Unit.name == "区市场监管局"))).scalar_one()
    assert asyncio.run(_query(cli.url, aliases)) == ["市监局"]


def test_edited_plan_updates_rows_and_keeps_history(cli, tmp_path):
    path = tmp_path / "plan.txt"
    shutil.copy(TONGGUAN, path)
    assert cli("import-plan", path, "--create-units").code == 0
    text = TONGGUAN.read_text(encoding="utf-8")
    text = text.replace("3\t人社局\t4 月份\t稳就业工作发布会", "3\t人社局\t6月份\t稳就业工作发布会")
    text = text.replace("城乡居民养老保险", "城乡居民养老保险政策解读")
    path.write_text(text, encoding="utf-8")
    run = cli("import-plan", path)
    assert run.code == 0, run.err
    assert "更新 2 条" in run.err and "未变 26 条" in run.err
    events = {e[1]: e for e in events_of(cli.url)}
    assert events[3][4:6] == (events[3][4].replace(month=6, day=1), events[3][4].replace(month=6, day=30))
    assert events[15][3] == "城乡居民养老保险政策解读"
    edits = [c for c in changes_of(cli.url) if c[0] != "created"]
    assert ("window_start", "2024-04-01", "2024-06-01", "年度计划导入", "plan.txt 第 38 行") in edits
    assert ("topic", "城乡居民养老保险", "城乡居民养老保险政策解读", "年度计划导入", "plan.txt 第 52 行") in edits


def test_reimport_keeps_what_chat_settled(cli, tmp_path):
    assert cli("import-plan", TONGGUAN, "--create-units").code == 0

    async def settle(s):
        from datetime import date, datetime

        from bot.clock import DEFAULT_TZ
        from store.repo import update_event

        event = (await s.execute(select(Event).where(Event.plan_seq == 1))).scalar_one()
        await update_event(s, event, {"start_at": datetime(2024, 3, 20, 15, tzinfo=DEFAULT_TZ)},
                           actor="联络员", now=datetime(2024, 3, 1, tzinfo=DEFAULT_TZ))
        await s.commit()
        return date(2024, 3, 20)
    day = asyncio.run(_query(cli.url, settle))
    assert "未变 28 条" in cli("import-plan", TONGGUAN, "--create-units").err
    first = next(e for e in events_of(cli.url) if e[1] == 1)
    assert first[4:6] == (day, day)


def test_dry_run_writes_nothing(cli, snapshot):
    assert cli("db", "upgrade").code == 0
    before = snapshot(cli.url)
    run = cli("import-plan", TONGGUAN, "--dry-run")
    assert run.code == 0 and "试运行" in run.err and "新增 28 条" in run.err
    assert snapshot(cli.url) == before


def test_json_output(cli):
    run = cli("import-plan", SUIXI, "--json", "--dry-run")
    rows = json.loads(run.out)
    assert len(rows) == 36
    stable = {
        "unit": "县教育局", "co_units": [], "kind": "online_interview", "subtype": None,
        "topic": "教育系统新冠肺炎疫情常态化防控措施及亮点",
        "when": {"start": "2021-03-11", "end": "2021-03-20"}, "location": None, "speaker": None,
    }
    assert {key: rows[0][key] for key in stable} == stable
    assert rows[0]["new_units"] == ["县教育局"] and rows[0]["plan_year"] == 2021
    assert "\\u" not in run.out


def test_year_and_kind_options_override_the_document(cli, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("序号,单位,主题,时间\n1,区教育局,招生,5月\n", encoding="utf-8")
    run = cli("import-plan", path, "--json", "--dry-run")
    assert run.code != 0 and "--year" in run.err
    run = cli("import-plan", path, "--json", "--dry-run", "--year", "2026", "--kind", "online_interview")
    assert json.loads(run.out)[0]["when"] == {"start": "2026-05-01", "end": "2026-05-31"}
    assert json.loads(run.out)[0]["kind"] == "online_interview"


HEADER = "2026年度新闻发布会计划\n序号\t发布单位\t发布主题\t时间\n"
BAD = {
    "no unit": (HEADER + "1\t\t秋季开学\t9月\n", "第 3 行", "没有填写单位"),
    "impossible time": (HEADER + "1\t区教育局\t招生\t13月\n", "第 3 行", "13月"),
    "impossible day": (HEADER + "1\t区教育局\t招生\t2月30日\n", "第 3 行", "2月30日"),
    "no time": (HEADER + "1\t区教育局\t招生\t\n", "第 3 行", "没有填写时间"),
    "wrong column count": (HEADER + "1\t区教育局\t招生\n", "第 3 行", "列"),
    "empty table": (HEADER, "", "空的"),
    "no table": ("关于做好新闻发布工作的通知\n各单位：请认真落实。\n", "", "找不到计划表格"),
    "space row without time": ("2026年度新闻发布会计划\n序号 发布单位 发布主题 时间\n1 区教育局 招生 近期\n",
                               "第 3 行", "找不到时间"),
}


@pytest.mark.parametrize("content, place, word", BAD.values(), ids=BAD.keys())
def test_bad_plan_names_the_place_and_changes_nothing(cli, tmp_path, snapshot, content, place, word):
    assert cli("import-plan", TONGGUAN, "--create-units").code == 0
    before = snapshot(cli.url)
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    run = cli("import-plan", path)
    assert run.code != 0
    assert "bad.txt" in run.err and place in run.err and word in run.err
    assert snapshot(cli.url) == before


@pytest.mark.parametrize("name, content, word", [
    ("plan.pdf", b"%PDF-1.4", "不支持的文件类型"),
    ("plan.docx", b"not a zip at all", "无法读取"),
    ("plan.xlsx", b"PK\x03\x04broken", "无法读取"),
    ("plan.txt", b"\xff\xfe\x00\xd8\x00\xdc" * 3, "无法读取"),
], ids=["extension", "docx", "xlsx", "encoding"])
def test_unreadable_files(cli, tmp_path, snapshot, name, content, word):
    assert cli("import-plan", TONGGUAN, "--create-units").code == 0
    before = snapshot(cli.url)
    path = tmp_path / name
    path.write_bytes(content)
    run = cli("import-plan", path)
    assert run.code != 0 and word in run.err and name in run.err
    assert snapshot(cli.url) == before


def test_missing_file(cli, tmp_path):
    run = cli("import-plan", tmp_path / "nope.txt")
    assert run.code != 0 and "找不到文件" in run.err


def test_an_unreadable_row_is_reported_and_the_rest_imports(cli, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(HEADER + "1\t区教育局\t招生\t5月\n2\t区教育局\t秋季开学\t13月\n3\t区统计局\t经济运行\t三季度\n",
                    encoding="utf-8")
    run = cli("import-plan", path, "--create-units")
    assert run.code == 0, run.err
    assert "第 4 行：时间“13月”不存在：一年只有12个月，没有13月" in run.err and "新增 2 条" in run.err
    assert [(e[2], e[3]) for e in events_of(cli.url)] == [("区教育局", "招生"), ("区统计局", "经济运行")]


def test_a_row_in_a_year_no_programme_can_have_is_reported_not_imported(cli, tmp_path):
    """"9999年5月" was imported, and then every reminder recompute failed for every event."""
    path = tmp_path / "plan.txt"
    path.write_text(HEADER + "1\t区教育局\t招生\t9999年5月\n2\t区统计局\t经济运行\t2027年三季度\n",
                    encoding="utf-8")
    run = cli("import-plan", path, "--create-units")
    assert run.code == 0, run.err
    assert "第 3 行：时间超出可登记的年份（2000—2100年）：9999年5月" in run.err and "新增 1 条" in run.err
    assert [(e[2], e[3]) for e in events_of(cli.url)] == [("区统计局", "经济运行")]


def test_strict_imports_nothing_when_a_row_is_unreadable(cli, tmp_path, snapshot):
    assert cli("db", "upgrade").code == 0
    before = snapshot(cli.url)
    path = tmp_path / "plan.txt"
    path.write_text(HEADER + "1\t区教育局\t招生\t5月\n2\t区教育局\t秋季开学\t13月\n", encoding="utf-8")
    run = cli("import-plan", path, "--create-units", "--strict")
    assert run.code == 1 and "第 4 行" in run.err and "未导入任何内容" in run.err
    assert snapshot(cli.url) == before
