"""``pressbot units --set-key 市科技局 | --unset-key 名称 | --list``: which units are "2·1+N" key
departments. Without these options ``pressbot units`` lists every unit with its counts."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set-key", action="append", default=[], metavar="单位",
                        help="设为“2·1+N”重点部门（可重复）")
    parser.add_argument("--unset-key", action="append", default=[], metavar="单位",
                        help="取消重点部门（可重复）")
    parser.add_argument("--list", action="store_true", help="只列出重点部门")


def wants_marks(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "set_key", None) or getattr(args, "unset_key", None) or getattr(args, "list", False))


def run_marks(args: argparse.Namespace, url: str) -> int:
    return asyncio.run(_marks(args, url))


async def _marks(args: argparse.Namespace, url: str) -> int:
    from sqlalchemy import select

    from store.commands import open_session
    from store.models import Unit
    from store.units import mark_key

    changes = [(name, True) for name in args.set_key] + [(name, False) for name in args.unset_key]
    async with open_session(url) as session:
        async with session.begin():
            for name, key in changes:
                unit = await mark_key(session, name, key)
                if unit is None:
                    print(f"找不到单位“{name}”（先导入计划或人员名单），未作任何修改。", file=sys.stderr)
                    await session.rollback()
                    return 1
                print(f"{unit.name}：{'已设为重点部门' if key else '已取消重点部门'}", file=sys.stderr)
        if not args.list:
            return 0
        keys = list((await session.execute(select(Unit).where(Unit.is_key.is_(True)).order_by(Unit.name))).scalars())
    if args.json:
        print(json.dumps([u.name for u in keys], ensure_ascii=False))
    elif not keys:
        print("还没有重点部门。", file=sys.stderr)
    for unit in keys if not args.json else ():
        print(unit.name)
    return 0
