"""report and the 统计表: prefilled from the event and the message; skip/back/edit/cancel; reported."""
from __future__ import annotations

from datetime import timedelta

from store.models import ConversationState, Event, StatisticsForm, Status


async def held_this_morning(bot):
    await bot.say("zhangsan", "我局4月14日上午9点在教育局三楼会议室开招生政策解读发布会，发布人：副局长 马超")
    bot.clock.advance(timedelta(hours=3))


async def test_report_prefills_and_asks_for_the_media_names(bot):
    await held_this_morning(bot)

    answer = await bot.say("zhangsan", "发布会刚开完，来了8家媒体，记者提了5个问题")

    assert "开始填写统计表" in answer and "招生政策解读" in answer
    assert "请列出到场的8家媒体名称" in answer
    state = await bot.one(ConversationState)
    assert state.data["values"]["reporter_question_count"] == 5
    assert state.data["values"]["has_reporter_questions"] is True


async def test_whole_statistics_form_marks_the_event_reported(bot):
    await held_this_morning(bot)
    await bot.say("zhangsan", "发布会刚开完，来了3家媒体，记者提了五个问题")

    asked = await bot.say("zhangsan", "区融媒体中心、区日报，区电视台")
    assert "主要负责同志" in asked and "是否出席" in asked
    assert "姓名、职务" in await bot.say("zhangsan", "是")
    summary = await bot.say("zhangsan", "局长 王强")

    assert "请核对统计表" in summary
    assert "媒体单位：区融媒体中心、区日报、区电视台" in summary
    assert "记者提问个数：5" in summary and "发布人：副局长 马超" in summary
    assert "时间：2026年4月14日（周二）09:00" in summary
    assert "主要负责同志是否出席：是" in summary and "局长 王强" in summary
    answer = await bot.say("zhangsan", "确认")

    assert "统计表已提交" in answer and "已报统计" in answer
    form = await bot.one(StatisticsForm)
    assert form.media == ["区融媒体中心", "区日报", "区电视台"] and form.reporter_question_count == 5
    assert form.submitted_at is not None and form.unit_name == "区教育局"
    event = await bot.one(Event)
    assert event.status == Status.REPORTED
    assert (event.principal_spoke, event.principal_name) == (True, "局长 王强")


async def test_principal_not_present_asks_no_name(bot):
    await held_this_morning(bot)
    await bot.say("zhangsan", "发布会刚开完，来了1家媒体，记者提了2个问题")
    assert "是否出席" in await bot.say("zhangsan", "区日报")

    summary = await bot.say("zhangsan", "否")

    assert "请核对统计表" in summary and "主要负责同志是否出席：否" in summary
    assert "姓名、职务" not in summary
    await bot.say("zhangsan", "确认")
    event = await bot.one(Event)
    assert (event.principal_spoke, event.principal_name) == (False, None)


async def test_netizens_questions_are_not_reporters_questions(bot):
    await held_this_morning(bot)

    await bot.say("zhangsan", "发布会刚开完，记者提了3个问题，网友提了12个问题")

    values = (await bot.one(ConversationState)).data["values"]
    assert values["reporter_question_count"] == 3
    assert "netizen_question_count" not in values  # a press conference has no netizens' count


async def test_media_count_mismatch_is_pointed_out(bot):
    await held_this_morning(bot)
    await bot.say("zhangsan", "发布会刚开完，来了8家媒体，记者提了5个问题")

    await bot.say("zhangsan", "区日报、区电视台")
    summary = await bot.say("zhangsan", "否")

    assert "您说到场8家媒体，名单里是2家" in summary


async def test_edit_back_and_no_questions(bot):
    await held_this_morning(bot)
    await bot.say("zhangsan", "发布会开完了，要报统计")
    assert "是否设记者提问" in await bot.say("zhangsan", "区日报")
    without = await bot.say("zhangsan", "否")
    assert "是否出席" in without and "记者提问了几个" not in without  # no count asked
    summary_after_no = await bot.say("zhangsan", "上一步")
    assert "是否设记者提问" in summary_after_no

    summary = await bot.say("zhangsan", "是")
    assert "记者提问了几个问题" in summary
    assert "是否出席" in await bot.say("zhangsan", "十二个")
    summary = await bot.say("zhangsan", "否")
    assert "记者提问个数：12" in summary

    assert "媒体单位" in await bot.say("zhangsan", "修改媒体")
    summary = await bot.say("zhangsan", "区日报、区融媒体中心")
    assert "媒体单位：区日报、区融媒体中心" in summary and "请核对统计表" in summary


async def test_cancel_statistics_form(bot):
    await held_this_morning(bot)
    await bot.say("zhangsan", "发布会刚开完，来了8家媒体，记者提了5个问题")

    assert "已取消填写统计表" in await bot.say("zhangsan", "退出")
    assert (await bot.one(Event)).status == Status.SCHEDULED
    assert await bot.one(StatisticsForm) is None


async def test_online_interview_asks_its_own_fields(bot):
    await bot.say("qianqi", "卫健委今天上午9点做网上访谈，谈谈家庭医生签约服务")
    bot.clock.advance(timedelta(hours=3))

    opened = await bot.say("qianqi", "访谈做完了，要报统计，网友提了12个问题")
    assert "发布人（嘉宾）" in opened and "媒体" not in opened and "主要负责同志" not in opened
    values = (await bot.one(ConversationState)).data["values"]
    assert values["netizen_question_count"] == 12 and "reporter_question_count" not in values
    assert "网上访谈还是微视频访谈" in await bot.say("qianqi", "主任 王芳")
    assert "访谈链接" in await bot.say("qianqi", "网上")
    summary = await bot.say("qianqi", "跳过")
    assert "网友提问个数：12" in summary and "链接：（未填）（已跳过）" in summary


async def test_nothing_to_report(bot):
    answer = await bot.say("zhangsan", "发布会刚开完，来了8家媒体")

    assert "没有找到区教育局近期已举办" in answer
