"""The dispatcher: groups, chatter, duplicates, two people at once, strangers, help, clarifying."""
from __future__ import annotations

import asyncio
from datetime import timedelta

from store.models import ConversationState, InboundMessage, Person

GROUP = "chat-press-office"


async def test_group_message_not_addressed_is_ignored(bot):
    answer = await bot.say("zhangsan", "我局6月份开发布会", group=GROUP, mentioned=False)

    assert answer == "" and bot.last == []
    assert await bot.events() == []


async def test_group_chatter_is_never_answered(bot):
    for text in ("收到", "好的", "辛苦了", "@助手 已阅"):
        assert await bot.say("zhangsan", text, group=GROUP) == ""


async def test_one_to_one_chatter_gets_a_pointer_to_help(bot):
    assert "帮助" in await bot.say("zhangsan", "好的")


async def test_mention_is_stripped(bot):
    answer = await bot.say("zhangsan", "@新闻发布助手 我局6月份开发布会", group=GROUP)

    assert "已登记" in answer


async def test_a_message_delivered_twice_is_handled_once(bot):
    incoming = bot.incoming("zhangsan", "我局6月份开发布会", message_id="wx-1")

    first = await bot.send(incoming)
    second = await bot.send(incoming)

    assert "已登记" in first and second == ""
    assert len(await bot.events()) == 1
    [row] = await bot.all(InboundMessage)
    assert row.status == "handled"


async def test_the_same_message_twice_at_once_writes_once(bot):
    incoming = bot.incoming("zhangsan", "我局6月份开发布会", message_id="wx-2")

    answers = await asyncio.gather(bot.send(incoming), bot.send(incoming))

    assert sorted(bool(a) for a in answers) == [False, True]
    assert len(await bot.events()) == 1


async def test_two_liaisons_fill_forms_in_one_group_at_once(bot):
    await bot.say("zhangsan", "我局4月20日下午3点在教育局三楼会议室开招生政策解读发布会")
    await bot.say("lisi", "民政局4月22日上午10点在民政局会议室开婚姻登记便民措施发布会")
    await bot.say("zhangsan", "填登记表", group=GROUP)
    await bot.say("lisi", "填登记表", group=GROUP)

    a, b = await asyncio.gather(bot.say("zhangsan", "李明", group=GROUP), bot.say("lisi", "孙丽", group=GROUP))
    await asyncio.gather(bot.say("zhangsan", "副局长", group=GROUP), bot.say("lisi", "局长", group=GROUP))

    assert "负责人职务" in a and "负责人职务" in b
    states = {s.user_id: s for s in await bot.all(ConversationState)}
    assert states["zhangsan"].data["values"]["contact_name"] == "李明"
    assert states["lisi"].data["values"]["contact_name"] == "孙丽"
    assert states["lisi"].data["values"]["contact_title"] == "局长"
    assert states["zhangsan"].data["values"]["host_unit"] == "区教育局"
    assert states["lisi"].data["values"]["host_unit"] == "区民政局"
    # the same person in a one-to-one chat has no form open there
    assert "没有正在进行" in await bot.say("zhangsan", "取消")


async def test_unknown_person_gets_an_explanation(bot):
    answer = await bot.say("stranger", "我局6月份开发布会")

    assert "不在通讯录" in answer and "我是XX局联络员" in answer
    assert await bot.events() == []


async def test_unknown_person_asks_to_join_and_the_office_confirms(bot):
    answer = await bot.say("stranger", "我是教育局联络员孙八")

    assert "已把您以区教育局联络员身份使用的申请发给政务公开办" in answer
    [request] = bot.pushes_to("wangwu")
    assert "孙八" in request and "区教育局" in request
    assert "等待政务公开办确认" in await bot.say("stranger", "我局6月份开发布会")
    assert await bot.events() == []

    assert "已同意" in await bot.say("wangwu", "同意")
    [told] = bot.pushes_to("stranger")
    assert "现在可以登记" in told
    assert "已登记" in await bot.say("stranger", "我局6月份开发布会")
    person = await bot.one(Person, user_id="stranger")
    assert person.active and person.unit.name == "区教育局"


