"""The bodies of the register's CLI commands; the URL and time zone are passed in.

Each import is one transaction: on any error nothing of the file is written.
Messages go to stderr, data (--json) to stdout.
"""
from __future__ import annotations

import json
import sys
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from store.db import make_engine, make_sessionmaker
from store.migrate import upgrade

FAR_PAST, FAR_FUTURE = date(1900, 1, 1), date(2999, 12, 31)


def say(text: str) -> None:
    print(text, file=sys.stderr)


@asynccontextmanager
async def open_session(url: str, *, writes: bool = True):
    # Runs in a thread of its own when a loop is running: see store.migrate.
    upgrade(url)
    # a command that only reads begins deferred: it never takes SQLite's one write lock from
    # a running ``pressbot serve``
    engine = make_engine(url, immediate=writes)
    try:
        async with make_sessionmaker(engine)() as session:
            yield session
    finally:
        await engine.dispose()


async def import_plan_file(args, url: str, tz: ZoneInfo) -> int:
    """Read, preview, confirm, write. --dry-run never opens (nor creates) a missing database."""
    from store.plan.importer import UnknownUnits, import_plan
    from store.plan.rows import read_plan
    from store.plan.tables import PlanFileError, read_tables

    name = args.file.name
    try:
        plan = read_plan(read_tables(args.file), year=args.year, kind=args.kind)
    except PlanFileError as exc:
        say(f"{name}：{exc}")
        return _nothing(args)
    if plan.errors and (args.strict or not plan.rows):
        for error in plan.errors:
            say(f"{name} {error}")
        say(f"有 {len(plan.errors)} 处读不懂，未导入任何内容（改正后重试）")
        return _nothing(args)
    if args.dry_run:
        preview, result = await dry_run_plan(plan, url, tz, name)
        _show_preview(args, name, preview, plan)
        _report_import(result, True)
        return 0
    async with open_session(url) as session:
        preview = await _preview(session, plan)
        _show_preview(args, name, preview, plan)
        if preview.new_units and not (args.create_units or _confirm(preview.new_units)):
            say(f"未导入：有 {len(preview.new_units)} 个新单位需要确认。核对无误后加 --create-units 重新导入"
                "（或先用 pressbot import-people 建立这些单位）")
            return 1
        try:
            async with session.begin():
                result = await import_plan(session, plan.rows, now=datetime.now(tz), note=name,
                                           create_units=bool(preview.new_units))
        except UnknownUnits as exc:
            say(f"{name}：未导入，{exc}")
            return 1
        except Exception as exc:  # noqa: BLE001 - the transaction is rolled back; say why
            say(f"{name}：导入失败，数据库未作任何改动（{exc}）")
            return 1
    _report_import(result, False)
    return 0


def _nothing(args) -> int:
    """Nothing can be imported: exit code 1, and for --json still a JSON array on stdout."""
    if args.json:
        print("[]")
    return 1


def _show_preview(args, name: str, preview, plan) -> None:
    from store.plan.preview import preview_lines, row_json

    say(f"计划文件 {name}：")
    for line in preview_lines(preview, rows=args.dry_run):
        say(line)
    if args.json:
        print(json.dumps([row_json(preview, row) for row in plan.rows], ensure_ascii=False, indent=2))


async def _preview(session, plan):
    from store.plan.preview import preview_plan
    from store.units import UnitIndex

    preview = preview_plan(plan, await UnitIndex.load(session))
    await session.rollback()  # only read: the import runs in a transaction of its own
    return preview


def _confirm(names: list[str]) -> bool:
    if not sys.stdin.isatty():
        return False
    answer = input(f"将新建 {len(names)} 个单位：{'、'.join(names)}。确认导入？[y/N] ")
    return answer.strip().lower() in ("y", "yes", "是", "确认")


