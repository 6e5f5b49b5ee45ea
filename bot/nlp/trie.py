"""A regular expression matching any of many words, built as a trie.

A flat alternation of a few hundred unit names retries every name at every position; the trie
form shares prefixes, so a 100 KB message is scanned in a few milliseconds. Longer words win
(each "end here" option is tried after the longer continuations).
"""
from __future__ import annotations

import re
from collections.abc import Iterable


def _insert(trie: dict, word: str) -> None:
    node = trie
    for ch in word:
        node = node.setdefault(ch, {})
    node[""] = {}


def _pattern(node: dict) -> str:
    branches = [re.escape(ch) + _pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return body + "?" if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")?"
    return body


def trie_pattern(words: Iterable[str]) -> str:
    trie: dict = {}
    for word in words:
        if word:
            _insert(trie, word)
    return _pattern(trie) or "(?!)"
