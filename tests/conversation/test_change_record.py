"""Changes on record: a cancellation and a new topic are explained in writing to the office (and
宣传部), in one question; the history keeps who, when and why; time changes wait for the digest."""
from __future__ import annotations

from store.models import ConversationState, EventChange, Status


async def history(bot, field: str) -> list[EventChange]:
    [event] = await bot.events()
    return [c for c in await bot.all(EventChange, event_id=event.id) if c.field == field]


async def test_cancel_asks_one_question_then_files_the_reason(bot):
    await bot.say("zhangsan", "我局5月中旬开招生发布会")

    asked = await bot.say("zhangsan", "我局5月那场发布会取消了")

    assert "请用一句话说明取消的原因" in asked and "招生" in asked
    [event] = await bot.events()
    assert event.status == Status.PLANNED  # nothing changes before the reason
    answer = await bot.say("zhangsan", "因主要负责同志另有公务")

    assert "已取消" in answer and "原因：因主要负责同志另有公务" in answer
    assert "已书面报政务公开办，并抄送宣传部" in answer
    [office] = bot.pushes_to("wangwu")
    assert "活动取消说明" in office and "张三" in office and "招生" in office
    assert "取消原因：因主要负责同志另有公务" in office
    [copy] = bot.pushes_to("wushi")
    assert "取消原因：因主要负责同志另有公务" in copy
    [row] = await history(bot, "status")
    assert (row.new_value, row.actor, row.reason) == (Status.CANCELLED, "张三", "因主要负责同志另有公务")
    assert row.at is not None and row.inbound_id is not None
    assert await bot.one(ConversationState) is None


async def test_the_office_cancelling_is_not_told_to_report_to_itself(bot):
    await bot.say("zhangsan", "我局5月中旬开招生发布会")

    asked = await bot.say("wangwu", "取消区教育局5月的发布会")
    answer = await bot.say("wangwu", "因主要负责同志另有公务")

    assert "请用一句话说明取消的原因" in asked and "向政务公开办书面说明" not in asked, asked
    assert "已取消" in answer and "已记入变更记录" in answer and "报政务公开办" not in answer, answer
    [event] = await bot.events()
    assert event.status == Status.CANCELLED


async def test_a_reason_in_the_message_is_not_asked_again(bot):
    await bot.say("zhangsan", "我局5月中旬开招生发布会")

    answer = await bot.say("zhangsan", "我局5月那场发布会取消了，因为招生政策推迟出台")

    assert "已取消" in answer and "请用一句话" not in answer
    [row] = await history(bot, "status")
    assert row.reason == "招生政策推迟出台"
    assert len(bot.pushes_to("wangwu")) == 1


async def test_topic_change_by_chat(bot):
    await bot.say("zhangsan", "我局5月中旬开招生发布会")

    asked = await bot.say("zhangsan", "我局5月的发布会主题改成：义务教育招生政策解读")

    assert "请用一句话说明更换主题的原因" in asked and "义务教育招生政策解读" in asked
    answer = await bot.say("zhangsan", "按市局统一部署调整")

    assert "已更换主题" in answer and "原主题：招生" in answer and "新主题：义务教育招生政策解读" in answer
    [event] = await bot.events()
    assert event.topic == "义务教育招生政策解读" and event.status == Status.PLANNED
    [office] = bot.pushes_to("wangwu")
    assert "主题变更说明" in office and "由「招生」改为「义务教育招生政策解读」" in office
    assert "变更原因：按市局统一部署调整" in office
    assert len(bot.pushes_to("wushi")) == 1
    [row] = await history(bot, "topic")
    assert (row.old_value, row.new_value, row.reason, row.actor) == (
        "招生", "义务教育招生政策解读", "按市局统一部署调整", "张三")


async def test_another_topic_with_the_reason_in_one_message(bot):
    await bot.say("zhangsan", "我局6月份开招生发布会")

    answer = await bot.say("zhangsan", "换个主题：课后服务，因为招生政策已在3月发布")

    assert "已更换主题" in answer and "新主题：课后服务" in answer
    [row] = await history(bot, "topic")
    assert row.reason == "招生政策已在3月发布"


async def test_leaving_the_question_changes_nothing(bot):
    await bot.say("zhangsan", "我局5月中旬开招生发布会")
    await bot.say("zhangsan", "我局5月那场发布会取消了")

    await bot.say("zhangsan", "退出")

    [event] = await bot.events()
    assert event.status == Status.PLANNED and bot.pushes_to("wangwu") == []


async def test_a_time_change_is_not_told_at_once(bot):
    await bot.say("zhangsan", "我局6月份开发布会")

    answer = await bot.say("zhangsan", "我局6月的发布会改到7月上旬")

    assert "已改期" in answer and "改期备案" in answer
    assert bot.pushes_to("wangwu") == []  # it goes into the office's daily digest


async def test_a_topic_change_among_several_asks_which_then_why(bot):
    await bot.say("zhangsan", "我局5月上旬开招生发布会")
    await bot.say("zhangsan", "我局5月下旬开资助发布会")

    question = await bot.say("zhangsan", "我局5月的发布会主题改成：学生资助政策解读")

    assert "要更换主题的是哪一场" in question and "1." in question and "2." in question
    asked = await bot.say("zhangsan", "2")
    assert "请用一句话说明更换主题的原因" in asked and "资助" in asked
    answer = await bot.say("zhangsan", "资助政策有新文件")
    assert "新主题：学生资助政策解读" in answer
    topics = sorted(e.topic for e in await bot.events())
    assert topics == ["学生资助政策解读", "招生"]


async def test_someone_elses_event_is_not_theirs_to_change(bot):
    await bot.say("lisi", "民政局6月份开婚姻登记发布会")

    answer = await bot.say("zhangsan", "民政局6月的发布会主题改成：结婚登记")

    assert "没有修改区民政局安排的权限" in answer
    [event] = await bot.events()
    assert event.topic == "婚姻登记" and bot.pushes_to("wangwu") == []


async def test_a_question_instead_of_the_reason_is_answered_and_changes_nothing(bot):
    await bot.say("zhangsan", "我局5月中旬开招生发布会")
    assert "原因" in await bot.say("zhangsan", "我局5月的发布会主题改成：义务教育招生政策解读")

    answer = await bot.say("zhangsan", "教育局今年有几场")

    assert "已放弃" in answer and "未作改动" in answer and "1场" in answer
    [event] = await bot.events()
    assert event.topic == "招生" and not await history(bot, "topic")
    assert await bot.form("zhangsan") is None


async def test_a_new_cancel_instead_of_the_reason_is_handled_as_such(bot):
    await bot.say("zhangsan", "我局5月中旬开招生发布会")
    await bot.say("zhangsan", "我局5月那场发布会取消了")

    answer = await bot.say("zhangsan", "本月有哪些发布会")

    assert "已放弃" in answer
    assert [e.status for e in await bot.events()] == [Status.PLANNED]