async def test_office_chooses_when_several_things_wait(bot):
    await bot.say("stranger", "我是教育局联络员孙八")
    await bot.say("other", "我是民政局联络员周九")

    question = await bot.say("wangwu", "不同意，请走正式申请")

    assert "1. 人员：区教育局联络员 孙八" in question and "2. 人员：区民政局联络员 周九" in question
    assert "已拒绝" in await bot.say("wangwu", "2")
    assert "未通过" in bot.pushes_to("other")[0] and "请走正式申请" in bot.pushes_to("other")[0]
    assert await bot.one(Person, user_id="other") is None
    assert await bot.one(Person, user_id="stranger") is not None


async def test_help_fits_the_role(bot):
    liaison = await bot.say("zhangsan", "帮助")
    office = await bot.say("wangwu", "help")
    director = await bot.say("zhaoliu", "机器人怎么用")
    stranger = await bot.say("stranger", "帮助")

    assert "填登记表" in liaison and "教育局5月中旬开秋季招生政策解读发布会" in liaison
    assert "哪些单位还没报登记表" in office and "审批" in office
    assert "本周还有发布会吗" in director
    assert "我是教育局联络员张三" in stranger


async def test_unsure_message_gets_one_numbered_question(bot):
    question = await bot.say("zhangsan", "发布会的事")

    assert "1. 登记一场新的" in question and "2. 查询" in question


async def test_out_of_range_choice_keeps_the_question(bot):
    await bot.say("zhangsan", "发布会的事")

    assert "请回复 1 到 5" in await bot.say("zhangsan", "9")
    assert (await bot.one(ConversationState)).form == "choice"


async def test_choice_cancelled_by_global_word(bot):
    await bot.say("zhangsan", "发布会的事")

    assert "已取消这次选择" in await bot.say("zhangsan", "取消")
    assert await bot.one(ConversationState) is None


async def test_console_speaks_as_anyone_in_the_directory(bot):
    bot.platform = "console"

    assert "已登记" in await bot.say("zhangsan", "我局6月份开发布会")


async def test_a_change_recomputes_the_events_reminders(bot):
    from bot.conversation.adapter import reminders_hook
    from store.models import Reminder

    bot.ctx.on_event_changed = reminders_hook()
    await bot.say("zhangsan", "我局4月24日上午9点开招生政策解读发布会")

    [event] = await bot.events()
    reminders = await bot.all(Reminder, event_id=event.id)
    assert reminders and {r.status for r in reminders} == {"pending"}


async def test_a_stale_state_cannot_overwrite_a_newer_one(bot, engine):
    """Two processes read the same state; the second to write loses and must read again."""
    import pytest

    from bot.conversation.locks import ConversationKey
    from bot.conversation.state import StateConflict, load_state, save_state
    from store.db import make_sessionmaker

    key, now, ttl = ConversationKey("wecom", "zhangsan", "zhangsan"), bot.clock.now(), timedelta(hours=24)
    maker = make_sessionmaker(engine)
    async with maker() as s, s.begin():
        await save_state(s, key, None, form="choice", step="pick", data={"n": 0}, now=now, ttl=ttl)
    async with maker() as first, maker() as second:
        theirs = await load_state(second, key)
        await second.commit()  # read, then the other process is slow to write
        mine = await load_state(first, key)
        await save_state(first, key, mine, form="choice", step="pick", data={"n": 1}, now=now, ttl=ttl)
        await first.commit()
        with pytest.raises(StateConflict):
            await save_state(second, key, theirs, form="choice", step="pick", data={"n": 2}, now=now, ttl=ttl)
    assert (await bot.one(ConversationState)).data == {"n": 1}
