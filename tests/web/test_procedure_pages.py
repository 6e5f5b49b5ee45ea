"""The dashboard shows the procedure: an event's approval steps with their stamps, its material
files and checklist, its 预告/实录; the attention page lists late publications and waiting steps."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from store.models import ApprovalStep, Event, Material, Publication


async def _prepare(site) -> int:
    async with site.sessions() as s, s.begin():
        event = (await s.execute(select(Event).order_by(Event.id).limit(1))).scalars().one()
        held = site.clock.now() - timedelta(days=5)
        event.start_at = held
        s.add_all([
            ApprovalStep(event_id=event.id, round=1, seq=1, name="单位负责人", mode="approve", assignees=[],
                         status="approved", opinion="同意，请做好舆情预案", decided_name="赵六",
                         decided_at=held - timedelta(days=4)),
            ApprovalStep(event_id=event.id, round=1, seq=2, name="政务公开办", mode="approve", assignees=[],
                         status="pending", asked_at=held - timedelta(days=4)),
            Material(event_id=event.id, kind="photo", name="现场1.jpg", media_type="image/jpeg", size=2048,
                     sha256="cd" * 32, content=b"x" * 2048, facts={}, received_at=held - timedelta(days=2)),
            Publication(event_id=event.id, item="preview", published_at=held - timedelta(days=2),
                        link="https://www.example.gov.cn/yg/1.html", contents=[]),
        ])
        return event.id


async def test_event_page_shows_steps_files_and_publications(site):
    event_id = await _prepare(site)
    await site.sign_in()

    page = await site.text(f"/admin/events/{event_id}")

    steps = page[page.index('id="approval-steps"'):page.index('id="materials"')]
    assert "单位负责人：同意，请做好舆情预案（赵六）" in steps and "政务公开办" in steps and "审批中" in steps
    materials = page[page.index('id="materials"'):page.index('id="publications"')]
    assert "现场1.jpg" in materials and "☐ 图片（3张）：已收到1张，还差2张" in materials
    publications = page[page.index('id="publications"'):page.index('id="history"')]
    assert "https://www.example.gov.cn/yg/1.html" in publications
    assert "逾期2天" in publications  # 实录 due 3 days after, 5 days ago: two days late


async def test_attention_page_lists_late_records_and_waiting_steps(site):
    event_id = await _prepare(site)
    await site.sign_in()

    page = await site.text("/admin/attention")

    late = page[page.index('id="late-publications"'):page.index('id="waiting-steps"')]
    assert f"/admin/events/{event_id}" in late and "实录" in late and "2天" in late
    waiting = page[page.index('id="waiting-steps"'):]
    assert f"/admin/events/{event_id}" in waiting and "2. 政务公开办" in waiting
