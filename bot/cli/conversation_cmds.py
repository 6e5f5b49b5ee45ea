"""``pressbot history EVENT_ID``: an event's changes — when, who, what from and to, which message."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.cli.zh_argparse import row_number


def register(sub: argparse._SubParsersAction) -> None:
    history = sub.add_parser("history", help="查看一场活动的修改记录（谁、何时、从什么改成什么、哪条消息）")
    history.add_argument("event_id", type=row_number, metavar="编号", help="活动编号（pressbot events 可查）")
    history.add_argument("--json", action="store_true", help="以 JSON 输出")
    history.set_defaults(func=cmd_history)


def cmd_history(args: argparse.Namespace) -> int:
    from bot.cli.store_cmds import refuse_missing

    settings = args.settings
    if refuse_missing(settings.database_url):
        return 1
    return asyncio.run(show_history(args.event_id, settings.database_url, settings.tz, as_json=args.json))


async def show_history(event_id: int, url: str, tz, *, as_json: bool = False) -> int:
    from store.commands import open_session
    from store.models import Event, InboundMessage
    from store.repo import event_history

    async with open_session(url) as session:
        event = await session.get(Event, event_id)
        if event is None:
            print(f"没有编号为 {event_id} 的活动（pressbot events 可列出全部活动）", file=sys.stderr)
            return 1
        rows = []
        for change in await event_history(session, event_id):
            message = await session.get(InboundMessage, change.inbound_id) if change.inbound_id else None
            rows.append(_row(change, message, tz))
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"{event.unit.name}「{event.topic}」（编号 {event_id}）的修改记录：")
    for row in rows:
        print(_line(row))
    return 0


def _row(change, message, tz) -> dict:
    from bot.timefmt import change_value, field_name, local_moment

    return {
        "at": change.at.astimezone(tz).isoformat(timespec="minutes"), "actor": change.actor,
        "when": local_moment(change.at, tz), "label": field_name(change.field),
        "old_text": change_value(change.field, change.old_value, tz),
        "new_text": change_value(change.field, change.new_value, tz),
        "field": change.field, "old": change.old_value, "new": change.new_value, "note": change.note,
        "reason": change.reason,
        "message": {"id": message.id, "platform": message.platform, "text": message.text} if message else None,
    }


def _line(row: dict) -> str:
    change = row["new_text"] if row["field"] == "created" else f"{row['old_text']} → {row['new_text']}"
    via = f"（消息「{row['message']['text']}」）" if row["message"] else ""
    note = f"［{row['note']}］" if row["note"] else ""
    if row.get("reason"):
        note += f"（原因：{row['reason']}）"
    return f"{row['when']}  {row['actor']}  {row['label']}：{change}{note}{via}"
