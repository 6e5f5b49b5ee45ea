"""What a conversation needs from the outside: a clock, the database, the unit directory, the rules."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.split import MAX_BYTES
from bot.clock import Clock
from bot.conversation.locks import KeyLocks

# Bytes one reply may carry on each platform (None: no limit); longer answers are split. The
# channel layer's table (DingTalk 6,000 B of text keeps the quoted msgParam under 15,000 B).
REPLY_LIMITS: dict[str, int | None] = {**MAX_BYTES, "console": None}


@dataclass(frozen=True)
class ConversationPolicy:
    """The notices' rules as numbers; a deployment may change any of them."""

    form_ttl: timedelta = timedelta(hours=24)
    press_release_chars: int = 1200
    min_questions: int = 2
    answer_chars: int = 500
    postpone_limit: timedelta = timedelta(days=31)  # "不超过1个月"
    key_quota: int = 2  # "2·1+N": key departments
    other_quota: int = 1
    registration_lookahead_days: int = 7  # "哪些单位还没报登记表"
    reply_limits: dict[str, int | None] = field(default_factory=lambda: dict(REPLY_LIMITS))
    group_month_after: int = 8  # a list longer than this is grouped by month
    unit_cache: timedelta = timedelta(minutes=1)
    # Roles told of a cancellation or a replaced topic besides the office ("抄送宣传部"): people
    # whose role is one of these. A deployment names them ([reminders] change_copy_roles).
    copy_roles: tuple[str, ...] = ("propaganda",)

    def reply_limit(self, platform: str) -> int | None:
        return self.reply_limits.get(platform, 2048)


@dataclass
class ConversationContext:
    """Built once per process by the app (or per test); shared by every message."""

    clock: Clock
    sessionmaker: async_sessionmaker
    policy: ConversationPolicy = field(default_factory=ConversationPolicy)
    units: Any = None  # a bot.nlp.units.UnitDirectory; loaded from the database when None
    parse: Callable[..., Any] | None = None  # bot.nlp.parse unless a test gives another
    locks: KeyLocks = field(default_factory=KeyLocks)
    # Called after a message changed an event, in its transaction (reminders recompute there):
    # ``await on_event_changed(session, event_id, now)``.
    on_event_changed: Callable[[AsyncSession, int, datetime], Awaitable[None]] | None = None
    _units_loaded_at: datetime | None = None
    _units_from_db: bool = False

    def now(self) -> datetime:
        return self.clock.now()

    async def unit_directory(self, session) -> Any:
        """The directory; rebuilt from the units table now and then, so imported units appear."""
        now = self.now()
        stale = self._units_loaded_at is None or now - self._units_loaded_at > self.policy.unit_cache
        if self.units is not None and not (self._units_from_db and stale):
            return self.units
        from store.units import directory_entries

        self.units = build_directory(await directory_entries(session))
        self._units_loaded_at, self._units_from_db = now, True
        return self.units

    def parser(self) -> Callable[..., Any]:
        if self.parse is None:
            from bot.nlp import parse

            self.parse = parse
        return self.parse


def build_directory(entries: list[tuple[str, list[str]]]) -> Any:
    from bot.nlp.units import UnitDirectory

    return UnitDirectory(entries)
