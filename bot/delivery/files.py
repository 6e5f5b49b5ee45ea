"""Files through the outbox: a row of content_type "file" plus its bytes in ``outbox_files``.

Both are written in one transaction with the message's other effects, so a restart loses
nothing; the worker loads the bytes with the claimed rows and removes them once sent. A
sender that cannot send files (``sends_files`` unset) gets a text instead: a signed download
link where the deployment can make one (``pressbot serve`` serves it), else where to find
the file.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.channels.base import FileAttachment, Outgoing
from bot.render import render
from store.models import OutboxFile, OutboxMessage

FILE = "file"


@dataclass(frozen=True)
class FileLink:
    url: str
    minutes: int  # how long the link works


# (the attachment's source, now, the base URL the person reached us at or None) → a link
LinkMaker = Callable[[dict[str, Any], datetime, str | None], FileLink | None]


def file_row(row: OutboxMessage, file: FileAttachment, now: datetime) -> OutboxFile:
    """``row`` becomes a file message; the returned bytes row goes into the same session."""
    row.content_type, row.body = FILE, file.filename
    return OutboxFile(outbox=row, **file_values(None, file, now))


def file_values(outbox_id: int | None, file: FileAttachment, now: datetime) -> dict[str, Any]:
    """The bytes row's columns (its message's id, or None where the ORM links the two)."""
    return {**({"outbox_id": outbox_id} if outbox_id is not None else {}), "filename": file.filename,
            "media_type": file.media_type, "content": file.content, "source": dict(file.source),
            "created_at": now}


async def attach_files(conn: AsyncConnection, items: list[Outgoing]) -> list[Outgoing]:
    """The claimed items with the bytes of their files (a file row without bytes stays bare)."""
    ids = [item.id for item in items if item.content_type == FILE]
    if not ids:
        return items
    rows = await conn.execute(select(OutboxFile.outbox_id, OutboxFile.filename, OutboxFile.media_type,
                                     OutboxFile.content, OutboxFile.source)
                              .where(OutboxFile.outbox_id.in_(ids)))
    files = {r.outbox_id: FileAttachment(r.filename, bytes(r.content), r.media_type, dict(r.source or {}))
             for r in rows}
    return [replace(item, file=files.get(item.id)) if item.id in files else item for item in items]


async def forget_sent(conn: AsyncConnection, outbox_ids: list[int]) -> None:
    if outbox_ids:
        await conn.execute(delete(OutboxFile).where(OutboxFile.outbox_id.in_(outbox_ids)))


def as_link_text(item: Outgoing, links: LinkMaker | None, now: datetime) -> Outgoing:
    """The file message as a text for a platform that cannot send files."""
    assert item.file is not None
    link = links(item.file.source, now, item.target.get("web_base")) if links else None
    text = render("channels/file_link.j2", filename=item.file.filename,
                  url=link.url if link else None, minutes=link.minutes if link else 0)
    return replace(item, content_type="text", body=text, file=None)
