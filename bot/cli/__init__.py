"""The ``pressbot`` command line.

Each command group lives in its own module with a ``register(subparsers)`` function that
adds its sub-commands and sets ``func`` (returning the exit code). The tuple below lists
them explicitly: no scanning, and importing a module is cheap (heavy imports happen
inside the command functions, so ``pressbot parse`` starts fast).
"""
from __future__ import annotations

import argparse
import importlib
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
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
