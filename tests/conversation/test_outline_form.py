"""访谈方案和提纲 by chat: the short form of an online interview; the office gets it, flagged when late."""
from __future__ import annotations

from store.models import EventChange, InterviewOutline, Reminder


async def test_outline_form_to_the_office_with_its_lateness(bot):
    await bot.say("zhangsan", "我局5月8日上午10点做在线访谈，主题是暑期安全")

    [due] = await bot.all(Reminder, rule="outline_due")
    assert due.status == "pending"

    opened = await bot.say("zhangsan", "报访谈提纲")
    assert "开始填写访谈方案和提纲" in opened and "访谈形式" in opened

    await bot.say("zhangsan", "网上访谈")
    await bot.say("zhangsan", "副局长 马超、安全科科长 刘洋")
    await bot.say("zhangsan", "跳过")
    review = await bot.say("zhangsan", "一、暑期安全重点\n二、防溺水措施\n三、家长怎么做")
    assert "请核对访谈方案和提纲" in review and "访谈嘉宾：副局长 马超、安全科科长 刘洋" in review

    assert "已报送政务公开办" in await bot.say("zhangsan", "确认")

    row = await bot.one(InterviewOutline)
    assert row.interview_form == "网上" and row.guests == ["副局长 马超", "安全科科长 刘洋"]
    assert "防溺水措施" in row.outline and row.submitted_at == bot.clock.now()
    [told] = bot.pushes_to("wangwu")
    assert "【访谈方案和提纲】" in told and "距上线仅24天" in told and "晚了6天" in told
    [fact] = await bot.all(EventChange, field="outline")
    assert "晚6天" in fact.new_value
    assert not await bot.all(Reminder, rule="outline_due", status="pending")  # sent: no longer reminded
