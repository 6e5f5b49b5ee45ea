"""``pressbot export stats|registration|plan``: the office's documents as files.

Every check runs before the database is opened and nothing is written until the whole
document is built, so a mistake on the command line never leaves a half file behind.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.cli.zh_argparse import year_number
from store import rules

DOCUMENTS = {  # what → (its name, the formats it comes in)
    "stats": ("统计表", ("xlsx",)),
    "registration": ("登记表", ("docx",)),
    "plan": ("计划", ("xlsx", "docx")),
    "assessment": ("考核表", ("xlsx",)),
}
DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


class UsageError(Exception):
    """Bad input on the command line; the message is shown as is."""


@dataclass(frozen=True)
class ExportRequest:
    what: str
    fmt: str
    out: Path
    start: date | None = None
    end: date | None = None
    event_id: int | None = None


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="导出统计表（.xlsx）、登记表（.docx）或年度计划（.xlsx/.docx）",
        description="从登记簿导出文件；格式由 --out 的扩展名决定。")
    p.add_argument("what", metavar="stats|registration|plan|assessment",
                   help="stats 统计表 / registration 登记表 / plan 年度计划 / assessment 年终考核表")
    p.add_argument("--year", type=year_number, metavar="年份", help="考核年度（assessment，默认今年）")
    p.add_argument("--from", dest="start", metavar="日期", help="开始日期，如 2026-01-01")
    p.add_argument("--to", dest="end", metavar="日期", help="结束日期（含当天），如 2026-06-30")
    p.add_argument("--event", metavar="编号", help="活动编号（登记表必填）")
    p.add_argument("--out", metavar="文件", help="输出文件，如 统计表.xlsx")
    p.add_argument("--reporting-unit", default=None, metavar="名称", help="统计表的填报单位（默认：政务公开办）")
    p.add_argument("--filler", default=None, metavar="姓名", help="统计表的填表人")
    p.add_argument("--phone", default=None, metavar="电话", help="统计表填表人的联系方式")
    p.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock

    url, tz = args.settings.database_url, args.settings.tz
    today = SystemClock(tz).now().date()
    try:
        request = parse_request(args, today)
        _check_database(url)
    except UsageError as exc:
        return _fail(str(exc), 2)
    return _write(request, url=url, tz=tz, today=today, reporting_unit=args.reporting_unit,
                  filler=args.filler, filler_phone=args.phone, policy=args.settings.reminders)


def _write(request: ExportRequest, **context) -> int:
    import asyncio

    from sqlalchemy.exc import SQLAlchemyError

    from bot.exports.common import ExportError

    try:
        data = asyncio.run(build_document(request, **context))
    except ExportError as exc:
        return _fail(str(exc), 2)
    except (SQLAlchemyError, OSError) as exc:  # a database we cannot read: say so, write nothing
        first_line = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return _fail(f"无法读取数据库（{type(exc).__name__}）：{first_line}", 1)
    write_atomically(request.out, data)
    print(f"已导出{DOCUMENTS[request.what][0]}：{request.out}")
    return 0


async def build_document(request: ExportRequest, *, url: str, tz, today: date,
                         reporting_unit: str | None, filler: str | None = None,
                         filler_phone: str | None = None, policy=None) -> bytes:
    from bot.exports.documents import export_document
    from store.db import make_engine, make_sessionmaker

    engine = make_engine(url, immediate=False)  # an export only reads
    try:
        async with make_sessionmaker(engine)() as session:
            return await export_document(
                session, what=request.what, fmt=request.fmt, tz=tz, start=request.start,
                end=request.end, event_id=request.event_id, reporting_unit=reporting_unit,
                issued_on=today, filler=filler, filler_phone=filler_phone, policy=policy)
    finally:
        await engine.dispose()


def _fail(message: str, code: int) -> int:
    print(f"导出失败：{message}", file=sys.stderr)
    return code


def parse_request(args: argparse.Namespace, today: date) -> ExportRequest:
    what = args.what
    if what not in DOCUMENTS:
        raise UsageError(f"不认识的导出内容“{what}”，请用 stats（统计表）、registration（登记表）、plan（计划）"
                         "或 assessment（年终考核表）。")
    name, formats = DOCUMENTS[what]
    out = _out_path(args.out, name, formats)
    start, end = parse_date(args.start, "--from"), parse_date(args.end, "--to")
    if what == "registration":
        if start or end:
            raise UsageError("登记表按活动导出，用 --event 指定活动编号，不用 --from/--to。")
        return ExportRequest(what, out.suffix[1:].lower(), out, event_id=_event_id(args.event))
    if args.event is not None:
        raise UsageError(f"--event 只用于登记表；{name}按时段导出，请用 --from/--to。")
    if what == "assessment":
        if start or end:
            raise UsageError("考核表按年度导出，用 --year 指定年度，不用 --from/--to。")
        year = getattr(args, "year", None) or today.year
        return ExportRequest(what, out.suffix[1:].lower(), out, start=date(year, 1, 1), end=date(year, 12, 31))
    if getattr(args, "year", None) is not None:
        raise UsageError("--year 只用于考核表（assessment）。")
    start, end = default_period(what, start, end, today)
    if start > end:
        raise UsageError(f"开始日期 {start} 晚于结束日期 {end}。")
    return ExportRequest(what, out.suffix[1:].lower(), out, start=start, end=end)


def _out_path(text: str | None, name: str, formats: tuple[str, ...]) -> Path:
    wanted = " 或 ".join(f".{f}" for f in formats)
    if not text:
        raise UsageError(f"请用 --out 指定输出文件（{name}：{wanted}）。")
    out = Path(text)
    fmt = out.suffix[1:].lower()
    if fmt not in formats:
        shown = f"“.{fmt}”" if fmt else "（文件名没有扩展名）"
        raise UsageError(f"不支持的文件格式{shown}：{name}只能导出为 {wanted}。")
    if out.is_dir():
        raise UsageError(f"{out} 是一个目录，请给出文件名。")
    if not out.parent.is_dir():
        raise UsageError(f"输出目录不存在：{out.parent}")
    return out


def _event_id(text: str | None) -> int:
    if text is None:
        raise UsageError("导出登记表需要用 --event 指定活动编号。")
    if (event_id := rules.row_id(text)) is None:
        raise UsageError(f"活动编号应是数字，收到“{text}”。")
    return event_id


def parse_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    for form in DATE_FORMS:
        if m := form.match(text.strip()):
            try:
                day = date(*(int(g) for g in m.groups()))
            except ValueError:
                raise UsageError(f"{option} 的日期“{text}”不存在。") from None
            if not rules.in_register_years(day):
                raise UsageError(f"{option} 的日期“{text}”超出可登记的年份（{rules.years_text()}）。")
            return day
    raise UsageError(f"{option} 的日期“{text}”无法识别，请写成 2026-01-31。")


def default_period(what: str, start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """Missing ends come from the half-year (统计表) or year (计划) of the date given, else today."""
    anchor = start or end or today
    if what == "stats":
        first_half = anchor.month <= 6
        lo = date(anchor.year, 1 if first_half else 7, 1)
        hi = date(anchor.year, 6, 30) if first_half else date(anchor.year, 12, 31)
    else:
        lo, hi = date(anchor.year, 1, 1), date(anchor.year, 12, 31)
    return start or lo, end or hi


def _check_database(url: str) -> None:
    """An SQLite file that is not there would be created empty by the driver: refuse instead."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if not Path(parsed.database).exists():
            raise UsageError(f"数据库文件不存在：{parsed.database}（请检查 PRESSBOT_DATABASE_URL）。")


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
