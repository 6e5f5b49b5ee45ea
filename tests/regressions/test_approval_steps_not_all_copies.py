"""The event page marked every approval step "（抄送）", the office's own approving step too: the
template asked ``step.copy`` of a dict, which is the dict's ``copy`` method (always true), not
its "copy" entry. Only a step that is only informed (抄送) says so now."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.procedure import chain
from bot.procedure.config import Approval, ApprovalStepSpec
from store.models import ApprovalStep, Event, RegistrationForm

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def steps_table(page: str) -> str:
    start = page.index('id="approval-steps"')
    return re.sub(r"<[^>]+>", " ", page[start:page.index("</table>", start)])


async def test_an_approving_step_is_not_called_a_copy(site):
    async with site.sessions() as s:
        form = await s.scalar(select(RegistrationForm).where(RegistrationForm.approval == "pending"))
        assert await s.scalar(select(ApprovalStep).where(ApprovalStep.event_id == form.event_id))
    await site.sign_in()
    table = steps_table(await site.text(f"/admin/events/{form.event_id}"))
    assert "政务公开办" in table and "抄送" not in table, table


async def test_a_copy_step_is_called_one(site):
    async with site.sessions() as s, s.begin():
        form = await s.scalar(select(RegistrationForm).where(RegistrationForm.approval == "pending"))
        event = await s.get(Event, form.event_id)
        approval = Approval(steps=(ApprovalStepSpec("政务公开办", role="office"),
                                   ApprovalStepSpec("宣传部", copy=True)))
        await chain.start_round(s, event, approval)
    await site.sign_in()
    table = steps_table(await site.text(f"/admin/events/{form.event_id}"))
    assert table.count("抄送") == 1 and "宣传部（抄送）" in table.replace(" ", ""), table
