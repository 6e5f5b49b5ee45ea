"""The register's vocabularies (kinds, statuses, sources, roles): plain enums, cheap to import,
so that the rules (``store.rules``) and the settings need no database library to start."""
from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    PRESS_CONFERENCE = "press_conference"
    ONLINE_INTERVIEW = "online_interview"


class Status(StrEnum):
    PLANNED = "planned"
    SCHEDULED = "scheduled"
    REGISTERED = "registered"
    APPROVED = "approved"
    HELD = "held"
    REPORTED = "reported"
    CANCELLED = "cancelled"


class Source(StrEnum):
    PLAN = "plan"
    CHAT = "chat"
    MANUAL = "manual"


class Role(StrEnum):
    LIAISON = "liaison"
    DIRECTOR = "director"
    OFFICE = "office"
    ADMIN = "admin"
    PROPAGANDA = "propaganda"  # 宣传部: copied on cancellations and replaced topics
