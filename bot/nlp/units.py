"""The unit directory: canonical unit names, and finding units in a message.

A mention resolves to a directory entry by, in order: the exact name or one of its aliases;
then ``unit_key`` (concept knowledge plus level/place rules, see ``unit_names``), so that 市监局,
市场监督管理局 and 市场局 all reach 区市场监管局. When several entries share a key (市教育局 and
区教育局), the one with the mention's level prefix wins, else the first. 我局/我委/我们… are
reported as self mentions; the caller substitutes the sender's unit.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from .trie import trie_pattern
from .unit_concepts import ABBREVIATED_STEMS, NOT_UNITS, SELF_WORDS, WORD_STEMS
from .unit_names import LEVEL_CHARS, SURFACES, clean, place_bound_name, split_name, standard_name, unit_key

__all__ = ["UnitDirectory", "UnitMention", "UnitDirectoryError", "unit_key", "standard_name"]

# A name ending like a unit that nothing else recognised: its start is found with jieba.
_LONG_SUFFIXES = ("管委会", "管理委员会", "街道办事处", "街道办", "街道", "法院", "检察院", "医院", "人民政府", "政府",
                  "中心", "大队", "团区委", "团县委", "团市委")
_GENERIC = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:管委会|局|镇|街道|法院|检察院|医院)(?![\u4e00-\u9fff]{0,1}[长办])")
# ... and the rarer long forms, read only when one of their words is in the message (``_rare_patterns``):
# 德庆县政府, 柳林乡人民政府, 东城街道办(事处), 高新区管理委员会, 区疾控中心, 区交警大队 (a 中心 or 大队 only
# after its level: 数据中心建设 is a topic), 团区委
_GENERIC_GOVERNMENT = re.compile(
    r"[\u4e00-\u9fff]{1,10}?(?:管理委员会|[镇乡](?:人民政府|政府)|街道办(?:事处)?|[县区市]人民政府|[县区市]政府)"
    r"(?![\u4e00-\u9fff]{0,1}[长办])")
_GENERIC_LEVEL_LED = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=取消)|(?<=[请帮给替为由和与及同跟]))"
                                r"[县区市][\u4e00-\u9fff]{2,6}?(?:中心|大队)(?![\u4e00-\u9fff]?长|办)|团[县区市]委")
_TOWN_GOVERNMENT = re.compile(r"[镇乡](?:人民政府|政府)$")
_GENERIC_LIMIT = 40  # segmentation is slow; a message names few units, a pasted document may hold thousands
# Where a stem may begin a unit's name: the message's or a clause's start, after a request or a joining
# word, or right after a time ("这周卫健有访谈吗").
_STEM_LEAD = r"(?:^|(?<=取消)|(?<=[\s，,。；;、|:：!！?？\n—帮请给和与跟由及同周天月日号年度旬点分\d]))"
_STEM_AFTER_WORD = (r"(?=\s|这边|那边|[，,、|]|\d|今年|明年|本月|这个月|下个?月|下下?周|这周|本周|今天|明天|后天|Q|"
                    r"定于|拟|计划|准备|打算|将于|要|召开|举办|和|与|$)")
_STEM = re.compile(rf"{_STEM_LEAD}(?P<unit>[{LEVEL_CHARS}]?(?:(?:{'|'.join(ABBREVIATED_STEMS)})"
                   rf"(?![局委办厅部队]|执法|系统|领域|部门|行业|人员)|(?:{'|'.join(WORD_STEMS)}){_STEM_AFTER_WORD}))")
_JOINING = ("和", "与", "跟", "及", "同", "会同")
_GENERIC_LEAD = re.compile(r"^(?:请|帮|给|替|为|由|和|与|跟|及|同|会同|把|让|通知|协助|配合|麻烦)+")


class UnitDirectoryError(ValueError):
    """The unit file cannot be read."""


@dataclass(frozen=True)
class UnitMention:
    text: str
    span: tuple[int, int]
    name: str | None     # canonical directory name, else the standard name; None for 我局 etc.
    known: bool          # found in the directory
    is_self: bool = False


class UnitDirectory:
    def __init__(self, entries: Iterable[tuple[str, Sequence[str]]] = ()) -> None:
        self.names: list[str] = []
        self._exact: dict[str, str] = {}
        self._by_key: dict[str, list[str]] = {}
        for name, aliases in entries:
            self._add(clean(name), [clean(a) for a in aliases])
        words = [*self._exact, *SURFACES, *SELF_WORDS]
        self._regex = re.compile(f"[{LEVEL_CHARS}]?(?:{trie_pattern(words)})")

    def _add(self, name: str, aliases: list[str]) -> None:
        if not name or name in self._exact:
            return
        self.names.append(name)
        for form in (name, *aliases):
            self._exact.setdefault(form, name)
            bucket = self._by_key.setdefault(unit_key(form), [])
            if name not in bucket:
                bucket.append(name)

    @classmethod
    def from_file(cls, path) -> UnitDirectory:
        """One canonical name per line, optionally followed by tab-separated aliases."""
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UnitDirectoryError(f"无法读取单位名录文件 {path}：{exc}") from exc
        entries = []
        for line in text.splitlines():
            cells = [c.strip() for c in line.split("\t") if c.strip()]
            if cells and not cells[0].startswith("#"):
                entries.append((cells[0], cells[1:]))
        return cls(entries)

    def resolve(self, mention: str) -> str | None:
        """The canonical directory name for a mention, None if the directory has no such unit."""
        mention = clean(mention)
        if mention in self._exact:
            return self._exact[mention]
        candidates = self._by_key.get(unit_key(mention), [])
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        prefix = split_name(mention)[0]
        for name in candidates:
            if prefix and split_name(name)[0] == prefix:
                return name
        return candidates[0]

    def _mention(self, text: str, span: tuple[int, int]) -> UnitMention | None:
        if text in SELF_WORDS:
            return UnitMention(text, span, None, False, True)
        canonical = self.resolve(text)
        if canonical is None and text[0] in LEVEL_CHARS and text[1:] in SELF_WORDS:
            return None
        return UnitMention(text, span, canonical or standard_name(text), canonical is not None)

    def find(self, text: str) -> list[UnitMention]:
        """Unit mentions in ``text`` (normalised or not), left to right, with canonical names."""
        found = [m for m in (self._mention(x.group(), x.span()) for x in self._regex.finditer(text)) if m]
        rare = _rare_patterns(text)
        if _GENERIC.search(text) or any(p.search(text) for p in rare):
            found = sorted(found + self._generic(text, found, rare), key=lambda m: m.span)
        stems = [m for m in map(self._stem, _STEM.finditer(text)) if not any(_overlap(m.span, f.span) for f in found)]
        return sorted(found + stems, key=lambda m: m.span) if stems else found

    def _stem(self, match: re.Match[str]) -> UnitMention:
        """"人社" → 区人社局: the stem read as its concept's surface with the suffix written."""
        stem = match.group("unit")
        core = stem[1:] if stem[0] in LEVEL_CHARS and stem[1:] in _STEM_SURFACE else stem
        full = stem[: len(stem) - len(core)] + _STEM_SURFACE[core]
        canonical = self.resolve(full)
        return UnitMention(stem, match.span("unit"), canonical or standard_name(full), canonical is not None)

    def _generic(self, text: str, known: list[UnitMention], rare: list[re.Pattern[str]]) -> list[UnitMention]:
        extra: list[UnitMention] = []
        for pattern in (*rare, _GENERIC):  # the long forms first: 韩村镇人民政府 before 韩村镇
            taken = sorted(known + extra, key=lambda m: m.span) if extra else known
            starts = [m.span[0] for m in taken]  # taken mentions never overlap each other
            for match in islice(pattern.finditer(text), _GENERIC_LIMIT):
                start, end = match.span()
                before = bisect_left(starts, end) - 1
                if before >= 0 and taken[before].span[1] > start:  # "区妇联与区人民检察院": what is joined to a name
                    start = taken[before].span[1]
                    if end - start < 3 or not text.startswith(_JOINING, start):
                        continue
                mention = self._unknown(text, start, end)
                if mention is not None:
                    extra.append(mention)
        return extra

    def _unknown(self, text: str, start: int, end: int) -> UnitMention | None:
        name = _unknown_name(_GENERIC_LEAD.sub("", text[start:end]), self.names)
        if name is None:
            return None
        level = end - len(name) - 1  # "区人民法院": the level written before the name is its own
        if level >= 0 and text[level] in LEVEL_CHARS and name[0] not in LEVEL_CHARS:
            name = text[level] + name
        canonical = self.resolve(name)
        return UnitMention(name, (end - len(name), end), canonical or place_bound_name(clean(name)),
                           canonical is not None)


