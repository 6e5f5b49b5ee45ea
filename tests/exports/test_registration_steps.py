"""The 登记表's 审批意见 with an approval chain: each step's opinion, who and when; still one page."""
from __future__ import annotations

import pytest

from bot.clock import DEFAULT_TZ
from bot.exports.registration import export_registration
from store.models import ApprovalStep
from tests.exports.conftest import local, to_pdf
from tests.exports.export_readers import read_docx
from tests.exports.test_pdf import page_text, pages

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
OPINIONS = (("单位负责人", "approve", "同意，请做好答问准备", "马局长"),
            ("分管领导", "approve", "同意召开", "李副区长"),
            ("政务公开办", "approve", "同意，已核查保密，无涉密内容", "王丽"),
            ("宣传部", "copy", None, None))


async def add_chain(session, event_id: int) -> None:
    for round_ in (1, 2):  # round 1 was refused at the second step: only the latest round is printed
        for seq, (name, mode, opinion, who) in enumerate(OPINIONS, 1):
            refused = round_ == 1 and seq == 2
            session.add(ApprovalStep(
                event_id=event_id, round=round_, seq=seq, name=name, mode=mode, assignees=[],
                status=("rejected" if refused else "stopped" if round_ == 1 and seq > 2 else
                        "informed" if mode == "copy" else "approved"),
                opinion="请补充问答" if refused else opinion, decided_name=who,
                decided_at=local(2026, 3, 14 + round_, 9 + seq, 0)))
    await session.flush()


def stamp_cell(data: bytes) -> str:
    doc = read_docx(data)
    row = next(r for t in doc.tables for r in t.rows if r.cells[0].text == "审批意见")
    return row.cells[-1].text


async def test_each_step_opinion_is_in_the_form(session, register):
    event_id = register.registrations["education"].event_id
    await add_chain(session, event_id)

    cell = stamp_cell(await export_registration(session, event_id=event_id, tz=DEFAULT_TZ))

    assert "1. 单位负责人：同意，请做好答问准备（马局长）　2026年3月16日" in cell
    assert "2. 分管领导：同意召开（李副区长）" in cell
    assert "3. 政务公开办：同意，已核查保密，无涉密内容（王丽）" in cell
    assert "4. 宣传部：已抄送" in cell
    assert "请补充问答" not in cell  # the refused round is history, not the form
    assert "（盖章）" in cell


async def test_the_form_with_four_steps_still_prints_on_one_page(session, register, soffice, tmp_path):
    event_id = register.registrations["education"].event_id
    await add_chain(session, event_id)
    path = tmp_path / "登记表.docx"
    path.write_bytes(await export_registration(session, event_id=event_id, tz=DEFAULT_TZ))

    [pdf] = to_pdf(soffice, [path], tmp_path)

    assert pages(pdf) == 1
    text = page_text(pdf)
    for opinion in ("同意，请做好答问准备", "同意召开", "已核查保密", "宣传部：已抄送", "（盖章）"):
        assert opinion in text, opinion
