"""The dispatcher: groups, chatter, duplicates, two people at once, strangers, help, clarifying."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from store.models import ConversationState, InboundMessage, Reminder

GROUP = "chat-press-office"


@pytest.mark.transports("dingtalk", "postgresql")  # WeCom's robot never hears a group message without @
async def test_group_message_not_addressed_is_ignored(bot):
    assert await bot.talk("zhangsan", "我局6月份开发布会", chat=GROUP, mentioned=False) == []
    assert bot.sent() == [] and await bot.events() == []


@pytest.mark.transports("dingtalk", "postgresql")  # WeCom's robot never hears a group message without @
async def test_group_chatter_without_a_mention_is_never_answered(bot):
    for text in ("收到", "好的", "辛苦了", "谢谢"):
        assert await bot.talk("zhangsan", text, chat=GROUP, mentioned=False) == []
    assert bot.sent() == []


async def test_a_greeting_in_a_group_gets_one_friendly_line_when_the_bot_is_mentioned(bot):
    for text in ("收到", "谢谢", "@助手 你好"):
        [answer] = await bot.talk("zhangsan", text, chat=GROUP)
        assert len(answer) < 80 and "没太明白" not in answer
    assert await bot.events() == []


async def test_one_to_one_chatter_gets_a_pointer_to_help(bot):
    assert "帮助" in await bot.say("zhangsan", "好的")


async def test_mention_is_stripped(bot):
    answer = await bot.say("zhangsan", "@新闻发布助手 我局6月份开发布会", chat=GROUP)

    assert "已登记" in answer


async def test_a_message_delivered_twice_is_answered_once(bot):
    first = await bot.say("zhangsan", "我局6月份开发布会", message_id="wx-1")
    second = await bot.talk("zhangsan", "我局6月份开发布会", message_id="wx-1")  # the platform's retry

    assert "已登记" in first and second == [] and len(bot.sent()) == 1
    assert len(await bot.events()) == 1
    [row] = await bot.all(InboundMessage)
    assert row.status == "handled"


async def test_a_retry_after_a_restart_is_still_answered_once(bot):
    await bot.say("zhangsan", "我局6月份开发布会", message_id="wx-4")
    await bot.restart()

    assert await bot.talk("zhangsan", "我局6月份开发布会", message_id="wx-4") == []
    assert len(await bot.events()) == 1 and len(bot.sent()) == 1


async def test_the_same_message_twice_at_once_writes_once(bot):
    answers = await asyncio.gather(bot.talk("zhangsan", "我局6月份开发布会", message_id="wx-2"),
                                   bot.talk("zhangsan", "我局6月份开发布会", message_id="wx-2"))

    assert sorted(len(a) for a in answers) == [0, 1] and len(bot.sent()) == 1
    assert len(await bot.events()) == 1


async def test_the_same_message_handled_twice_at_once_in_the_core(core):
    """Two handlings of one stored message at once (two processes' inbox loops): one claims it."""
    row_id = await core.inbox.accept(core.incoming("zhangsan", "我局6月份开发布会", message_id="wx-3"))
    assert row_id is not None

    answers = await asyncio.gather(core.handle(row_id), core.handle(row_id))

    # one answer queued, one event written: on SQLite the second waits and finds it handled, on
    # PostgreSQL it skips the row the first holds (FOR UPDATE SKIP LOCKED) and reads back nothing yet
    answered = [a for a in answers if a]
    assert answered and all(a == answered[0] for a in answered)
    assert len(answered[0]) == 1 and "已登记" in answered[0][0]
    assert await core.handle(row_id) == answered[0]  # read back once both are done: still one
    assert len(await core.events()) == 1


async def test_two_liaisons_fill_forms_in_one_group_at_once(bot):
    await bot.say("zhangsan", "我局4月20日下午3点在教育局三楼会议室开招生政策解读发布会")
    await bot.say("lisi", "民政局4月22日上午10点在民政局会议室开婚姻登记便民措施发布会")
    await bot.say("zhangsan", "填登记表", chat=GROUP)
    await bot.say("lisi", "填登记表", chat=GROUP)

    a, b = await asyncio.gather(bot.say("zhangsan", "李明", chat=GROUP), bot.say("lisi", "孙丽", chat=GROUP))
    await asyncio.gather(bot.say("zhangsan", "副局长", chat=GROUP), bot.say("lisi", "局长", chat=GROUP))

    assert "负责人职务" in a and "负责人职务" in b
    zhangsan, lisi = (await bot.form("zhangsan", GROUP)).data["values"], (await bot.form("lisi", GROUP)).data["values"]
    assert zhangsan["contact_name"] == "李明" and lisi["contact_name"] == "孙丽"
    assert lisi["contact_title"] == "局长"
    assert zhangsan["host_unit"] == "区教育局" and lisi["host_unit"] == "区民政局"
    # the same person in a one-to-one chat has no form open there
    assert "没有正在进行" in await bot.say("zhangsan", "取消")


async def test_an_answer_in_a_group_stays_in_the_group_after_a_notice(bot, request):
    """The expiry notice and the answer are two messages; both belong in the group."""
    # WeCom groups: the robot's response_url takes one message, so the replies are merged
    await bot.say("zhangsan", "我局4月20日下午3点在教育局三楼会议室开招生政策解读发布会")
    await bot.say("zhangsan", "填登记表", chat=GROUP)
    await bot.say("zhangsan", "李明", chat=GROUP)
    bot.clock.advance(timedelta(hours=25))

    answer = await bot.say("zhangsan", "本月有哪些发布会", chat=GROUP)

    assert "超过24小时未完成" in answer and "招生政策解读" in answer
    assert bot.pushes_to("zhangsan") == []


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
    person = await bot.person("stranger")
    assert person.active and person.unit.name == "区教育局"


async def test_office_chooses_when_several_things_wait(bot):
    await bot.say("stranger", "我是教育局联络员孙八")
    await bot.say("other", "我是民政局联络员周九")

    question = await bot.say("wangwu", "不同意，请走正式申请")

    assert "1. 人员：区教育局联络员 孙八" in question and "2. 人员：区民政局联络员 周九" in question
    assert "已拒绝" in await bot.say("wangwu", "2")
    [told] = bot.pushes_to("other")
    assert "未通过" in told and "请走正式申请" in told
    assert await bot.person("other") is None
    assert await bot.person("stranger") is not None


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
    assert (await bot.form("zhangsan")).form == "choice"


async def test_choice_cancelled_by_global_word(bot):
    await bot.say("zhangsan", "发布会的事")

    assert "已取消这次选择" in await bot.say("zhangsan", "取消")
    assert await bot.one(ConversationState) is None


async def test_console_speaks_as_anyone_in_the_directory(core):
    core.channel = "console"

    assert "已登记" in await core.say("zhangsan", "我局6月份开发布会")


async def test_a_change_recomputes_the_events_reminders(bot):
    await bot.say("zhangsan", "我局4月24日上午9点开招生政策解读发布会")

    [event] = await bot.events()
    reminders = await bot.all(Reminder, event_id=event.id)
    assert reminders and {r.status for r in reminders} == {"pending"}


async def test_a_stale_state_cannot_overwrite_a_newer_one(core, engine):
    """Two processes read the same state; the second to write loses and must read again."""
    from bot.conversation.locks import ConversationKey
    from bot.conversation.state import StateConflict, load_state, save_state
    from store.db import make_sessionmaker

    key, now, ttl = ConversationKey("wecom", "zhangsan", "zhangsan"), core.clock.now(), timedelta(hours=24)
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
    assert (await core.one(ConversationState)).data == {"n": 1}


async def test_a_greeting_one_to_one_gets_a_friendly_line_with_the_name(bot):
    answer = await bot.say("zhangsan", "你好")

    assert "张三" in answer and "帮助" in answer and await bot.form("zhangsan") is None


async def test_a_liaisons_agreement_is_no_verdict_and_no_question(bot):
    await bot.say("zhangsan", "同意")
    await bot.say("zhangsan", "不同意，材料不全")

    assert await bot.form("zhangsan") is None
    assert all("1." not in text for text in bot.sent())
