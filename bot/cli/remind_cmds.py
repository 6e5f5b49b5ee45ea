"""``pressbot remind`` (one delivery round, for cron and tests) and ``pressbot reminders`` (list)."""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
from datetime import datetime


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("remind", help="按当前（或 --now 指定的）时间运行一轮提醒")
    p.add_argument("--now", metavar="时间",
                   help="以此时刻运行，ISO 格式，如 2026-04-20T09:00（不带时区按部署所在时区）")
    p.add_argument("--dry-run", action="store_true", help="只列出将要发送的提醒，不写数据库")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--config", metavar="文件", help="TOML 配置文件，读取其中的 [reminders] 表（默认 $PRESSBOT_CONFIG）")
    p.set_defaults(func=cmd_remind)
    q = sub.add_parser("reminders", help="列出待发送和已发送的提醒")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(func=cmd_reminders)


def cmd_remind(args: argparse.Namespace) -> int:
    try:
        now = _parse_now(args.now, args.settings.tz)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    from bot.cli.store_cmds import refuse_missing

    policy = args.settings.reminders
    url = args.settings.database_url
    if args.dry_run and refuse_missing(url):
        return 1
    _ensure_schema(url)
    sent = asyncio.run(_remind(url, now, policy, args.dry_run))
    if args.json:
        print(json.dumps([s.as_json() for s in sent], ensure_ascii=False, indent=2))
    else:
        from bot.timefmt import format_exact, moment_text

        verb = "将发送" if args.dry_run else "已发送"
        tz = args.settings.tz
        print(f"{verb} {len(sent)} 条提醒（时间：{format_exact(now, tz)}）")
        for s in sent:  # each text opens with its kind: 【登记表到期】…
            print(f"- {moment_text(s.due_at, tz)} → {s.recipient} {s.text.splitlines()[0]}")
    return 0


async def _remind(url: str, now: datetime, policy, dry_run: bool):
    from bot.delivery.database import Database
    from bot.reminders.candidates import calendar_for
    from bot.reminders.delivery import preview_round, run_round
    from bot.reminders.reconcile import recompute
    from bot.reminders.scheduler import ROUND_CHUNK

    calendar_for(policy).check_years([now.year, now.year + 1])
    db = Database.open(url)
    try:
        # reads outside the write lock, which each short transaction takes at its first write
        # (Database.handling): a running ``pressbot serve`` keeps acknowledging meanwhile
        maker = db.handling_sessions
        async with maker() as session, db.reading() as reads:
            if dry_run:
                await recompute(session, now, policy)
                sent = await preview_round(session, now, policy)
                await session.rollback()
                return sent
            await recompute(session, now, policy, commit=session.commit, reader=reads)
            await session.commit()
        worker = f"cli-{socket.gethostname()}-{os.getpid()}"
        return await run_round(maker, now, policy, worker_id=worker, limit=ROUND_CHUNK)
    finally:
        await db.close()


def cmd_reminders(args: argparse.Namespace) -> int:
    from bot.cli.store_cmds import refuse_missing

    url = args.settings.database_url
    if refuse_missing(url):
        return 1
    _ensure_schema(url)
    rows = asyncio.run(_list(url, args.settings.tz))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    from datetime import datetime

    from bot.timefmt import moment_text

    names = {"pending": "待发送", "claimed": "发送中", "sent": "已发送"}
    print(f"共 {len(rows)} 条提醒")
    for r in rows:
        due = datetime.fromisoformat(r["due_at"])
        event = f"活动编号 {r['event_id']}" if r["event_id"] else "不针对某场活动"
        print(f"- {moment_text(due, args.settings.tz)} {names[r['status']]} → {r['recipient']} "
              f"【{RULE_LABELS.get(r['rule'], '提醒')}】 {event}")
    return 0


# How each rule's reminder is headed (its template's first words), for the listing
RULE_LABELS = {
    "month_begins_undated": "待定日期", "registration_due": "登记表到期", "registration_overdue": "登记表逾期",
    "materials_due": "材料包到期", "outline_due": "访谈方案到期", "event_eve": "明日活动", "event_morning": "今日活动",
    "window_passed": "计划未落实", "postponed_too_long": "延期超过期限", "statistics_missing": "统计表待填",
    "halfyear_statistics": "半年统计", "halfyear_summary": "半年统计汇总", "quota_21n": "发布会任务提醒",
    "monday_digest": "本周概览", "unreachable": "提醒无法送达", "principal_not_spoken": "主要负责同志出席发布会",
    "time_changes_filed": "改期备案",
}


async def _list(url: str, tz) -> list[dict]:
    from sqlalchemy import select

    from store.db import make_engine, make_sessionmaker
    from store.models import Person, Reminder

    engine = make_engine(url, immediate=False)  # reads only
    try:
        async with make_sessionmaker(engine)() as session:
            stmt = (select(Reminder, Person.name).outerjoin(Person, Person.id == Reminder.recipient_id)
                    .where(Reminder.status.in_(("pending", "claimed", "sent")))
                    .order_by(Reminder.due_at, Reminder.id))
            return [_row_json(r, name, tz) for r, name in await session.execute(stmt)]
    finally:
        await engine.dispose()


def _row_json(r, name: str | None, tz) -> dict:
    from store.rules import ROLE_NAMES

    role = ROLE_NAMES.get(r.recipient_role or "", r.recipient_role)
    return {"key": r.key, "rule": r.rule, "event_id": r.event_id,
            "recipient": name or f"（未登记的{role}）", "due_at": r.due_at.astimezone(tz).isoformat(),
            "status": r.status, "sent_at": r.sent_at.astimezone(tz).isoformat() if r.sent_at else None}


def _parse_now(text: str | None, tz) -> datetime:
    if not text:
        return datetime.now(tz)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"时间“{text}”格式无效，请用 ISO 格式，如 2026-04-20T09:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _ensure_schema(url: str) -> None:
    from store.migrate import upgrade

    upgrade(url)
