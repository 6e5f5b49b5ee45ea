"""Units: one row per department, found again however it is written.

Matching goes through the parser's ``UnitDirectory`` (``unit_key``: its knowledge of short
forms, and its preference for the same level prefix), so "市监局" in a plan finds the existing
"区市场监管局" and "发改委" finds "县发展和改革委员会".
A spelling that matched is kept as an alias, so the parser learns it too.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store import rules
from store.models import Unit

LEVEL_PREFIXES = ("省", "市", "县", "区")
LEVEL_SUFFIXES = ("街道", "镇", "乡")


def key_concept(name: str) -> str | None:
    """The "2·1+N" sector of a unit's name or of its standard short form (``store.rules``)."""
    from bot.nlp.units import unit_key

    return rules.key_concept(name, unit_key(name))


def level_of(name: str) -> str | None:
    for suffix in LEVEL_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    # "市场监管局" starts with 市 but has no level
    if name[:1] in LEVEL_PREFIXES and not name.startswith("市场"):
        return name[0]
    return None


@dataclass
class UnitIndex:
    """All units, found through the parser's UnitDirectory; loaded once per import (units are few).

    The directory is built once; units created or given an alias afterwards (during a plan
    import) are found by their exact name or standard key until the next load, so a plan with
    sixty new units does not rebuild the directory sixty times.
    """

    units: dict[str, Unit] = field(default_factory=dict)  # cleaned canonical name → unit
    _directory: object | None = None
    _recent: dict[str, Unit] = field(default_factory=dict)  # exact names and keys of units added since

    @classmethod
    async def load(cls, session: AsyncSession) -> UnitIndex:
        index = cls()
        for unit in (await session.execute(select(Unit).order_by(Unit.id))).scalars():
            index.add(unit)
        return index

    def add(self, unit: Unit) -> None:
        from bot.nlp.unit_names import clean
        from bot.nlp.units import unit_key

        self.units[clean(unit.name)] = unit
        if self._directory is None:
            return
        for form in (unit.name, *(unit.aliases or [])):
            self._recent.setdefault(clean(form), unit)
            self._recent.setdefault(f"key:{unit_key(form)}", unit)

    def directory(self):
        from bot.nlp.units import UnitDirectory

        if self._directory is None:
            self._directory = UnitDirectory((u.name, list(u.aliases or [])) for u in self.units.values())
            self._recent = {}
        return self._directory

    def find(self, name: str) -> Unit | None:
        from bot.nlp.unit_names import clean
        from bot.nlp.units import unit_key

        name = name.strip()
        if (recent := self._recent.get(clean(name))) is not None:
            return recent
        canonical = self.directory().resolve(name)
        if canonical:
            return self.units.get(canonical)
        return self._recent.get(f"key:{unit_key(name)}")


async def resolve_unit(
    session: AsyncSession, name: str, *, index: UnitIndex | None = None, create: bool = True
) -> Unit | None:
    """The unit called ``name`` (any spelling the parser knows), created if new and allowed."""
    name = name.strip()
    index = index or await UnitIndex.load(session)
    unit = index.find(name)
    if unit is not None:
        if name != unit.name and name not in (unit.aliases or []):
            unit.aliases = [*(unit.aliases or []), name]
            index.add(unit)  # the new alias matches exactly from now on
        return unit
    if not create:
        return None
    unit = Unit(name=name, aliases=[], level=level_of(name), is_key=key_concept(name) is not None)
    session.add(unit)
    await session.flush()
    index.add(unit)
    return unit


async def directory_entries(session: AsyncSession) -> list[tuple[str, list[str]]]:
    """(name, aliases) of every unit, for the parser's UnitDirectory."""
    rows = await session.execute(select(Unit.name, Unit.aliases).order_by(Unit.name))
    return [(name, list(aliases or [])) for name, aliases in rows]


async def mark_key(session: AsyncSession, name: str, key: bool) -> Unit | None:
    """Mark the unit called ``name`` (any spelling) as a "2·1+N" key department, or not; None if unknown."""
    unit = (await UnitIndex.load(session)).find(name)
    if unit is not None:
        unit.is_key = key
    return unit


async def mark_key_by_id(session: AsyncSession, unit_id: int, key: bool) -> Unit | None:
    unit = await session.get(Unit, unit_id)
    if unit is not None:
        unit.is_key = key
    return unit
