"""The registration form (登记表) laid out like the paper form, read back against the register."""
import pytest

from bot.clock import DEFAULT_TZ
from bot.exports.common import ExportError
from bot.exports.materials import MaterialRules
from bot.exports.registration import export_registration
from bot.procedure.materials import checklist as pack_checklist
from store.models import RegistrationForm
from tests.exports.export_readers import local_text, read_docx, table_grid

LABELS = ["全称", "举办单位", "负责人", "内容", "举办时间", "举办地点", "拟邀请领导及来宾", "拟邀请新闻单位",
          "报送材料", "审批意见", "备注"]


async def form_of(session, event_id):
    doc = read_docx(await export_registration(session, event_id=event_id, tz=DEFAULT_TZ))
    (table,) = doc.tables
    grid = table_grid(table)
    return doc, grid, {row[0]: row[1:] for row in grid}


async def test_every_field_of_the_form_in_its_row(session, register):
    form = register.registrations["education"]
    doc, grid, rows = await form_of(session, form.event_id)
    assert [row[0] for row in grid] == LABELS
    assert rows["全称"] == [form.title]
    assert rows["举办单位"] == [form.host_unit]
    assert rows["负责人"] == ["姓名", form.contact_name, "职务", form.contact_title, "电话", form.contact_phone]
    assert rows["内容"] == [form.summary]
    assert rows["举办时间"] == [local_text(form.held_at)]
    assert rows["举办地点"] == [form.location]
    assert rows["拟邀请领导及来宾"] == ["副区长 李明、张强 区政府办副主任"]
    assert rows["拟邀请新闻单位"] == ["、".join(form.invited_media)]
    assert rows["备注"] == [form.remarks]


async def test_remarks_row_is_blank_without_remarks(session, register):
    form = register.registrations["education"]
    form.remarks = None
    await session.commit()
    _, grid, rows = await form_of(session, form.event_id)
    assert grid[-1][0] == "备注" and rows["备注"] == [""]


async def test_title_and_header_line(session, register):
    form = register.registrations["education"]
    doc, _, _ = await form_of(session, form.event_id)
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[0] == "新闻发布会登记表"
    assert "填报单位（盖章）：区教育局" in texts[1] and "填报日期：2026年3月14日" in texts[1]
    assert f"编号：{form.event_id}" in texts[1]
    assert texts[-1].startswith("注：本表请于举办日3日前报送")


async def test_material_checklist_reflects_what_was_sent(session, register):
    form = register.registrations["education"]
    _, _, rows = await form_of(session, form.event_id)
    assert rows["报送材料"][0].split("\n") == [
        "☑ 新闻通稿（不超过1200字）：登记表中已填，共980字",
        "☐ 问答口径（至少2个，每个答复不超过500字）：登记表中已填，2个，其中1个答复超出字数",
        "☑ 图片（3张）：登记表中填了3张",
        "☐ 视频（可选）：未提供",
    ]


async def test_the_printed_form_counts_the_files_sent_in_chat(session, register):
    """The printed 报送材料 row read only the form's own fields: photos sent in chat, which the
    chat's 材料清单 counted, were missing from the form the office files."""
    from datetime import datetime

    from store.models import Material

    form = register.registrations["education"]
    form.photo_count = 0
    session.add_all([Material(event_id=form.event_id, kind="photo", name=f"现场{n}.jpg", media_type="image/jpeg",
                              size=1000 + n, sha256=f"{n:064d}", facts={},
                              received_at=datetime(2026, 3, 14, 9, n, tzinfo=DEFAULT_TZ)) for n in range(1, 3)])
    await session.commit()
    _, _, rows = await form_of(session, form.event_id)
    assert "☐ 图片（3张）：已收到2张，还差1张" in rows["报送材料"][0].split("\n")


async def test_approval_opinion_with_seal_and_date(session, register):
    form = register.registrations["education"]
    _, _, rows = await form_of(session, form.event_id)
    lines = [line.strip() for line in rows["审批意见"][0].split("\n") if line.strip()]
    assert lines == [form.approval_opinion, "（盖章）", "2026年3月15日"]


async def test_without_a_form_the_sheet_is_prefilled_from_the_event_and_blank_elsewhere(session, register):
    event = register.events["statistics"]
    doc, _, rows = await form_of(session, event.id)
    assert rows["全称"] == [event.topic]
    assert rows["举办单位"] == [event.unit.name]
    assert rows["举办时间"] == [local_text(event.start_at)]
    assert rows["举办地点"] == [event.location]
    assert rows["负责人"] == ["姓名", "", "职务", "", "电话", ""]
    assert rows["内容"] == [""] and rows["拟邀请新闻单位"] == [""]
    assert all(line.startswith("☐") for line in rows["报送材料"][0].split("\n"))
    assert [x.strip() for x in rows["审批意见"][0].split("\n") if x.strip()] == ["（盖章）", "年　　月　　日"]


async def test_a_planned_event_shows_its_window(session, register):
    event = register.plan[3]  # 区教育局, 5月份
    _, _, rows = await form_of(session, event.id)
    assert rows["举办时间"] == ["2026年5月"]


async def test_an_interview_gets_the_interview_title_and_deadline(session, register):
    event = register.events["interview"]
    doc, _, _ = await form_of(session, event.id)
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[0] == "在线访谈登记表"
    assert "30日前" in texts[-1]


async def test_unknown_event_is_refused(session, register):
    with pytest.raises(ExportError, match="找不到编号为 99999 的活动"):
        await export_registration(session, event_id=99999, tz=DEFAULT_TZ)


def _form(release="", answers=(), photos=0, video=False):
    return RegistrationForm(press_release=release, questions=[{"q": "问", "a": a} for a in answers],
                            photo_count=photos, has_video=video)


CHECKS = [
    ("all-complete", _form("字" * 1200, ["答" * 500, "答"], 3, True), "☑☑☑☑"),
    ("release-too-long", _form("字" * 1201, ["答", "答"], 3), "☐☑☑☐"),
    ("white-space-not-counted", _form("字 \n" * 1200, ["答", "答"], 3), "☑☑☑☐"),
    ("one-question-only", _form("稿", ["答"], 3), "☑☐☑☐"),
    ("too-few-photos", _form("稿", ["答", "答"], 2), "☑☑☐☐"),
    ("nothing-sent", None, "☐☐☐☐"),
]


@pytest.mark.parametrize(("form", "marks"), [c[1:] for c in CHECKS], ids=[c[0] for c in CHECKS])
def test_checklist_marks(form, marks):
    assert "".join(c.line()[0] for c in pack_checklist([], form)) == marks


def test_checklist_states_the_deployments_own_limits():
    lines = [c.line() for c in pack_checklist([], _form("字" * 900, ["答"] * 3, 5),
                                              MaterialRules(release_max_chars=800, photos=5))]
    assert lines[0] == "☐ 新闻通稿（不超过800字）：登记表中已填，共900字，超出字数"
    assert lines[2] == "☑ 图片（5张）：登记表中填了5张"
