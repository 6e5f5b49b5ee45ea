"""The office wrote "批准编号60" (the number every list and push shows) and was told "没太明白":
only a bare "同意…" was a verdict. "同意编号N" / "批准编号N的登记表" now approve that event's
waiting step, and a number with nothing waiting says so."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from store.models import Event, RegistrationForm, Status
from tests.web.test_playground import bot_text, say

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def waiting_event(site) -> int:
    async with site.sessions() as s:
        form = await s.scalar(select(RegistrationForm).where(RegistrationForm.approval == "pending"))
        return form.event_id


@pytest.mark.parametrize("words", ["批准编号{n}", "同意编号{n}的登记表", "同意 编号{n}，内容已核查"])
async def test_the_office_approves_by_the_events_number(site, words):
    number = await waiting_event(site)

    answer = bot_text(await say(site, "wangli", words.format(n=number)))

    assert "已同意" in answer and "没太明白" not in answer, answer
    async with site.sessions() as s:
        assert (await s.get(Event, number)).status == Status.APPROVED


async def test_a_number_with_nothing_waiting_says_so(site):
    answer = bot_text(await say(site, "wangli", "批准编号9999"))
    assert "编号9999" in answer and "没有" in answer and "已同意" not in answer, answer
