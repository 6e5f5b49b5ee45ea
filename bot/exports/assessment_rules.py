"""What the assessment asks of the rules module, in one place (to be served by ``store.rules``)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pypinyin import lazy_pinyin
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminders.rules import add_months
from store import models
from store.models import Event, Kind, Unit
from store.views import STATUS_NAMES


@dataclass(frozen=True)
class Policy:
    key_quota: int = 2
    other_quota: int = 1
    postpone_limit_months: int = 1


def is_key(unit: Unit, policy: Policy) -> bool:
    return bool(unit.is_key)


def quota_of(unit: Unit, policy: Policy) -> int:
    if unit.yearly_quota is not None:
        return unit.yearly_quota
    return policy.key_quota if is_key(unit, policy) else policy.other_quota


def quota_met(key: bool, quota: int, held: int, halves: tuple[int, int]) -> bool:
    return held >= quota and (not key or (halves[0] > 0 and halves[1] > 0))


def postpone_limit(planned_end: date, policy: Policy) -> date:
    return add_months(planned_end, policy.postpone_limit_months)


def needs_registration(event: Event) -> bool:
    return event.kind == Kind.PRESS_CONFERENCE


def half_of(day: date) -> int:
    return 1 if day.month <= 6 else 2


def status_label(status: str) -> str:
    return STATUS_NAMES.get(status, status)


def unit_order_key(name: str) -> tuple[str, str]:
    """The office's unit order: by pinyin of the name (then the name, for homophones)."""
    return " ".join(lazy_pinyin(name)), name


async def recorded_events(session: AsyncSession, event_ids: list[int]) -> set[int] | None:
    """Events whose 实录 is on record; None where the register does not track publication."""
    publication = getattr(models, "Publication", None)
    if publication is None:
        return None
    stmt = select(publication.event_id).where(publication.item == "record", publication.event_id.in_(event_ids))
    return set((await session.execute(stmt)).scalars())
