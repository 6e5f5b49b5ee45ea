"""Counts as people type them in forms: "5", "五", "十二个", "两家", "没有".

The numeral itself is read by ``bot.nlp.numbers.cn_to_int``, the program's one reader.
"""
from __future__ import annotations

import re

from bot.nlp.numbers import cn_to_int

NONE_WORDS = ("没有", "无", "没", "零", "0个", "未设")
ARABIC = re.compile(r"\d+")
CHINESE = re.compile(r"[零〇一二两俩三四五六七八九十百千]+")


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
        return cn_to_int(chinese.group())
    return None
