"""Rules for the shape of a unit name: level prefix, place name, concept, suffix.

``split_name("铜陵市铜官区市场监督管理局")`` → ("铜陵市铜官区", "市场监督管理局"): the prefix is
a level character (市/县/区/省) or one or more place names ending in one; the core is a known
concept form when there is one. ``unit_key`` turns any name into the key used to match names
written differently: the concept's standard short form for departments (level and place
dropped, since one deployment has one 教育局 per level), the whole place-qualified name with a
standard suffix for governments, zones and towns (高新区管委会, 德庆县政府, 韩村镇).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .unit_concepts import PLACE_BOUND_SUFFIXES, surface_index

LEVEL_CHARS = "省市县区"
_PLACE_END = "省市州县区旗盟"
_SUFFIX_FORMS = (("委员会", "委"), ("办公室", "办"))
_PLACE_BOUND = (("街道办事处", "街道"), ("街道办", "街道"), ("管理委员会", "管委会"), ("人民政府", "政府"),
                ("镇政府", "镇"),
                ("乡政府", "乡"))
_SPACES = re.compile(r"[\s()（）]+")


def _with_suffix_variants(index: dict[str, str]) -> dict[str, str]:
    extended = dict(index)
    for form, key in index.items():
        for long, short in _SUFFIX_FORMS:
            if form.endswith(long):
                extended.setdefault(form[: -len(long)] + short, key)
    return extended


SURFACES: dict[str, str] = _with_suffix_variants(surface_index())


def clean(name: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", name))


@lru_cache(maxsize=4096)
def split_name(name: str) -> tuple[str, str]:
    """(prefix, core) with core a known concept form if any split gives one."""
    name = clean(name)
    if name in SURFACES:
        return "", name
    for i in range(1, len(name) - 1):
        if name[i - 1] in _PLACE_END and name[i:] in SURFACES:
            return name[:i], name[i:]
    return "", name


def concept_of(name: str) -> str | None:
    return SURFACES.get(split_name(name)[1])


def place_bound_name(name: str) -> str:
    """A town's, street's, zone's or government's standard name (韩村镇人民政府 → 韩村镇, 东城街道办事处 →
    东城街道); any other name as it is."""
    return _place_bound_key(name) if name.endswith(PLACE_BOUND_SUFFIXES) else name


def _place_bound_key(name: str) -> str:
    for long, short in _PLACE_BOUND:  # in order: 韩村镇人民政府 → 韩村镇政府 → 韩村镇
        if name.endswith(long):
            name = name[: -len(long)] + short
    return name


@lru_cache(maxsize=4096)
def unit_key(name: str) -> str:
    """Normalised key of a department name: 区市场监督管理局 → 市场监管局, 县人民政府 → 县政府."""
    prefix, core = split_name(name)
    if core in SURFACES:
        return SURFACES[core]
    core = clean(name)
    if core.endswith(PLACE_BOUND_SUFFIXES) or core.endswith("办事处"):
        return _place_bound_key(core)
    if len(core) > 3 and core[0] in LEVEL_CHARS and not core.startswith("市场"):
        core = core[1:]
    for long, short in _SUFFIX_FORMS:
        if core.endswith(long):
            core = core[: -len(long)] + short
    return core


def standard_name(mention: str) -> str:
    """A mention's standard name when no directory knows it: 区人力资源和社会保障局 → 区人社局."""
    prefix, core = split_name(mention)
    key = SURFACES.get(core)
    if key is None:
        return clean(mention)
    return (prefix if len(prefix) == 1 else "") + key
