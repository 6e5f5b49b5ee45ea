"""Normalisation applied before any rule runs.

- full-width ASCII and the ideographic space → half-width (３月２０日 → 3月20日);
- control and zero-width characters → space, runs of spaces/tabs → one space;
- leading @mentions removed ("@发布会助手 我局…"; WeCom separates them with U+2005);
- Chinese numerals before a unit of time → digits (see ``numbers``);
- spaces inside a date written from a pasted table ("4 月份", "2021年 2月 18日") removed.
Every span the parser reports refers to this normalised text.
"""
from __future__ import annotations

import re

from .numbers import convert_numerals

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x2005: 0x20, 0x00A0: 0x20, 0xFF0E: 0x2E})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t]+")
_MENTIONS = re.compile(r"^(?:\s*@[^\s@]{1,30}\s)+")
_DATE_GAP = re.compile(r"(?<=\d) (?=[年月日号点时分])|(?<=[年月]) (?=\d)")


def normalize(text: str) -> str:
    text = text.translate(_FULLWIDTH)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _MENTIONS.sub("", text)
    text = convert_numerals(text.strip())
    return _DATE_GAP.sub("", text)
