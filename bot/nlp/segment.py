"""Word segmentation with jieba, loaded only when a rule needs it.

jieba's default dictionary takes about half a second to load, far more than a whole parse, so
it is imported on first use: only when a message names a unit that neither the directory nor
the built-in concepts know ("请帮气象站登记" style), to find where that name begins. The
directory's names are added to a tokenizer of our own (``jieba.Tokenizer``), never to jieba's
process-wide default one, so that they are never cut apart and nothing else is affected.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache

_added: set[str] = set()


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def add_words(words: Iterable[str]) -> None:
    tokenizer = _tokenizer()
    for word in words:
        if word and word not in _added:
            tokenizer.add_word(word, freq=100000)
            _added.add(word)


def words(text: str) -> list[str]:
    return _tokenizer().lcut(text, HMM=True)


def last_name(candidate: str, suffix: str, known: Iterable[str] = (), common: frozenset = frozenset()) -> str:
    """The name that ends ``candidate``: its last word, joined to the word before when that last
    word is only the suffix, or a common word after a lone character (韩/村镇 → 韩村镇, but
    优化/城镇 stays 城镇, which the caller rejects)."""
    add_words(known)
    tokens = words(candidate)
    if not tokens:
        return candidate
    last = len(tokens) - 1
    name = tokens[last]
    while last > 1 and len(name) < len(suffix) and suffix.endswith(name):  # 街道/办事处: pieces of the suffix
        last -= 1
        name = tokens[last] + name
    if last > 0 and (len(name) <= len(suffix) or (name in common and len(tokens[last - 1]) == 1)):
        name = tokens[last - 1] + name
    return name
