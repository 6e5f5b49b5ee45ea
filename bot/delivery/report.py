"""``pressbot outbox``: what could not be delivered, and putting it back in the queue;
``pressbot inbox --failed``: messages whose handling hit a defect (they got the apology)."""
from __future__ import annotations

import json
import sys
from datetime import UTC
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update

from bot.delivery.database import Database
from bot.delivery.inbox import FAILED, RECEIVED
from bot.delivery.outbox import DEAD, PENDING, SENDING, SENT, list_rows
from store.models import InboundMessage, OutboxMessage


def row_json(row: OutboxMessage) -> dict[str, Any]:
    return {
        "id": row.id, "status": row.status, "platform": row.platform,
        "idempotency_key": row.idempotency_key, "target": row.target, "attempts": row.attempts,
        "last_error": row.last_error, "body": row.body,
        "created_at": row.created_at.isoformat() if row.created_at else None,
        "next_attempt_at": row.next_attempt_at.isoformat() if row.next_attempt_at else None,
    }


STATUS_NAMES = {PENDING: "待发送", SENDING: "发送中", SENT: "已发送", DEAD: "已放弃"}
PLATFORM_NAMES = {"wecom": "企业微信", "wecom_aibot": "企业微信机器人", "wecom_webhook": "企业微信群机器人",
                  "dingtalk": "钉钉", "dingtalk_webhook": "钉钉群机器人", "console": "控制台", "playground": "体验页"}


def send_error_text(error: str | None, status: str = PENDING) -> str:
    """Why a row is not sent (yet), in words; the error as stored is in ``--json``."""
    if not error:
        return "-"
    later = "，已放弃（用 --retry 重发）" if status == DEAD else "，稍后自动重试"
    if error.startswith("limit "):
        return "发送频率达到平台上限" + ("，已放弃（用 --retry 重发）" if status == DEAD else "，稍后自动发送")
    if error.startswith("no sender for platform"):
        return "这个平台的发送通道没有开启，检查配置后用 --retry 重发"
    if "ClientConnectorError" in error or "Cannot connect" in error:
        return "连不上平台的服务器（网络或平台故障）" + later
    if "Timeout" in error:
        return "平台没有及时响应" + later
    if error.startswith("TransientError"):
        return "平台暂时出错" + later
    return "平台拒绝了这条消息（详情见 --json）"


def row_line(row: OutboxMessage, tz: Any) -> str:
    created = row.created_at.astimezone(tz).strftime("%m-%d %H:%M") if row.created_at else "-"
    preview = row.body.replace("\n", " ")[:30]
    status = STATUS_NAMES.get(row.status, row.status)
    return (f"#{row.id} [{status}] {PLATFORM_NAMES.get(row.platform, row.platform)} {created} "
            f"尝试 {row.attempts} 次  “{preview}”\n    原因：{send_error_text(row.last_error, row.status)}")


async def show_outbox(settings: Any, *, statuses: tuple[str, ...], as_json: bool,
                      retry: int | None, out=sys.stdout) -> int:
    db = Database.open(settings.database_url)
    try:
        if retry is not None:
            return await _retry(db, retry, out)
        async with db.sessions() as session:
            rows = await list_rows(session, statuses)
    finally:
        await db.close()
    if as_json:
        json.dump([row_json(r) for r in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif not rows:
        out.write("没有发送失败的消息。\n" if statuses == (DEAD,) else "发件箱里没有待处理的消息。\n")
    else:
        out.write("\n".join(row_line(r, settings.tz) for r in rows) + "\n")
    return 0


async def _retry(db: Database, row_id: int, out) -> int:
    from datetime import datetime

    async with db.writing() as session:
        done = await session.execute(
            update(OutboxMessage).where(OutboxMessage.id == row_id, OutboxMessage.status == DEAD)
            .values(status=PENDING, attempts=0, next_attempt_at=datetime.now(UTC)))
    if cast(CursorResult, done).rowcount != 1:
        out.write(f"没有编号为 {row_id} 的失败消息。\n")
        return 1
    out.write(f"消息 #{row_id} 已重新排队，运行中的服务会发送它。\n")
    return 0


def inbound_json(row: InboundMessage) -> dict[str, Any]:
    return {
        "id": row.id, "platform": row.platform, "message_id": row.message_id,
        "user_id": row.user_id, "chat_id": row.chat_id, "text": row.text, "error": row.error,
        "received_at": row.received_at.isoformat() if row.received_at else None,
        "handled_at": row.handled_at.isoformat() if row.handled_at else None,
    }


def inbound_line(row: InboundMessage, tz: Any) -> str:
    received = row.received_at.astimezone(tz).strftime("%m-%d %H:%M") if row.received_at else "-"
    preview = row.text.replace("\n", " ")[:30]
    kind = (row.error or "").split(":", 1)[0].strip()
    why = f"程序出错（{kind}），请把编号告诉维护人员；详情见 --json" if kind else "-"
    return (f"#{row.id} {PLATFORM_NAMES.get(row.platform, row.platform)} {row.user_id} {received}  “{preview}”\n"
            f"    原因：{why}")


async def failed_messages(session: Any, limit: int | None = None) -> list[InboundMessage]:
    """Messages whose handling hit a defect, oldest first (the CLI and the dashboard)."""
    query = select(InboundMessage).where(InboundMessage.status == FAILED).order_by(InboundMessage.id)
    return list(await session.scalars(query.limit(limit) if limit else query))


async def count_failed(session: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(InboundMessage)
                                    .where(InboundMessage.status == FAILED)) or 0)


async def handle_again(session: Any, row_id: int, now: Any) -> bool:
    """Put a failed message back to be handled (after the defect is fixed); the running
    service handles it and answers again."""
    done = await session.execute(
        update(InboundMessage).where(InboundMessage.id == row_id, InboundMessage.status == FAILED)
        .values(status=RECEIVED, attempts=0, next_attempt_at=now, handled_at=None))
    return cast(CursorResult, done).rowcount == 1


def error_kind(error: str | None) -> str:
    """The defect's name for the office (``KeyError``), not its whole message."""
    name = (error or "").split(":", 1)[0].strip()
    return name if name.isidentifier() else "未知错误"


async def show_inbox(settings: Any, *, as_json: bool, out: Any = None, retry: int | None = None) -> int:
    out = out or sys.stdout  # looked up now: the caller may have replaced it
    db = Database.open(settings.database_url)
    try:
        if retry is not None:
            from datetime import datetime

            async with db.writing() as session:
                again = await handle_again(session, retry, datetime.now(UTC))
            out.write(f"消息 #{retry} 已重新排队，运行中的服务会重新处理并回复。\n" if again
                      else f"没有编号为 {retry} 的处理出错的消息。\n")
            return 0 if again else 1
        async with db.reading() as session:
            rows = await failed_messages(session)
    finally:
        await db.close()
    if as_json:
        json.dump([inbound_json(r) for r in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif not rows:
        out.write("没有处理出错的消息。\n")
    else:
        out.write("\n".join(inbound_line(r, settings.tz) for r in rows) + "\n")
    return 0

