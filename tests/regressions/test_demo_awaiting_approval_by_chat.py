"""The demo's "awaiting approval" 登记表 was on the attention page (登记表待审批) but the office's
"同意" in chat answered "目前没有待审批的登记表": the demo wrote the form without the approval
round a filed form starts. The demo now opens that round, so the README's first hour works: the
office sees it waiting and approves it by chat."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from store.models import Event, RegistrationForm, Status
from tests.web.test_playground import bot_text, say

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_the_office_approves_the_demos_waiting_form_by_chat(site):
    async with site.sessions() as s:
        query = select(RegistrationForm).where(RegistrationForm.approval == "pending")
        waiting = (await s.execute(query)).scalars().all()
    assert len(waiting) == 1
    await site.sign_in()
    assert "登记表待审批（1）" in await site.text("/admin/attention")

    answer = bot_text(await say(site, "wangli", "同意"))

    assert "没有待审批" not in answer and "同意" in answer, answer
    async with site.sessions() as s:
        event = await s.get(Event, waiting[0].event_id)
        assert event.status == Status.APPROVED
    assert "登记表待审批（0）" in await site.text("/admin/attention")
