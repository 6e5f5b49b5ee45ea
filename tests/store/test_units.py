"""Units are found again however a plan or a person writes them; key departments are flagged."""
import pytest
from sqlalchemy import select

from store.models import Unit
from store.units import directory_entries, key_concept, level_of, resolve_unit


@pytest.mark.parametrize("written, existing", [
    ("市监局", "区市场监管局"),
    ("市场监督管理局", "区市场监管局"),
    ("发改委", "县发展和改革委员会"),
    ("人力资源和社会保障局", "区人社局"),
    ("应急管理局", "县应急局"),
], ids=lambda v: v)
async def test_short_forms_find_the_existing_unit(session, written, existing):
    session.add(Unit(name=existing, aliases=[]))
    await session.flush()
    unit = await resolve_unit(session, written)
    await session.commit()
    assert unit.name == existing
    assert written in unit.aliases  # the parser learns the spelling too
    assert (await session.execute(select(Unit))).scalars().all() == [unit]


async def test_unknown_unit_is_created_once(session):
    first = await resolve_unit(session, "县住保中心")
    again = await resolve_unit(session, "县住保中心")
    assert first is again and first.level == "县" and first.is_key is False
    assert await resolve_unit(session, "临涣镇", create=False) is None


KEY = ["县发改委", "区教育局", "县公安局", "市民政局", "县财政局", "区人社局", "市自然资源和规划局",
       "县生态环境分局", "铜官区住建局", "县交通运输局", "农业农村水利局", "县商务局", "县文旅体局",
       "卫健委", "应急管理局", "市监局", "县统计局", "县医保局", "城市管理行政执法局",
       # the sectors the notices add to the list (issue 13)
       "市科技局", "县经信局", "县水务局", "市林业局", "区体育局", "县房产管理局", "县乡村振兴局", "县税务局"]
NOT_KEY = ["韩村镇", "县建投公司", "县住保中心", "县数据局", "区疾控中心", "县档案馆", "县科技馆", "市体育中心"]


@pytest.mark.parametrize("name", KEY, ids=lambda v: v)
def test_key_departments(name):
    assert key_concept(name) is not None


@pytest.mark.parametrize("name", NOT_KEY, ids=lambda v: v)
def test_not_key_departments(name):
    assert key_concept(name) is None


@pytest.mark.parametrize("name, level", [
    ("县教育局", "县"), ("区人社局", "区"), ("市场监管局", None), ("韩村镇", "镇"), ("发改委", None),
], ids=lambda v: str(v))
def test_level(name, level):
    assert level_of(name) == level


async def test_directory_entries_for_the_parser(session):
    session.add_all([Unit(name="区教育局", aliases=["教育局"]), Unit(name="韩村镇", aliases=[])])
    await session.commit()
    assert await directory_entries(session) == [("区教育局", ["教育局"]), ("韩村镇", [])]
