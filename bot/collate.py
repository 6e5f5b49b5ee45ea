"""Chinese names in the order a person looks for them: by pinyin (临涣镇 after 教育局), not by
code point, which scatters units with the same first sound (县…, 区…) across the list."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def pinyin_key(name: str) -> tuple[tuple[str, ...], str]:
    """Sort key: the syllables (tone as a trailing digit), then the name itself (same sound, stable order)."""
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(name, style=Style.TONE3, errors="default")), name


def by_pinyin(names):
    return sorted(names, key=pinyin_key)
