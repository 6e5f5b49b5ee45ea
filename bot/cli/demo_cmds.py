"""``pressbot demo``: sample plans and people in a fresh database, for the playground and dashboard."""
from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="在新数据库中载入示例计划和示例人员（供试用页和后台演示）")
    p.add_argument("--force", action="store_true", help="数据库里已有活动时也载入")
    p.add_argument("--config", metavar="文件", help="TOML 配置文件（环境变量优先）")
    p.set_defaults(func=demo_cmd)


def demo_cmd(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(_demo(args.settings, args.force))


async def _demo(settings, force: bool) -> int:
    from datetime import datetime

    from bot.delivery.database import migrate
    from bot.demo import DemoPresent, DemoRefused, load_demo
    from store.db import make_engine, make_sessionmaker

    await migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            loaded = await load_demo(session, now=datetime.now(settings.tz), force=force)
    except DemoPresent as exc:  # running the README's command twice is fine
        print(str(exc), file=sys.stderr)
        return 0
    except DemoRefused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    origins = "、".join(f"{name}（原为{year}年）" for name, year in loaded.shifted)
    print(f"已载入示例数据：{loaded.events} 项活动，{loaded.people} 位人员（平台 console）。", file=sys.stderr)
    print(f"示例计划 {origins} 已整体平移到{loaded.year}年，使今年有数据可看。", file=sys.stderr)
    if loaded.life:
        life = loaded.life
        print(f"按今天的进度模拟了办理情况：已举办 {life.held} 项（其中 {life.reported} 项已报统计表），"
              f"{life.overdue} 项时间已过仍未举办，近几天 {life.coming} 项，下月 {life.next_month} 项。",
              file=sys.stderr)
    print(f"接着运行 pressbot serve，然后打开 {settings.public_url}/playground", file=sys.stderr)
    return 0