def database_absent(url: str) -> bool:
    """A SQLite file that does not exist yet (a dry run must not create it)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") \
        and not Path(parsed.database).exists()


async def dry_run_plan(plan, url: str, tz: ZoneInfo, note: str):
    """The preview and what the import would change, from a rolled-back transaction; a register
    that does not exist (or has no tables yet) counts as empty and is left as it is."""
    from store.plan.importer import ImportResult, import_plan
    from store.plan.preview import preview_plan

    empty = (preview_plan(plan, None), ImportResult(created=list(plan.rows)))
    if database_absent(url):
        return empty
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            preview = await _preview(session, plan)
            try:
                async with session.begin():
                    result = await import_plan(session, plan.rows, now=datetime.now(tz), note=note)
                    raise DryRun
            except DryRun:
                pass
        return preview, result
    except DryRun:
        raise
    except Exception:  # noqa: BLE001 - no schema yet: nothing to compare with
        return empty
    finally:
        await engine.dispose()


class DryRun(Exception):
    """Raised inside the transaction to roll a --dry-run back."""


def _report_import(result, dry_run: bool) -> None:
    head = "试运行，未写入：" if dry_run else "已导入："
    say(f"{head}新增 {len(result.created)} 条，更新 {len(result.updated)} 条，"
        f"未变 {len(result.unchanged)} 条")
    for row, changes in result.updated:
        for change in changes:
            say(f"  {row.place} {row.unit}：{change.field} 从“{change.old_value or ''}”改为“{change.new_value or ''}”")
    if result.not_in_file:
        say(f"  另有 {result.not_in_file} 条以前导入的计划不在本文件中，已保留未动")


async def import_people_file(path: Path, url: str) -> int:
    from store.people import PeopleFileError, import_people, read_people

    try:
        rows = read_people(path)
    except PeopleFileError as exc:
        say(f"{path.name}：{exc}")
        return 1
    async with open_session(url) as session:
        try:
            async with session.begin():
                result = await import_people(session, rows)
        except Exception as exc:  # noqa: BLE001
            say(f"{path.name}：导入失败，数据库未作任何改动（{exc}）")
            return 1
    say(f"已导入人员：新增 {len(result.created)} 人，更新 {len(result.updated)} 人，未变 {len(result.unchanged)} 人")
    return 0


async def list_units(args, url: str, tz: ZoneInfo) -> int:
    from sqlalchemy import select

    from store.models import Unit
    from store.repo import unit_counts

    year = args.year or datetime.now(tz).year
    async with open_session(url, writes=False) as session:
        press = {c.unit_id: c for c in await unit_counts(session, year, kind="press_conference")}
        talks = {c.unit_id: c for c in await unit_counts(session, year, kind="online_interview")}
        from bot.collate import pinyin_key

        units = sorted((await session.execute(select(Unit))).scalars().all(), key=lambda u: pinyin_key(u.name))
    rows = [{
        "name": u.name, "aliases": list(u.aliases or []), "is_key": u.is_key, "year": year,
        "press_conferences": press[u.id].total, "online_interviews": talks[u.id].total,
    } for u in units]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        say("还没有任何单位（先导入计划或人员名单）")
    for r in rows:
        key = "重点" if r["is_key"] else "    "
        aliases = f"（又作 {'、'.join(r['aliases'])}）" if r["aliases"] else ""
        counts = f"发布会 {r['press_conferences']} 场，访谈 {r['online_interviews']} 场"
        print(f"{r['name']}{aliases}  {key}  {year}年 {counts}")
    return 0


def parse_day(text: str | None, *, end: bool) -> date | None:
    """"2024-05-20", or "2024-05" (its first or last day)."""
    from store import rules

    if not text:
        return None
    try:
        day = date.fromisoformat(f"{text}-01" if len(text) <= 7 else text)
    except ValueError:
        raise ValueError(f"日期“{text}”无效，应为 YYYY-MM-DD 或 YYYY-MM") from None
    if not rules.in_register_years(day):
        raise ValueError(f"日期“{text}”超出可登记的年份（{rules.years_text()}）")
    if len(text) <= 7 and end:
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return day


async def list_events(args, url: str, tz: ZoneInfo) -> int:
    from store.repo import events_overlapping
    from store.units import UnitIndex
    from store.views import event_json, event_line

    try:
        start = parse_day(args.date_from, end=False) or FAR_PAST
        end = parse_day(args.date_to, end=True) or FAR_FUTURE
    except ValueError as exc:
        say(str(exc))
        return 2
    async with open_session(url, writes=False) as session:
        unit_id = None
        if args.unit:
            unit = (await UnitIndex.load(session)).find(args.unit)
            if unit is None:
                say(f"找不到单位“{args.unit}”（pressbot units 可列出全部单位）")
                return 1
            unit_id = unit.id
        events = await events_overlapping(session, start, end, unit_id=unit_id)
        if args.json:
            from store.procedure import procedures_json

            procedures = await procedures_json(session, [e.id for e in events], tz)
            rows = [{**event_json(e, tz), **procedures[e.id]} for e in events]
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for event in events:
                print(event_line(event, tz))
            if not events:
                say("这段时间没有活动")
    return 0
