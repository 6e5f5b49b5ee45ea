"""Who is writing, and what they may do.

Rights, from the issue: a liaison changes only their own unit's events; the office (and admin)
changes all and approves; directors and unknown people may ask but not change.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.replies import Target
from store.models import Person, Role, Unit
from store.rules import OFFICE_ROLES

UNKNOWN = "unknown"
PENDING = "pending"  # asked to be added, not yet confirmed by the office
# Platforms that share one directory of user ids.
DIRECTORY_PLATFORM = {"wecom_aibot": "wecom"}


@dataclass
class Actor:
    person: Person | None
    role: str
    name: str

    @property
    def unit(self) -> Unit | None:
        return self.person.unit if self.person else None

    @property
    def is_office(self) -> bool:
        return self.role in OFFICE_ROLES

    @property
    def is_known(self) -> bool:
        return self.role not in (UNKNOWN, PENDING)

    def may_change(self, unit_id: int) -> bool:
        if self.is_office:
            return True
        return self.role == Role.LIAISON and self.unit is not None and self.unit.id == unit_id

    @property
    def may_register(self) -> bool:
        return self.is_office or (self.role == Role.LIAISON and self.unit is not None)

    def target(self) -> Target | None:
        if self.person is None:
            return None
        return person_target(self.person)


def person_target(person: Person) -> Target:
    return Target(platform=person.platform, user_id=person.user_id, name=person.name, person_id=person.id)


def directory_platform(platform: str) -> str:
    return DIRECTORY_PLATFORM.get(platform, platform)


_PERSON = select(Person).where(Person.platform == bindparam("platform"), Person.user_id == bindparam("user_id"))


async def identify(session: AsyncSession, platform: str, user_id: str, user_name: str | None) -> Actor:
    found = await session.execute(_PERSON, {"platform": directory_platform(platform), "user_id": user_id})
    person = found.scalars().first()
    if person is None and platform == "console":
        # ``pressbot chat --as ID`` may speak as anyone in the directory, whatever their platform
        query = select(Person).where(Person.user_id == user_id).order_by(Person.id).limit(1)
        person = (await session.execute(query)).scalars().first()
    if person is None:
        return Actor(None, UNKNOWN, user_name or user_id)
    if not person.active:
        return Actor(person, PENDING, person.name)
    return Actor(person, person.role, person.name)


async def office_people(session: AsyncSession) -> list[Person]:
    query = select(Person).where(Person.role.in_(OFFICE_ROLES), Person.active.is_(True)).order_by(Person.id)
    return list((await session.execute(query)).scalars())


async def unit_liaisons(session: AsyncSession, unit_id: int) -> list[Person]:
    query = select(Person).where(
        Person.unit_id == unit_id, Person.role == Role.LIAISON, Person.active.is_(True)
    ).order_by(Person.id)
    return list((await session.execute(query)).scalars())
