"""The ``pressbot`` command line.

Each command group lives in its own module with a ``register(subparsers)`` function that
adds its sub-commands and sets ``func`` (returning the exit code). The tuple below lists
them explicitly: no scanning, and importing a module is cheap (heavy imports happen
inside the command functions, so ``pressbot parse`` starts fast).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMAND_MODULES = (
    "bot.cli.nlp_cmds",
    "bot.cli.store_cmds",
    "bot.cli.serve_cmds",
    "bot.cli.remind_cmds",
    "bot.cli.export_cmds",
    "bot.cli.conversation_cmds",
    "bot.cli.demo_cmds",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pressbot", description="新闻发布会与在线访谈助手")
    parser.add_argument("--config", dest="config_file", metavar="FILE",
                        help="TOML 配置文件（默认 $PRESSBOT_CONFIG；环境变量 PRESSBOT_* 优先）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    settings = read_settings(args)
    if settings is None:
        return 2
    args.settings = settings
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


def config_path(args: argparse.Namespace) -> str | None:
    """``--config`` after the command, before it, or ``$PRESSBOT_CONFIG``."""
    return getattr(args, "config", None) or getattr(args, "config_file", None) or os.environ.get("PRESSBOT_CONFIG")


def read_settings(args: argparse.Namespace):
    """The one ``Settings`` every command uses: environment over the config file; None after
    printing why it cannot be read."""
    from bot.settings import ConfigError, load_settings

    try:
        return load_settings(os.environ, config_path(args))
    except ConfigError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return None


if __name__ == "__main__":
    sys.exit(main())
