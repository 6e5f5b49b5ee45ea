"""``pressbot db upgrade | import-plan | import-people | units | events``.

The database URL and the time zone come from the settings ``bot.cli.main`` read once
(``args.settings``). Every command first brings the schema up to date, so a fresh deployment
needs no separate step. Messages go to stderr, data (--json) to stdout.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.cli.units_cmds import add_options as add_units_options
from bot.cli.zh_argparse import year_number


def say(text: str) -> None:
    print(text, file=sys.stderr)


def missing_database(url: str) -> str | None:
    """The path of an SQLite file that does not exist yet, else None.

    The driver would create an empty file on first connect; a command that only reads (or
    only tries, ``--dry-run``) must not leave one behind.
    """
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return None if Path(parsed.database).exists() else parsed.database


def refuse_missing(url: str) -> bool:
    """Say that there is no database yet (and how to make one); True when refused."""
    path = missing_database(url)
    if path is not None:
        say(f"还没有数据库：{path} 不存在（先运行 pressbot demo 载入示例，或 pressbot import-plan 导入计划；"
            "也请检查 PRESSBOT_DATABASE_URL）")
    return path is not None


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="数据库结构迁移")
    db_sub = db.add_subparsers(dest="db_command", metavar="操作", title="操作", help="以下之一")
    up = db_sub.add_parser("upgrade", help="把数据库结构升级到最新版本")
    up.set_defaults(func=cmd_db_upgrade)
    db.set_defaults(func=lambda args: (db.print_help(sys.stderr), 2)[1])

    plan = sub.add_parser("import-plan", help="导入年度新闻发布会/在线访谈计划（.docx .xlsx .csv .txt）")
    plan.add_argument("file", type=Path, metavar="文件",
                      help="计划文件：.docx、.xlsx、.csv，或从网页粘贴表格得到的 .txt")
    plan.add_argument("--year", type=year_number, metavar="年份",
                      help="计划年度，覆盖文件中的年份（默认依次取各行时间、表题、通知标题、发布日期）")
    plan.add_argument("--kind", choices=("press_conference", "online_interview"), metavar="类型",
                      help="计划类型：press_conference（新闻发布会）或 online_interview（在线访谈）；"
                           "默认从表题、表头或“类型”列判断")
    plan.add_argument("--dry-run", action="store_true",
                      help="只显示预览（各行、类型、时间、新单位、问题），不写入、不建库")
    plan.add_argument("--json", action="store_true", help="把读出的各行以 JSON 输出到标准输出")
    plan.add_argument("--create-units", action="store_true", help="确认新建目录中没有的单位（预览中的“新单位”）")
    plan.add_argument("--strict", action="store_true", help="有任何一行读不懂就什么也不导入")
    plan.add_argument("--skip-bad", action="store_true", help=argparse.SUPPRESS)  # now the default
    plan.set_defaults(func=cmd_import_plan)

    people = sub.add_parser("import-people", help="导入人员名单 CSV：platform,user_id,name,unit,role,mobile")
    people.add_argument("file", type=Path, metavar="文件",
                        help="CSV 文件，首行为 platform,user_id,name,unit,role,mobile")
    people.set_defaults(func=cmd_import_people)

    units = sub.add_parser("units", help="列出单位（是否重点部门、活动数）；设定重点部门")
    units.add_argument("--year", type=year_number, metavar="年份", help="统计哪一年（默认今年）")
    units.add_argument("--json", action="store_true", help="以 JSON 输出（名称、别名、是否重点部门、当年场次）")
    add_units_options(units)
    units.set_defaults(func=cmd_units)

    events = sub.add_parser("events", help="列出活动")
    events.add_argument("--from", dest="date_from", metavar="日期", help="起始日期 YYYY-MM-DD 或 YYYY-MM")
    events.add_argument("--to", dest="date_to", metavar="日期", help="截止日期 YYYY-MM-DD 或 YYYY-MM")
    events.add_argument("--unit", metavar="单位", help="只看这个单位（任何写法）")
    events.add_argument("--json", action="store_true", help="以 JSON 输出（字段见 README，格式稳定）")
    events.set_defaults(func=cmd_events)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from store.migrate import upgrade

    url = args.settings.database_url
    try:
        upgrade(url)
    except Exception as exc:  # noqa: BLE001 - shown to the operator
        say(f"数据库升级失败（{_safe(url)}）：{exc}")
        return 1
    say(f"数据库已是最新结构：{_safe(url)}")
    return 0


def _safe(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_import_plan(args: argparse.Namespace) -> int:
    import tempfile

    from store.commands import import_plan_file

    url, tz = args.settings.database_url, args.settings.tz
    if not (args.dry_run and missing_database(url)):
        return asyncio.run(import_plan_file(args, url, tz))
    # a dry run without a database: try the import on an empty one that is thrown away
    say(f"注意：还没有数据库（{missing_database(url)} 不存在，请检查 PRESSBOT_DATABASE_URL 或到项目目录运行），"
        "以下按空的单位目录试运行，所有单位都显示为新单位。")
    with tempfile.TemporaryDirectory(prefix="pressbot-dry-run-") as folder:
        return asyncio.run(import_plan_file(args, f"sqlite+aiosqlite:///{folder}/dry-run.db", tz))


def cmd_import_people(args: argparse.Namespace) -> int:
    from store.commands import import_people_file

    return asyncio.run(import_people_file(args.file, args.settings.database_url))


def cmd_units(args: argparse.Namespace) -> int:
    from bot.cli.units_cmds import run_marks, wants_marks
    from store.commands import list_units

    if wants_marks(args):
        return run_marks(args, args.settings.database_url)
    if refuse_missing(args.settings.database_url):
        return 1
    return asyncio.run(list_units(args, args.settings.database_url, args.settings.tz))


def cmd_events(args: argparse.Namespace) -> int:
    from store.commands import list_events

    if refuse_missing(args.settings.database_url):
        return 1
    return asyncio.run(list_events(args, args.settings.database_url, args.settings.tz))
