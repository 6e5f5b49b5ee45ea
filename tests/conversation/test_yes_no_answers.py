"""A yes/no question answered in words: to "确认取消…吗？ 1. 确认取消 2. 不取消" a liaison wrote "是"
and was told "没太明白您的意思", and the question was gone (a "1" after it no longer cancelled).
"是 / 好的 / 确认" now picks the first option of such a question and "不 / 不用了" the other; a
question with options of any other kind still wants their number or their words."""
from __future__ import annotations

import pytest

from store.models import Status
from tests.conversation.test_after_confirmation import two_planned


@pytest.mark.parametrize("yes", ["是", "是的", "好的", "确认", "对"])
async def test_yes_to_the_cancel_question_cancels(bot, yes):
    await two_planned(bot)
    assert "确认取消" in await bot.say("zhangsan", "取消")

    assert "原因" in await bot.say("zhangsan", yes)
    assert "已取消" in await bot.say("zhangsan", "招生方案尚未批复")
    statuses = {e.topic: e.status for e in await bot.events()}
    assert statuses == {"秋季招生政策解读": Status.CANCELLED, "助学贷款政策": Status.PLANNED}


@pytest.mark.parametrize("no", ["不", "不是", "不用了"])
async def test_no_to_the_cancel_question_keeps_the_event(bot, no):
    await two_planned(bot)
    assert "确认取消" in await bot.say("zhangsan", "不办了")

    assert "不取消" in await bot.say("zhangsan", no)
    assert {e.status for e in await bot.events()} == {Status.PLANNED}
