"""The conversation's state row: read under lock, written with a version check.

The in-process lock serializes one key's messages; a second process (or a retry racing it) is
caught by the row's ``updated_at``, which works as a version: every save writes a strictly later
value and only succeeds if the row still has the value that was read. A lost race raises
``StateConflict``; the dispatcher then handles the message again from the fresh state.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from bot.conversation.locks import ConversationKey
from store.models import ConversationState, table_of


class StateConflict(Exception):
    """Someone else changed this conversation's state since it was read."""


_STATE = select(ConversationState).where(
    ConversationState.platform == bindparam("platform"),
    ConversationState.chat_id == bindparam("chat_id"),
    ConversationState.user_id == bindparam("user_id"),
)
_TABLE = table_of(ConversationState)
_CREATE = {pg: dialect.insert(_TABLE).on_conflict_do_nothing().returning(_TABLE.c.id)
           for pg, dialect in ((True, postgresql), (False, sqlite))}  # by "is it PostgreSQL"
_STATE_LOCKED = _STATE.with_for_update()  # PostgreSQL: other processes wait here until this message commits


async def load_state(session: AsyncSession, key: ConversationKey) -> ConversationState | None:
    query = _STATE_LOCKED if session.get_bind().dialect.name == "postgresql" else _STATE
    found = await session.execute(query, {"platform": key.platform, "chat_id": key.chat_id, "user_id": key.user_id})
    return found.scalars().first()


def next_version(now: datetime, previous: datetime | None) -> datetime:
    """``now``, or just after the previous version when the clock has not moved (a fake clock)."""
    if previous is not None and now <= previous:
        return previous + timedelta(microseconds=1)
    return now


async def save_state(
    session: AsyncSession, key: ConversationKey, current: ConversationState | None, *,
    form: str, step: str, data: dict[str, Any], now: datetime, ttl: timedelta,
    event_id: int | None = None,
) -> ConversationState:
    version = next_version(now, current.updated_at if current else None)
    values = dict(form=form, step=step, data=data, event_id=event_id, expires_at=now + ttl,
                  updated_at=version)
    if current is None:
        columns = dict(platform=key.platform, chat_id=key.chat_id, user_id=key.user_id, **values)
        pg = session.get_bind().dialect.name == "postgresql"
        # a row that appeared meanwhile is a conflict, not an error: no savepoint is needed
        new_id = (await session.execute(_CREATE[pg], columns)).scalar()
        if new_id is None:
            raise StateConflict(str(key))
        row = ConversationState(id=new_id, **columns)
        make_transient_to_detached(row)
        session.add(row)  # persistent, as if loaded: nothing more is written for it
        return row
    result = cast(CursorResult[Any], await session.execute(
        update(ConversationState)
        .where(ConversationState.id == current.id, ConversationState.updated_at == current.updated_at)
        .values(**values)
        .execution_options(synchronize_session=False)
    ))
    if result.rowcount != 1:
        raise StateConflict(str(key))
    for name, value in values.items():
        set_committed(current, name, value)
    return current


async def clear_state(session: AsyncSession, current: ConversationState | None) -> None:
    if current is None:
        return
    result = cast(CursorResult[Any], await session.execute(
        delete(ConversationState)
        .where(ConversationState.id == current.id, ConversationState.updated_at == current.updated_at)
        .execution_options(synchronize_session=False)
    ))
    if result.rowcount != 1:
        raise StateConflict(f"state {current.id}")
    session.expunge(current)


def set_committed(row: ConversationState, name: str, value: Any) -> None:
    """Mirror a value written by UPDATE on the loaded object without marking it dirty."""
    from sqlalchemy.orm.attributes import set_committed_value

    set_committed_value(row, name, value)


def is_expired(state: ConversationState, now: datetime) -> bool:
    return state.expires_at <= now
