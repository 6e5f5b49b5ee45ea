"""argparse in Chinese: its own headings, usage line, ``-h`` help and error messages.

argparse writes its boilerplate in English ("usage:", "options:", "show this help message and
exit", "the following arguments are required"). A parser class and a formatter replace each
string where it is produced, so nothing global (``gettext``, the ``argparse`` module) is patched
and other parsers in the same process (pytest's) stay as they are.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from typing import Any, NoReturn

SECTIONS = {"positional arguments": "位置参数", "options": "选项", "optional arguments": "选项"}
EXTRA_HEADINGS = ("命令", "操作")  # titles of the sub-command groups
HELP_TEXT = "显示本帮助并退出"
# argparse's error messages (Python 3.11–3.13), each as a pattern and its Chinese form
ERRORS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.+)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)", r"参数 \1：无效的选项 \2（可选：\3）"),
    (r"argument (\S+): invalid int value: (.+)", r"参数 \1：无效的值 \2（应为整数）"),
    (r"argument (\S+): invalid float value: (.+)", r"参数 \1：无效的值 \2（应为数字）"),
    (r"argument (\S+): invalid (\w+) value: (.+)", r"参数 \1：无效的值 \3"),
    (r"argument (\S+): expected one argument", r"参数 \1：需要一个值"),
    (r"argument (\S+): expected at least one argument", r"参数 \1：至少需要一个值"),
    (r"argument (\S+): not allowed with argument (\S+)", r"参数 \1 不能与 \2 同时使用"),
    (r"argument (\S+): ignored explicit argument (.+)", r"参数 \1：不接受值 \2"),
    (r"ambiguous option: (\S+) could match (.+)", r"选项 \1 有歧义，可能是：\2"),
    (r"argument (\S+): (.+)", r"参数 \1：\2"),
)


def port_number(text: str) -> int:
    """``--port``: 1–65535 (0 would serve on a port nobody is told)."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"无效的值“{text}”：端口应为 1–65535 之间的整数")
    return int(text)


def year_number(text: str) -> int:
    """``--year``: a plan's or an assessment's year, written in full."""
    from store import rules

    if not text.strip().isdigit() or int(text) not in rules.YEARS:
        first, last = rules.YEARS.start, rules.YEARS.stop - 1
        raise argparse.ArgumentTypeError(f"无效的值“{text}”：年份应为 {first}–{last} 之间的四位数，如 2026")
    return int(text)


def row_number(text: str) -> int:
    """An id argument (``pressbot history 12``): a number small enough to name a row."""
    from store import rules

    if (value := rules.row_id(text)) is None:
        raise argparse.ArgumentTypeError(f"无效的编号“{text}”：应为整数（pressbot events 等列出的编号）")
    return value


def cells(text: str) -> int:
    """Terminal columns: a Chinese character takes two (argparse counts one)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken at spaces in Latin text, anywhere in Chinese."""
    lines, line = [], ""
    for word in re.findall(r"[\x21-\x7e]+|\s+|.", " ".join(text.split())):
        if line and cells(line + word) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    return lines + [line.rstrip()] if line.strip() else lines


def translate_error(message: str) -> str:
    for pattern, replacement in ERRORS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Headings and the usage prefix in Chinese; a little wider, for the long Chinese lines."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 30,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(a)
                           for a in (action, *self._iter_indented_subactions(action))]
            longest = max(cells(text) for text in invocations) + self._current_indent
            self._action_max_length = max(self._action_max_length, longest)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _format_action(self, action: argparse.Action) -> str:
        # argparse's own layout, with widths in terminal columns instead of characters
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        header = self._format_action_invocation(action)
        indent = " " * self._current_indent
        help_lines = self._split_lines(self._expand_help(action), help_width) if action.help else []
        if not help_lines:
            parts = [f"{indent}{header}\n"]
        elif cells(header) <= help_position - self._current_indent - 2:
            pad = " " * (help_position - self._current_indent - cells(header))
            parts = [f"{indent}{header}{pad}{help_lines[0]}\n"]
            help_lines = help_lines[1:]
        else:
            parts = [f"{indent}{header}\n"]
        parts += [f"{' ' * help_position}{line}\n" for line in help_lines]
        parts += [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
        return self._join_parts(parts)

    def start_section(self, heading: str | None) -> None:
        super().start_section(SECTIONS.get(heading or "", heading))

    def format_help(self) -> str:
        text = super().format_help()
        for heading in (*SECTIONS.values(), *EXTRA_HEADINGS):
            text = text.replace(f"\n{heading}:\n", f"\n{heading}：\n")
        return text

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose every word (its sub-commands' too) is Chinese."""

    def __init__(self, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP_TEXT)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate_error(message)}\n")
