"""What every export shares: the error type, labels, and how a unit list is written."""
from __future__ import annotations

from collections.abc import Iterable

from store.models import Event, Kind
from store.rules import KIND_NAMES


class ExportError(Exception):
    """Input that cannot be exported; the message is Chinese and meant for the user."""


KIND_ORDER = (Kind.PRESS_CONFERENCE, Kind.ONLINE_INTERVIEW)

# The statistics form's 形式 column wants "网上" / "微视频"; the event's subtype says more.
INTERVIEW_FORMS = {"网上访谈": "网上", "微视频访谈": "微视频", "网上": "网上", "微视频": "微视频"}

SEPARATOR = "、"  # how the notices join several units or media: "市财政局、市农业农村局"


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def join(items: Iterable[object]) -> str:
    texts = (_text(item) for item in items or ())
    return SEPARATOR.join(t for t in texts if t)


def _text(item: object) -> str:
    # JSON lists may hold {"name": ..., "title": ...} objects as well as plain strings.
    if isinstance(item, dict):
        return " ".join(str(v).strip() for v in item.values() if v)
    return str(item).strip() if item is not None else ""


def unit_names(event: Event) -> str:
    """The leading unit first, then the co-organisers."""
    return join([event.unit.name, *(u.name for u in event.co_units)])


def interview_form(subtype: str | None) -> str:
    return INTERVIEW_FORMS.get(subtype or "", "")
