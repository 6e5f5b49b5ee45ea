"""pressbot import-people: the whole file or nothing, with the bad line named; re-import updates."""
import asyncio

import pytest
from sqlalchemy import select

from store.db import make_engine, make_sessionmaker
from store.models import Person

HEADER = "platform,user_id,name,unit,role,mobile\n"
GOOD = HEADER + (
    "wecom,zhangsan,张三,区教育局,liaison,13800000001\n"
    "dingtalk,lisi01,李四,市监局,director,\n"
    "console,admin,王五,,admin,\n"
)


async def _people(url):
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as s:
        rows = (await s.execute(select(Person).order_by(Person.user_id))).scalars().all()
        result = [(p.platform, p.user_id, p.name, p.unit.name if p.unit else None, p.role, p.mobile)
                  for p in rows]
    await engine.dispose()
    return result


def test_import_and_reimport_updates(cli, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    run = cli("import-people", path)
    assert run.code == 0, run.err
    assert "新增 3 人" in run.err
    people = asyncio.run(_people(cli.url))
    assert ("dingtalk", "lisi01", "李四", "市监局", "director", None) in people

    path.write_text(GOOD.replace("13800000001", "13900000009"), encoding="utf-8")
    run = cli("import-people", path)
    assert "新增 0 人，更新 1 人，未变 2 人" in run.err
    assert ("wecom", "zhangsan", "张三", "区教育局", "liaison", "13900000009") in asyncio.run(_people(cli.url))


def test_people_resolve_units_by_short_form(cli, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "wecom,a,甲,区市场监督管理局,liaison,\nwecom,b,乙,市监局,director,\n",
                    encoding="utf-8")
    assert cli("import-people", path).code == 0
    units = {p[3] for p in asyncio.run(_people(cli.url))}
    assert units == {"区市场监督管理局"}


BAD = [
    ("platform", "wecom,a,甲,区教育局,liaison,\nqq,b,乙,区教育局,liaison,\n", "第 3 行", "平台"),
    ("role", "wecom,a,甲,区教育局,boss,\n", "第 2 行", "角色"),
    ("no user id", "wecom,a,甲,区教育局,liaison,\nwecom,,乙,区教育局,liaison,\n", "第 3 行", "user_id"),
    ("no unit", "wecom,a,甲,,liaison,\n", "第 2 行", "单位"),
    ("mobile", "wecom,a,甲,区教育局,liaison,电话\n", "第 2 行", "手机号"),
    ("duplicate", "wecom,a,甲,区教育局,liaison,\nwecom,a,乙,区教育局,liaison,\n", "第 3 行", "重复"),
]


@pytest.mark.parametrize("case, body, place, word", BAD, ids=[b[0] for b in BAD])
def test_bad_row_names_its_line_and_imports_nothing(cli, tmp_path, snapshot, case, body, place, word):
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert cli("import-people", path).code == 0
    before = snapshot(cli.url)
    path.write_text(HEADER + body, encoding="utf-8")
    run = cli("import-people", path)
    assert run.code != 0
    assert place in run.err and word in run.err
    assert snapshot(cli.url) == before


@pytest.mark.parametrize("name, content, word", [
    ("people.xlsx", "x", "CSV"),
    ("people.csv", "name,mobile\n张三,1\n", "表头"),
    ("people.csv", HEADER, "没有人员"),
], ids=["extension", "header", "empty"])
def test_bad_files(cli, tmp_path, name, content, word):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    run = cli("import-people", path)
    assert run.code != 0 and word in run.err


def test_missing_file(cli, tmp_path):
    run = cli("import-people", tmp_path / "nope.csv")
    assert run.code != 0 and "无法读取" in run.err
