"""Normalisation applied before any rule runs.

- full-width ASCII and the ideographic space → half-width (３月２０日 → 3月20日);
- control and zero-width characters → space, runs of spaces/tabs → one space;
- leading @mentions removed ("@发布会助手 我局…"; WeCom separates them with U+2005);
- emoji, and the particles that end a spoken clause (啊/呀/哈/哦/嘛/吧/啦/哟, ~), removed: "…开哈~",
  "主题是在线办税呀" end with the event's words (``TONE``);
- Chinese numerals before a unit of time → digits (see ``numbers``);
- spaces inside a date written from a pasted table ("4 月份", "2021年 2月 18日") removed.
Every span the parser reports refers to this normalised text; ``shown`` gives back what the
person wrote for a span (a topic keeps "前三季度", not "前3季度").
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .numbers import STEPS, convert_numerals

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x2005: 0x20, 0x00A0: 0x20, 0xFF0E: 0x2E})
# Traditional forms of the time and event words (禮拜一, 後天, 週三): one character for one
_FULLWIDTH.update(str.maketrans("禮後週號點時個節兩國慶農曆臘這們發會訪談開間來錶",
                                "礼后周号点时个节两国庆农历腊这们发会访谈开间来表"))
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t]+")
_MENTIONS = re.compile(r"^(?:\s*@[^\s@]{1,30}\s)+")
_DATE_GAP = re.compile(r"(?<=\d) (?=[年月日号点时分])|(?<=[年月]) (?=\d)")
_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D"
# A clause's closing tone: particles right before its end or its punctuation (网吧, 酒吧 are words).
TONE = re.compile(rf"[{_EMOJI}]+|(?:[啊呀哈哦噢嘛啦哟嘞~]|(?<![网酒书茶氧])吧)+"
                  rf"(?=[{_EMOJI}]*(?:[\s，。,.；;!！?？\n]|$))")


def plain_text(text: str) -> str:
    """The steps that keep the words as written: width, control characters, spaces, @mentions."""
    text = text.translate(_FULLWIDTH)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    return _MENTIONS.sub("", text).strip()


# "6月分开发布会": 月份 typed as 月分 (the plan import reads it too); not "6月分别…", "分批", "分期"
_MONTH_FEN = re.compile(r"(?<=\d月)分(?![别批期为成配享钟])")


def normalize(text: str) -> str:
    return _MONTH_FEN.sub("份", _DATE_GAP.sub("", convert_numerals(TONE.sub("", plain_text(text))))).strip()


Span = tuple[int, int]
_Rewrite = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
_REWRITES: tuple[_Rewrite, ...] = ((TONE, lambda m: ""), *((p, r) for _, p, r in STEPS), (_DATE_GAP, lambda m: ""),
                                   (_MONTH_FEN, lambda m: "份"))


def _tracked(rewrite: _Rewrite, text: str, starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    """``rewrite`` applied as ``re.sub`` does, keeping for each character the plain span it came from."""
    pattern, replace = rewrite
    out, new_starts, new_ends, pos = [], [], [], 0
    for match in pattern.finditer(text):
        start, end = match.span()
        if start == end:
            continue
        new = replace(match)
        out += [text[pos:start], new]
        new_starts += starts[pos:start] + [starts[start]] * len(new)
        new_ends += ends[pos:start] + [ends[end - 1]] * len(new)
        pos = end
    out.append(text[pos:])
    return "".join(out), new_starts + starts[pos:], new_ends + ends[pos:]


def shown(text: str, norm: str, span: Span) -> str:
    """What the person wrote for ``span`` of ``norm`` (= ``normalize(text)``): numerals as written."""
    if span[0] >= span[1] or plain_text(text) == norm:
        return norm[span[0]:span[1]]
    plain, current, starts, ends = _written(text)
    if current != norm:
        return norm[span[0]:span[1]]
    return plain[starts[span[0]]:ends[span[1] - 1]]


@lru_cache(maxsize=4)  # one message's topic, place and speaker are shown in turn
def _written(text: str) -> tuple[str, str, list[int], list[int]]:
    """The plain text, the rewritten one, and for each rewritten character the plain span it came from."""
    plain = plain_text(text)
    current, starts, ends = plain, list(range(len(plain))), list(range(1, len(plain) + 1))
    for rewrite in _REWRITES:
        current, starts, ends = _tracked(rewrite, current, starts, ends)
    return plain, current, starts, ends
