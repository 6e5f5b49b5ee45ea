"""Chinese numerals read as numbers where they are numbers.

Only a numeral directly followed by a unit of time or counting (年, 月, 日, 号, 点, 时, 季度, ...)
is rewritten: 十月 → 10月, 两点半 → 2点半, 二〇二六年 → 2026年, 第三季度 → 第3季度.
Everything else is left alone, because 一期, 统一, 十四五 or 周二 are words, not numbers.
"""
from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# "时" only as a clock unit: 第一时间, 一时期 and 临时 are words.
_UNIT_AHEAD = r"(?=年|月|日|号|点|时(?![间期代候刻段])|分|季度|刻|天|周)"
# 快一点, 早一点, 多一点 mean "a little", not one o'clock.
_NUMERAL = re.compile(
    r"(?<![快慢早晚好多少大小差有些])([零〇一二两三四五六七八九十]{1,5})" + _UNIT_AHEAD
)


_ANY_NUMERAL = re.compile("[零〇一二两三四五六七八九十]")


def cn_to_int(word: str) -> int | None:
    """Value of a Chinese numeral of up to 99 (十, 二十八) or a digit string (二〇二六)."""
    if "十" not in word:
        if any(ch not in DIGITS for ch in word):
            return None
        return int("".join(str(DIGITS[ch]) for ch in word))
    tens, _, units = word.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    high = DIGITS.get(tens, -1) if tens else 1
    low = DIGITS.get(units, -1) if units else 0
    if high < 1 or low < 0:
        return None
    return high * 10 + low


def _replace(match: re.Match[str]) -> str:
    value = cn_to_int(match.group(1))
    return match.group(1) if value is None else str(value)


def convert_numerals(text: str) -> str:
    if not _ANY_NUMERAL.search(text):
        return text
    return _NUMERAL.sub(_replace, text)
