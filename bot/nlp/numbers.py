"""Chinese numerals read as numbers where they are numbers.

Only a numeral directly followed by a unit of time or counting (年, 月, 日, 号, 点, 时, 季度, ...)
is rewritten: 十月 → 10月, 两点半 → 2点半, 二〇二六年 → 2026年, 第三季度 → 第3季度; so is the first
numeral of a range whose second one has the unit (三至六月 → 3至6月), a year in words with 千
(两千零八年 → 2008年), and a day written after a month without 日 (5月十二 → 5月12).
Everything else is left alone, because 一期, 统一, 十四五 or 周二 are words, not numbers.
A numeral written digit by digit keeps its digits (零八年 → 08年, so it stays a two-digit year).
"""
from __future__ import annotations

import re
from collections.abc import Callable

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_N = "[零〇一二两三四五六七八九十]"
# "时" only as a clock unit: 第一时间, 一时期 and 临时 are words.
_UNIT = r"(?:年|月|日|号|点|时(?![间期代候刻段])|分|季度|刻|天|周)"
_UNIT_AHEAD = rf"(?={_UNIT}|[至到~\-—]{{1,2}}{_N}{{1,3}}{_UNIT})"
# 快一点, 早一点, 多一点 mean "a little", not one o'clock.
# ... but 晚七点 / 早八点 are clock times (晚一点 stays "a bit later").
_NUMERAL = re.compile(rf"(?:(?<![快慢早晚好多少大小差有些])|(?<=[早晚])(?!一点))({_N}{{1,5}})" + _UNIT_AHEAD)
_D = "[一二三四五六七八九]"
_THOUSANDS = re.compile(rf"([一二两])千(?:零({_D})|零?({_D}?十{_D}?))?(?=年)")
# A day after a month, when what follows cannot continue a number (五月十二 / 5月十二上午).
_BARE_DAY = re.compile(rf"(?<=\d月)({_N}{{1,3}})"
                       r"(?=$|[\s,，。.;；!！?？、)(]|上午|下午|中午|晚上|早上|召开|开|举行|举办)")
# Minutes after an hour without 分 (两点四十 → 2点40).
_BARE_MINUTE = re.compile(rf"(?<=\d[点时])({_N}{{1,3}})(?!{_N}|[个万年月日号天周岁人家名项次期倍])")
_ANY_NUMERAL = re.compile("[零〇一二两三四五六七八九十千]")


PLACES = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def cn_to_int(word: str) -> int | None:
    """Value of a Chinese numeral: by place (十二, 二十八, 一百零五, 两千零八) or a digit string
    (二〇二六); None when ``word`` is no numeral. The one Chinese-numeral reader of the program."""
    if not word or any(ch not in DIGITS and ch not in PLACES for ch in word):
        return None
    if not any(ch in PLACES for ch in word):
        return int("".join(str(DIGITS[ch]) for ch in word))
    total, digit, last_place = 0, None, 10**9
    for ch in word:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                return None  # 二三十: two digits in a row inside a place numeral
            digit = DIGITS[ch] if DIGITS[ch] != 0 else digit
        else:
            place = PLACES[ch]
            if place >= last_place:
                return None  # 十百, 百百: places only go down
            total += (1 if digit is None else digit) * place
            digit, last_place = None, place
    return total + (digit or 0)


def _replace(match: re.Match[str]) -> str:
    word = match.group(1)
    value = cn_to_int(word)
    if value is None or ("十" in word and match.string.startswith("年", match.end())):
        return word  # 十年, 二十年: a count of years, never a year's name
    if "十" not in word and len(word) > 1:
        return "".join(str(DIGITS[ch]) for ch in word)
    return str(value)


def _thousands(match: re.Match[str]) -> str:
    rest = match.group(2) or match.group(3)
    return str(DIGITS[match.group(1)] * 1000 + (cn_to_int(rest) or 0 if rest else 0))


# The rewrites in order, each with the character a text needs for it to apply at all (speed only).
STEPS: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    ("千", _THOUSANDS, _thousands), ("", _NUMERAL, _replace), ("月", _BARE_DAY, _replace),
    ("点时", _BARE_MINUTE, _replace),
)


def convert_numerals(text: str) -> str:
    if not _ANY_NUMERAL.search(text):
        return text
    for needs, pattern, replace in STEPS:
        if not needs or any(ch in text for ch in needs):
            text = pattern.sub(replace, text)
    return text
