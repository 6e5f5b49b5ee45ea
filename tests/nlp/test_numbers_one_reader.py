"""One Chinese-numeral reader for the whole program (``bot.nlp.numbers.cn_to_int``): the forms'
counts, numbered choices and the time words read numbers the same way."""
from __future__ import annotations

import pytest

from bot.forms.numbers import parse_count_text
from bot.nlp.numbers import cn_to_int


@pytest.mark.parametrize("word, value", [
    ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("二十五", 25), ("两", 2), ("俩", 2),
    ("一百", 100), ("一百零五", 105), ("两千零八", 2008), ("一千零二十四", 1024),
    ("二〇二六", 2026), ("二零零八", 2008), ("零", 0),
])
def test_numerals(word, value):
    assert cn_to_int(word) == value


@pytest.mark.parametrize("word", ["", "个", "二三十", "十百", "五六七八九十一"])
def test_what_is_no_number(word):
    assert cn_to_int(word) is None


@pytest.mark.parametrize("text, count", [("来了十二家媒体", 12), ("一百零五个问题", 105), ("5个", 5), ("没有", 0)])
def test_counts_in_forms_use_the_same_reader(text, count):
    assert parse_count_text(text) == count
