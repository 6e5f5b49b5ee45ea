"""``pressbot serve``, ``pressbot chat``, ``pressbot outbox`` and ``pressbot inbox``."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.zh_argparse import port_number, row_number


def register(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="运行机器人服务（企业微信、钉钉回调与消息发送）")
    serve.add_argument("--host", default="127.0.0.1", metavar="地址",
                       help="监听地址（默认 127.0.0.1；对外服务用 0.0.0.0）")
    serve.add_argument("--port", type=port_number, default=8080, metavar="端口", help="监听端口（默认 8080）")
    serve.add_argument("--config", metavar="文件", help="TOML 配置文件（环境变量优先）")
    serve.set_defaults(func=serve_cmd)

    chat = sub.add_parser("chat", help="在终端里以通讯录中某人的身份和机器人对话")
    chat.add_argument("--as", dest="user_id", required=True, metavar="用户ID",
                      help="以通讯录中平台为 console 的这个人说话（user_id，如示例数据的 zhangsan）")
    chat.add_argument("--config", metavar="文件", help="TOML 配置文件（环境变量优先）")
    chat.set_defaults(func=chat_cmd)

    outbox = sub.add_parser("outbox", help="查看发送失败（dead）的消息")
    outbox.add_argument("--all", action="store_true", help="也列出待发送和发送中的消息")
    outbox.add_argument("--json", action="store_true", help="输出 JSON")
    outbox.add_argument("--retry", type=row_number, metavar="编号", help="把一条失败消息重新排队")
    outbox.add_argument("--config", metavar="文件", help="TOML 配置文件（环境变量优先）")
    outbox.set_defaults(func=outbox_cmd)

    inbox = sub.add_parser("inbox", help="查看处理出错（failed）的收到消息")
    inbox.add_argument("--failed", action="store_true", help="列出处理出错的消息（默认）")
    inbox.add_argument("--json", action="store_true", help="输出 JSON")
    inbox.add_argument("--retry", type=row_number, metavar="编号", help="把一条处理出错的消息重新处理（问题修好之后）")
    inbox.add_argument("--config", metavar="文件", help="TOML 配置文件（环境变量优先）")
    inbox.set_defaults(func=inbox_cmd)


def serve_cmd(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from bot.delivery.handler_process import Beside

    settings = args.settings
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its plugin list at every start says nothing
    sock = inherited_socket()
    if sock is None and (taken := address_problem(args.host, args.port)) is not None:
        print(taken, file=sys.stderr)
        return 1
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler: bool | Beside = False
    if settings.handling == "process":  # started first: their imports overlap ours and the migrations
        handler = Beside(settings, reminders=True)
        loop.run_until_complete(handler.spawn())
    from aiohttp import web  # the rest of the start-up, while they import theirs

    from bot.app import create_app
    from bot.clock import SystemClock
    from bot.delivery.database import migrate

    loop.run_until_complete(migrate(settings.database_url))
    if isinstance(handler, Beside):
        handler.release()  # they open the database and rehearse while the pages below load
    app = create_app(settings, clock=SystemClock(settings.tz), reminders=True, handler_process=handler)
    app.on_startup.append(freeze_startup_objects)
    host, port = sock.getsockname()[:2] if sock is not None else (args.host, args.port)
    base = f"http://{host}:{port}"
    pages = [f"后台 {base}/admin"] + ([f"试用页 {base}/playground"] if settings.playground_enabled() else [])
    print(f"pressbot 正在 {base} 上服务；通道：{'、'.join(settings.enabled_channels()) or '无'}；"
          f"{'；'.join(pages)}", flush=True)
    # systemd's socket: what arrives while we restart waits in its queue
    where: dict[str, Any] = {"sock": sock} if sock is not None else {"host": args.host, "port": args.port}
    web.run_app(app, **where, print=None, access_log=None, shutdown_timeout=10, loop=loop)
    return 0


LISTEN_FDS_START = 3  # sd_listen_fds(3): the first passed descriptor


def inherited_socket() -> Any:
    """The listening socket of a systemd socket unit (socket activation: ``LISTEN_PID`` is
    this process, ``LISTEN_FDS`` ≥ 1, the socket is descriptor 3), or None. The socket outlives
    the process, so a restart refuses no connection: they wait in its queue, and the platforms
    get their acknowledgement from the new process instead of retrying 5 s later. The
    variables are removed, so the handler processes do not take them as theirs."""
    import os
    import socket

    fds = os.environ.get("LISTEN_FDS", "")
    passed = os.environ.get("LISTEN_PID") == str(os.getpid()) and fds.isdigit() and int(fds) >= 1
    for name in ("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"):
        os.environ.pop(name, None)
    if not passed:
        return None
    sock = socket.socket(fileno=LISTEN_FDS_START)
    if sock.type != socket.SOCK_STREAM:
        raise SystemExit("systemd 传入的套接字不是 TCP 流套接字（ListenStream=）")
    sock.set_inheritable(False)
    return sock


def address_problem(host: str, port: int) -> str | None:
    """Why ``serve`` cannot listen on host:port (in use, not allowed, not this machine's), or None.
    Checked before the migrations and the app start, so that the answer is one line, not a traceback."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError:
        return f"无法在 {host}:{port} 上监听：找不到地址“{host}”（本机用 127.0.0.1，对外服务用 0.0.0.0）。"
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp binds
            try:
                probe.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    return (f"无法在 {host}:{port} 上监听：端口 {port} 已被占用（可能已有一个 pressbot serve 在运行）。"
                            f"请先停掉它，或换一个端口：pressbot serve --port {port + 1}")
                if exc.errno == errno.EACCES:
                    return f"无法在 {host}:{port} 上监听：没有权限使用端口 {port}（1024 以下的端口需要管理员权限）。"
                return f"无法在 {host}:{port} 上监听：地址“{host}”不属于本机（本机用 127.0.0.1，对外服务用 0.0.0.0）。"
    return None


async def freeze_startup_objects(app) -> None:
    """Move what start-up allocated (modules, SQLAlchemy's caches, the app) out of the
    collector's reach: a full collection then scans only what requests create, which keeps
    the 30 ms pauses of a full scan out of the answers' p99 (bench/bench_store.py)."""
    import gc

    gc.collect()
    gc.freeze()


def chat_cmd(args: argparse.Namespace) -> int:
    import asyncio

    from bot.channels.console import run_chat
    from bot.clock import SystemClock
    from bot.core import build_core

    settings = args.settings
    core = build_core(settings, SystemClock(settings.tz))
    return asyncio.run(run_chat(settings, core, args.user_id, sys.stdin, sys.stdout))


def outbox_cmd(args: argparse.Namespace) -> int:
    import asyncio

    from bot.cli.store_cmds import refuse_missing
    from bot.delivery.report import show_outbox

    settings = args.settings
    if refuse_missing(settings.database_url):
        return 1
    return asyncio.run(show_outbox(settings, statuses=("pending", "sending", "dead") if args.all
                                   else ("dead",), as_json=args.json, retry=args.retry))


def inbox_cmd(args: argparse.Namespace) -> int:
    import asyncio

    from bot.delivery.report import show_inbox

    return asyncio.run(show_inbox(args.settings, as_json=args.json, retry=args.retry))
