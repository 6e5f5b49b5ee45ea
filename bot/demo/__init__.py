"""Demo data for ``pressbot demo``: the two sample plans and a small directory on ``console``.

The sample plans are real notices of 2021 (濉溪县) and 2024 (铜官区); they are moved to the
current year, years in the windows and topics included ("2020年全县经济运行" → one year before),
so that the dashboard and "本月有哪些发布会" have something to show. Both are imported in one
transaction, so their 序号 cannot be mistaken for each other. Then ``bot.demo.life`` moves the
year along to today: held and reported behind, a few overdue, some dated in the coming days.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.demo.life import Life, bring_to_life
from store.models import Event
from store.plan.rows import PlanRow

DEMO_DIR = Path(__file__).parent
PLANS = ("plan_suixi_2021.txt", "plan_tongguan_2024.txt")
PEOPLE = DEMO_DIR / "people.csv"
NOTE = "示例计划（pressbot demo）"
YEAR_IN_TEXT = re.compile(r"(20\d\d)(?=\s*年)")


class DemoRefused(Exception):
    """The database already holds events; the message says what to do."""


class DemoPresent(Exception):
    """The demo was loaded into this database before: nothing to do."""


@dataclass
class DemoLoaded:
    year: int
    events: int
    people: int
    shifted: list[tuple[str, int]]  # (plan file, its original year)
    life: Life | None = None


async def _demo_present(session: AsyncSession) -> bool:
    """The demo's people are all in the directory: an earlier ``pressbot demo`` ran here."""
    from store.models import Person
    from store.people import read_people

    wanted = {(p.platform, p.user_id) for p in read_people(PEOPLE)}
    found = await session.execute(select(Person.platform, Person.user_id)
                                  .where(Person.user_id.in_([u for _, u in wanted])))
    return wanted <= {tuple(row) for row in found}


def _shift_date(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _shift_text(text: str | None, years: int) -> str | None:
    if text is None:
        return None
    return YEAR_IN_TEXT.sub(lambda m: str(int(m.group(1)) + years), text)


def shift_row(row: PlanRow, year: int) -> PlanRow:
    years = year - row.plan_year
    return replace(row, plan_year=year, start=_shift_date(row.start, years), end=_shift_date(row.end, years),
                   window_text=_shift_text(row.window_text, years) or "", topic=_shift_text(row.topic, years) or "")


def demo_rows(year: int) -> tuple[list[PlanRow], list[tuple[str, int]]]:
    from store.plan.rows import read_plan
    from store.plan.tables import read_tables

    rows, shifted = [], []
    for name in PLANS:
        plan = read_plan(read_tables(DEMO_DIR / name))
        shifted.append((name, plan.rows[0].plan_year))
        rows += [shift_row(row, year) for row in plan.rows]
    return rows, shifted


async def load_demo(session: AsyncSession, *, now: datetime, force: bool = False, living: bool = True) -> DemoLoaded:
    """Import the demo plans and people (the caller commits); refuses a database with events.

    ``living=False`` keeps the plans as imported (every event planned), as some tests want them.
    """
    from store.people import import_people, read_people
    from store.plan.importer import import_plan

    existing = await session.scalar(select(func.count()).select_from(Event))
    if existing and not force and await _demo_present(session):
        raise DemoPresent("示例数据已在数据库中，直接运行 pressbot serve 即可。")
    if existing and not force:
        raise DemoRefused(f"数据库里已有 {existing} 项活动，未载入示例数据"
                          "（示例数据应载入新数据库；确要载入请加 --force）。")
    rows, shifted = demo_rows(now.year)
    await import_plan(session, rows, now=now, note=NOTE)
    people = await import_people(session, read_people(PEOPLE))
    total = len(people.created) + len(people.updated) + len(people.unchanged)
    life = await bring_to_life(session, now) if living else None
    return DemoLoaded(now.year, len(rows), total, shifted, life)
