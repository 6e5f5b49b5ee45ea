"""What an import would do, shown before anything is written: rows, kinds, windows, units.

Each unit name of the plan is matched against the directory (``store.units.UnitIndex``, the
parser's standard-name knowledge: 市监局 finds 区市场监管局); a name it does not know is a
*new unit*, created only when the office confirms. Names of one new unit written two ways
(市监局, 市场监督管理局) are one new unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from store.plan.context import KIND_NAMES
from store.plan.rows import PlanRow, ReadPlan
from store.units import UnitIndex


@dataclass
class Preview:
    plan: ReadPlan
    new_units: list[str] = field(default_factory=list)
    matched: dict[str, str] = field(default_factory=dict)  # as written → directory name, when different
    _new_keys: set[str] = field(default_factory=set, repr=False)

    def is_new(self, name: str) -> bool:
        return self._key(name) in self._new_keys

    @staticmethod
    def _key(name: str) -> str:
        from bot.nlp.units import unit_key

        return unit_key(name)

    def add_new(self, name: str) -> None:
        key = self._key(name)
        if key not in self._new_keys:
            self._new_keys.add(key)
            self.new_units.append(name)


def row_units(row: PlanRow) -> list[str]:
    return [row.unit, *row.co_units]


def preview_plan(plan: ReadPlan, index: UnitIndex | None) -> Preview:
    """The plan against the unit directory (None: the register does not exist yet)."""
    preview = Preview(plan)
    for row in plan.rows:
        for name in row_units(row):
            unit = index.find(name) if index is not None else None
            if unit is None:
                preview.add_new(name)
            elif unit.name != name:
                preview.matched[name] = unit.name
    return preview


def when_text(row: PlanRow) -> str:
    span = f"{row.start:%Y-%m-%d}" if row.start == row.end else f"{row.start:%Y-%m-%d}~{row.end:%m-%d}"
    fix = "，待定" if row.to_be_fixed else ""
    return f"{span}（{row.window_text}{fix}）"


def unit_text(preview: Preview, name: str) -> str:
    if preview.is_new(name):
        return f"{name}【新单位】"
    known = preview.matched.get(name)
    return f"{name}→{known}" if known else name


def row_line(preview: Preview, row: PlanRow) -> str:
    units = "、".join(unit_text(preview, name) for name in row_units(row))
    return f"  {row.place}  {KIND_NAMES[row.kind]}  {units}  {row.topic}  {when_text(row)}"


def preview_lines(preview: Preview, *, rows: bool = True) -> list[str]:
    """The preview as the command line prints it."""
    lines = [f"  {note}" for note in preview.plan.tables]
    if rows:
        lines += [row_line(preview, row) for row in preview.plan.rows]
    if preview.new_units:
        lines.append(f"新单位 {len(preview.new_units)} 个（目录中没有）：{'、'.join(preview.new_units)}")
    if preview.plan.errors:
        lines.append(f"读不懂 {len(preview.plan.errors)} 处（不导入这些行或表，其余照常导入）：")
        lines += [f"  {error}" for error in preview.plan.errors]
    return lines


def row_json(preview: Preview, row: PlanRow) -> dict:
    """The stable row keys first (see README), then what the preview adds."""
    return {
        **row.as_json(),
        "place": row.place, "seq": row.seq, "plan_year": row.plan_year, "year_source": row.year_source,
        "window_text": row.window_text, "to_be_fixed": row.to_be_fixed,
        "new_units": [name for name in row_units(row) if preview.is_new(name)],
        "matched_units": {name: preview.matched[name] for name in row_units(row) if name in preview.matched},
    }