_STEM_SURFACE = {stem: next(stem + end for end in ("局", "委", "办") if stem + end in SURFACES)
                 for stem in (*ABBREVIATED_STEMS, *WORD_STEMS)}


def _rare_patterns(text: str) -> list[re.Pattern[str]]:
    """The patterns of the rarer long forms whose words the message holds (plain ``in``: cheap)."""
    found = []
    if "政府" in text or "街道办" in text or "管理委员会" in text:
        found.append(_GENERIC_GOVERNMENT)
    if "中心" in text or "大队" in text or "团" in text:
        found.append(_GENERIC_LEVEL_LED)
    return found


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _unknown_name(candidate: str, known: list[str]) -> str | None:
    """Where an unrecognised unit name begins (jieba decides), None if it is no unit."""
    if len(candidate) < 2 or candidate[-2:] in NOT_UNITS and candidate.endswith("局"):
        return None
    town = _TOWN_GOVERNMENT.search(candidate)
    if town:  # "韩村镇人民政府": the town's name is found as the town's
        name = _unknown_name(candidate[: town.start() + 1], known)
        return name + candidate[town.start() + 1:] if name else None
    if len(candidate) > 2 or not candidate.endswith("局"):
        from .segment import last_name

        suffix = next((s for s in _LONG_SUFFIXES if candidate.endswith(s)), candidate[-1])
        candidate = last_name(candidate, suffix, known, NOT_UNITS)
    if len(candidate) < 2 or candidate in NOT_UNITS or candidate in SELF_WORDS:
        return None
    return candidate
