"""Migration 0006 marks the units already in the register that belong to the sectors the notices
name ("2·1+N": 科技, 经信, 水利, 林业, 体育, 房产, 乡村振兴/扶贫, 税务) as key departments."""
import asyncio

from sqlalchemy import text

from store.db import make_engine
from store.migrate import upgrade

BEFORE = "0004"  # the head this branch's migration follows


async def _run(url: str, sql: str, params: list[dict] | None = None):
    engine = make_engine(url)
    async with engine.begin() as conn:
        result = await conn.execute(text(sql), params) if params else await conn.execute(text(sql))
        rows = result.all() if result.returns_rows else None
    await engine.dispose()
    return rows


def test_existing_units_of_the_new_sectors_become_key(fresh_url):
    upgrade(fresh_url, BEFORE)
    names = ["市科技局", "区税务局", "县林业局", "县乡村振兴局", "区档案馆", "县水利中心", "韩村镇"]
    asyncio.run(_run(fresh_url, "INSERT INTO units (name, aliases, is_key) VALUES (:name, '[]', false)",
                     [{"name": n} for n in names]))

    upgrade(fresh_url)

    rows = asyncio.run(_run(fresh_url, "SELECT name, is_key FROM units"))
    assert {name for name, key in rows if key} == {"市科技局", "区税务局", "县林业局", "县乡村振兴局"}
