"""Counts as people type them in forms: "5", "五", "十二个", "两家", "没有".

Kept small and local to the forms; if ``bot.nlp`` grows a numbers module with the same
behaviour this one should become a re-export.
"""
from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NONE_WORDS = ("没有", "无", "没", "零", "0个", "未设")
ARABIC = re.compile(r"\d+")
CHINESE = re.compile(r"[零〇一二两俩三四五六七八九十百千]+")


def chinese_to_int(text: str) -> int | None:
    """"二十五" → 25, "十二" → 12, "一百零五" → 105, "三" → 3."""
    if not text or any(c not in DIGITS and c not in UNITS for c in text):
        return None
    total, digit = 0, None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        else:
            total += (1 if digit is None else digit) * UNITS[char]
            digit = None
    return total + (digit or 0)


def parse_count_text(text: str) -> int | None:
    """The first count in ``text``; "没有"/"无" mean 0; None when there is none."""
    text = text.strip()
    if text.startswith(NONE_WORDS):
        return 0
    arabic = ARABIC.search(text)
    chinese = CHINESE.search(text)
    if arabic and (not chinese or arabic.start() <= chinese.start()):
        return int(arabic.group())
    if chinese:
        return chinese_to_int(chinese.group())
    return None
