"""A material's bytes in the database by default, in a directory by configuration; counted once."""
from __future__ import annotations

import io
from datetime import date, datetime

import docx

from bot.channels.base import FetchedMedia
from bot.clock import DEFAULT_TZ
from bot.procedure import materials as mat
from store.models import Event, Unit

NOW = datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ)


async def an_event(session) -> Event:
    unit = Unit(name="区教育局", aliases=[])
    session.add(unit)
    await session.flush()
    event = Event(kind="press_conference", unit_id=unit.id, topic="招生", window_start=date(2026, 4, 20),
                  window_end=date(2026, 4, 20), created_at=NOW, updated_at=NOW)
    session.add(event)
    await session.flush()
    await session.refresh(event, ["unit"])
    return event


async def test_bytes_go_to_the_directory_when_configured(session, tmp_path):
    event = await an_event(session)
    media = FetchedMedia("现场.jpg", b"\xff\xd8jpeg", "image/jpeg")

    stored = await mat.store_material(session, event, media, kind="photo", now=NOW, person_id=None,
                                      inbound_id=None, actor="张三", directory=str(tmp_path))

    row = stored.material
    assert row.content is None and row.path == f"{event.id}/{row.sha256}.jpg"
    assert (tmp_path / row.path).read_bytes() == b"\xff\xd8jpeg"
    assert mat.material_bytes(row, str(tmp_path)) == b"\xff\xd8jpeg"


def test_kinds_and_counts():
    doc = docx.Document()
    for line in ("问题1：学位够吗？", "答：够。", "问题2：何时报名？", "答：" + "五" * 501):
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)

    assert mat.kind_of("答记者问.docx", "application/octet-stream", "file") == "qa"
    assert mat.kind_of("访谈提纲.docx", "application/octet-stream", "file") == "outline"
    assert mat.kind_of("发布稿.docx", "application/octet-stream", "file") == "press_release"
    assert mat.kind_of("IMG_1.HEIC", "image/heic", "file") == "photo"
    assert mat.facts_of("qa", "答记者问.docx", out.getvalue()) == {"readable": True, "chars": 525, "pairs": 2,
                                                                 "long_answers": 1}
    assert mat.facts_of("press_release", "通稿.txt", "一二三 四五".encode("gb18030"))["chars"] == 5
    assert mat.facts_of("press_release", "通稿.pdf", b"%PDF") == {"readable": False}
