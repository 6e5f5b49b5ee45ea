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

from bot.cli.zh_argparse import ChineseArgumentParser

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
    parser = ChineseArgumentParser(prog="pressbot", description="新闻发布会与在线访谈助手")
    parser.add_argument("--config", dest="config_file", metavar="文件",
                        help="TOML 配置文件（默认 $PRESSBOT_CONFIG；环境变量 PRESSBOT_* 优先）")
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令",
                                help="以下之一；各命令的用法：pressbot 命令 -h")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    _describe_commands(sub)
    return parser


def _describe_commands(sub: argparse._SubParsersAction) -> None:
    """``pressbot 命令 -h`` opens with the line the command list shows for it."""
    for action in sub._choices_actions:
        command = sub.choices[action.dest]
        command.description = command.description or action.help


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
    if argv is None and args.command != "serve":  # a command run from the shell (not a call from
        # Python: tests, the demo's own calls) runs behind the bot's acknowledgements and replies
        from bot.priority import lower_priority

        lower_priority()
    if settings.calendar.holidays or settings.calendar.workdays:
        from bot.nlp.holidays import configure

        configure(settings.calendar)  # the deployment's official schedule for years chinesecalendar lacks
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _closed_pipe()


def _closed_pipe() -> int:
    """The reader went away (``pressbot events --json | head -1``): stop quietly, like ``cat``.

    stdout is pointed at /dev/null so that the interpreter's last flush does not fail again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141  # 128 + SIGPIPE, what a shell reports for a program killed by the closed pipe


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
