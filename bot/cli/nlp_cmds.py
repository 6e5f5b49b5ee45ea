"""``pressbot parse`` and ``pressbot time``: message understanding from the command line.

A stable interface (scripts call it): one JSON object per message, ``ensure_ascii=False``.
With ``--jsonl`` each input line gives one output line, in order; a bad line yields
``{"error": "第N行：…"}`` and the run goes on (exit code 1 at the end if any line failed).
"""
from __future__ import annotations

import io
import json
import sys
from datetime import datetime

EXIT_BAD_INPUT = 2


class InputError(ValueError):
    """Input the user must fix; the message is shown as is."""


def register(subparsers) -> None:
    parse = subparsers.add_parser("parse", help="理解一条消息，输出 JSON")
    parse.add_argument("text", nargs="*", metavar="消息", help="要理解的消息文本（--jsonl 时不用）")
    parse.add_argument("--now", metavar="时间", help="参考时间（ISO 格式，默认为当前北京时间）")
    parse.add_argument("--unit", metavar="单位", help="发送人所在单位（“我局”指它）")
    parse.add_argument("--units", metavar="文件", help="单位名录文件：每行一个标准名称，可用制表符分隔别名")
    parse.add_argument("--jsonl", action="store_true", help='从标准输入逐行读取 {"text","now","unit"}')
    parse.set_defaults(func=run_parse)
    time = subparsers.add_parser("time", help="找出消息中的第一个时间表达")
    time.add_argument("text", nargs="*", metavar="消息", help="要找时间的消息文本（--jsonl 时不用）")
    time.add_argument("--now", metavar="时间", help="参考时间（ISO 格式，默认为当前北京时间）")
    time.add_argument("--current-year", action="store_true", help="不带年份的月份/季度取当年（默认取最近未结束的）")
    time.add_argument("--lean", metavar="方向",  # checked in run_time: bot.nlp is not imported to list a command
                      help="不带年份/月份/周的时间取哪一个：future 最近未结束的（默认），past 最近已开始的，"
                           "nearest 离今天最近的，current 当年/当月，recent 最近的、刚过去不久的也算"
                           "（改期、取消时指原定的那场）；与 --current-year 同用时以本项为准")
    time.add_argument("--jsonl", action="store_true", help='从标准输入逐行读取 {"text","now","lean"}（lean 可省）')
    time.set_defaults(func=run_time)


def load_directory(args):
    """The unit directory for this run: ``--units FILE``, else the database's units.

    The database is only read, never created or migrated here, so that ``pressbot parse``
    stays a fast, side-effect-free command; no database (or no units yet) means the
    built-in knowledge of department names alone.
    """
    from bot.nlp.units import UnitDirectory, UnitDirectoryError

    if getattr(args, "units", None):
        try:
            return UnitDirectory.from_file(args.units)
        except UnitDirectoryError as exc:
            raise InputError(str(exc)) from exc
    return UnitDirectory(_database_units(args.settings.database_url))


def _database_units(url: str) -> list[tuple[str, list[str]]]:
    from pathlib import Path

    if url.startswith("sqlite") and not Path(url.split(":///", 1)[-1]).is_file():
        return []
    import asyncio

    return asyncio.run(_read_units(url))


async def _read_units(url: str) -> list[tuple[str, list[str]]]:
    from sqlalchemy.exc import SQLAlchemyError

    from store.db import make_engine, make_sessionmaker
    from store.units import directory_entries

    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            return await directory_entries(session)
    except (SQLAlchemyError, OSError):
        return []  # no schema yet, or the server is down: built-in knowledge only
    finally:
        await engine.dispose()


def parse_now(value: str | None) -> datetime:
    """--now / "now": ISO text read as Asia/Shanghai wall time; absent means the system clock."""
    from bot.clock import DEFAULT_TZ

    if value is None:
        return datetime.now(DEFAULT_TZ).replace(tzinfo=None)
    if not isinstance(value, str):
        raise InputError(f"时间无效：{value!r}（应为 ISO 格式，如 2026-04-14T09:30）")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"时间无效：{value!r}（应为 ISO 格式，如 2026-04-14T09:30）") from None
    return moment.astimezone(DEFAULT_TZ).replace(tzinfo=None) if moment.tzinfo else moment


def _emit(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _text(args) -> str:
    if not args.text:
        raise InputError("请给出要解析的文本，或使用 --jsonl 从标准输入读取")
    return " ".join(args.text)


def _guard(run) -> int:
    try:
        return run()
    except InputError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def run_parse(args) -> int:
    def run() -> int:
        from bot.nlp import parse

        units = load_directory(args)
        if args.jsonl:
            return _each_line(lambda rec: parse(_field(rec, "text"), now=parse_now(_field(rec, "now")),
                                                sender_unit=_unit(rec), units=units).as_json())
        now = parse_now(args.now)
        _emit(parse(_text(args), now=now, sender_unit=args.unit, units=units).as_json())
        return 0

    return _guard(run)


def _time_json(text: str, now: datetime, lean: str):
    from bot.nlp.times import find_time

    found = find_time(text, now, lean=lean)
    return {**found.as_json(), "text": found.text} if found else None


def _lean(value, what: str) -> str:
    from bot.nlp.time_resolve import LEANS

    if value not in LEANS:
        raise InputError(f"{what}应为 {'、'.join(LEANS)} 之一，不是 {value!r}")
    return value


def run_time(args) -> int:
    def run() -> int:
        lean = _lean(args.lean, "--lean ") if args.lean else ("current" if args.current_year else "future")
        if args.jsonl:
            return _each_line(lambda rec: _time_json(_field(rec, "text"), parse_now(_field(rec, "now")),
                                                     _lean(rec["lean"], "lean 字段") if rec.get("lean") else lean))
        _emit(_time_json(_text(args), parse_now(args.now), lean))
        return 0

    return _guard(run)


def _field(record: dict, name: str):
    if name not in record or record[name] is None:
        raise InputError(f"缺少 {name} 字段")
    if name == "text" and not isinstance(record[name], str):
        raise InputError("text 字段应为字符串")
    return record[name]


def _unit(record: dict) -> str | None:
    unit = record.get("unit")
    if unit is not None and not isinstance(unit, str):
        raise InputError("unit 字段应为字符串或 null")
    return unit


def _each_line(handle) -> int:
    """Apply ``handle`` to each JSON line of stdin; a failing line gives an error object."""
    failed = 0
    stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    for number, line in enumerate(stream, start=1):
        try:
            record = _record(line)
            _emit(handle(record))
        except InputError as exc:
            failed += 1
            message = f"第{number}行：{exc}"
            print(f"错误：{message}", file=sys.stderr)
            _emit({"error": message})
    return 1 if failed else 0


def _record(line: str) -> dict:
    if not line.strip():
        raise InputError("空行")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"不是有效的 JSON（{exc.msg}）") from None
    if not isinstance(record, dict):
        raise InputError('应为 JSON 对象，如 {"text": "…", "now": "2026-04-14T09:30"}')
    return record
