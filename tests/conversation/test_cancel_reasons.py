"""The reasons people give for a cancellation are taken as the reason, not as a new request:
"领导另有安排" was read as a look-up and the cancellation dropped."""
from __future__ import annotations

import pytest

from store.models import Status
from tests.conversation.test_after_confirmation import two_planned


@pytest.mark.parametrize("reason", ["领导另有安排", "不办了，领导另有安排", "主要负责同志另有公务安排"])
async def test_a_common_reason_cancels_the_event(bot, reason):
    await two_planned(bot)
    assert "确认取消" in await bot.say("zhangsan", "取消")
    assert "原因" in await bot.say("zhangsan", "1")

    answer = await bot.say("zhangsan", reason)

    assert "已取消" in answer and "放弃" not in answer, answer
    statuses = {e.topic: e.status for e in await bot.events()}
    assert statuses == {"秋季招生政策解读": Status.CANCELLED, "助学贷款政策": Status.PLANNED}
