"""登记表 of one event as .docx, laid out like the paper form the office files.

Without a registration form on record the sheet is still produced, filled from the event
and blank where only the unit can answer, so that it can be printed and completed by hand.
"""
from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.exports import docx_style as dx
from bot.exports.common import join, kind_name, unit_names
from bot.exports.materials import DEFAULT_RULES, MaterialRules, deadline_note
from bot.exports.query import Registration, registration
from bot.timefmt import format_date, format_when
from store.models import RegistrationForm

LABEL_WIDTH = 3.8  # "拟邀请领导及来宾" on one line
# 负责人 row: 姓名 / value / 职务 / value / 电话 / value, summing to the page's text width.
CONTACT_WIDTHS = (1.4, 2.2, 1.4, 2.8, 1.4, 3.6)
TALL_ROWS = ("内容", "审批意见")  # written from the top, like on paper
APPROVAL_ROW = -2  # 审批意见, above 备注
APPROVAL_WORDS = {"approved": "同意。", "rejected": "不同意。"}
BLANK_DATE = "　　年　　月　　日"


async def export_registration(session: AsyncSession, *, event_id: int, tz: tzinfo,
                              rules: MaterialRules = DEFAULT_RULES) -> bytes:
    """The registration form of event ``event_id`` as .docx bytes (ExportError if unknown)."""
    from bot.procedure.chain import latest_round
    from bot.procedure.materials import event_materials

    reg = await registration(session, event_id)
    steps = await latest_round(session, event_id)
    materials = await event_materials(session, event_id)
    return dx.document_bytes(build_document(reg, tz, rules, steps, materials))


def build_document(reg: Registration, tz: tzinfo, rules: MaterialRules, steps: list | None = None,
                   materials: list | None = None):
    ev, form = reg.event, reg.form
    doc = dx.new_document(body_size=12)
    dx.add_title(doc, f"{kind_name(ev.kind)}登记表")
    submitted = _date(form.submitted_at if form else None, tz)
    dx.add_paragraph(doc, f"填报单位（盖章）：{unit_names(ev)}　　　　填报日期：{submitted}　　　　编号：{ev.id}",
                     size=11, space_after=6)
    rows = field_rows(reg, tz, rules, materials or [])
    table = dx.ruled_table(doc, rows=len(rows), widths_cm=(LABEL_WIDTH, *CONTACT_WIDTHS))
    for row, (label, value, height) in zip(table.rows, rows, strict=False):
        if label == "负责人":
            _contact_row(row, form, height)
        else:
            _labelled_row(row, label, value, height)
    approval = table.rows[APPROVAL_ROW].cells[-1]
    if steps:
        _add_step_stamps(approval, steps, tz)
    else:
        _add_stamp(approval, form, tz)
    dx.add_paragraph(doc, deadline_note(ev.kind, rules), size=10.5, space_before=6)
    return doc


def field_rows(reg: Registration, tz: tzinfo, rules: MaterialRules,
               materials: list | None = None) -> list[tuple[str, str, float]]:
    """(label, text, minimum height in cm) of each row; 负责人 and 审批意见 are filled apart.
    报送材料 is the pack's checklist: the files sent in chat, else what the form itself holds."""
    from bot.procedure.materials import checklist

    ev, form = reg.event, reg.form
    f = form or RegistrationForm()
    held_at = f.held_at or ev.start_at
    return [
        ("全称", f.title or ev.topic, 1.2),
        ("举办单位", f.host_unit or unit_names(ev), 1.2),
        ("负责人", "", 1.2),
        ("内容", f.summary or "", 4.4),
        ("举办时间", format_when(held_at, ev.window_start, ev.window_end, tz), 1.2),
        ("举办地点", f.location or ev.location or "", 1.2),
        ("拟邀请领导及来宾", join(f.invited_leaders or []), 1.6),
        ("拟邀请新闻单位", join(f.invited_media or []), 1.6),
        ("报送材料", "\n".join(c.line() for c in checklist(materials or [], form, rules)), 2.8),
        ("审批意见", "", 3.6),
        ("备注", f.remarks or "", 1.2),
    ]


def _labelled_row(row, label: str, value: str, height: float) -> None:
    dx.set_row_height(row, height)
    dx.set_cell(row.cells[0], label, bold=True)
    merged = row.cells[1].merge(row.cells[-1])
    size = 10.5 if label == "报送材料" else None  # 五号: each checklist item on one line
    dx.set_cell(merged, value, align=dx.LEFT, size=size, valign=dx.TOP if label in TALL_ROWS else dx.MIDDLE)


def _contact_row(row, form: RegistrationForm | None, height: float) -> None:
    dx.set_row_height(row, height)
    values = [form.contact_name, form.contact_title, form.contact_phone] if form else ["", "", ""]
    dx.set_cell(row.cells[0], "负责人", bold=True)
    for i, (label, value) in enumerate(zip(("姓名", "职务", "电话"), values, strict=False)):
        dx.set_cell(row.cells[1 + 2 * i], label, bold=True)
        dx.set_cell(row.cells[2 + 2 * i], value or "")


def _add_stamp(cell, form: RegistrationForm | None, tz: tzinfo) -> None:
    """The office's opinion, then its seal line and date at the bottom right."""
    when = BLANK_DATE
    opinion = form and (form.approval_opinion or APPROVAL_WORDS.get(form.approval, ""))
    dx.set_cell(cell, opinion or "", align=dx.LEFT, valign=dx.TOP)
    if form is not None and form.approved_at:
        when = _date(form.approved_at, tz)
    # Blank lines leave room for a handwritten opinion above the seal, as on the paper form.
    for line in ("", "", "", "（盖章）　　", f"{when}　"):
        para = cell.add_paragraph()
        para.alignment = dx.RIGHT
        dx.style_run(para.add_run(line))


def _add_step_stamps(cell, steps: list, tz: tzinfo) -> None:
    """审批意见 of an approval chain: one line per step (its opinion, who, when), then the seal."""
    from bot.procedure.chain import stamp

    lines = [f"{n}. {stamp(step)}" + (f"　{_date(step.decided_at, tz)}" if step.decided_at else "")
             for n, step in enumerate(steps, 1)]
    dx.set_cell(cell, "\n".join(lines), align=dx.LEFT, valign=dx.TOP, size=10.5)
    last = max((s.decided_at for s in steps if s.decided_at), default=None)
    for line in ("（盖章）　　", f"{_date(last, tz)}　"):
        para = cell.add_paragraph()
        para.alignment = dx.RIGHT
        dx.style_run(para.add_run(line))


def _date(value: datetime | None, tz: tzinfo) -> str:
    return format_date(value.astimezone(tz)) if value else BLANK_DATE
