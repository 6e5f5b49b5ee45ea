"""登记表 by chat: one field at a time, skip/back/edit/cancel, materials checked, office approves."""
from __future__ import annotations

from datetime import timedelta

from store.models import ConversationState, Event, RegistrationForm, Status

QA = "问：今年招生有什么变化？\n答：新增两所学校。\n问：怎么报名？\n答：网上报名。"


async def open_form(bot, user="zhangsan"):
    await bot.say(user, "我局4月20日下午3点在教育局三楼会议室开招生政策解读发布会")
    return await bot.say(user, "填登记表")


async def fill_to_summary(bot):
    await open_form(bot)
    for text in ("李明", "副局长", "13800138000", "介绍今年招生政策", "跳过", "区融媒体中心、区日报，区电视台",
                 "跳过", QA, "三张", "没有"):
        await bot.say("zhangsan", text)
    return await bot.say("zhangsan", "会后安排记者实地采访")


async def test_opens_prefilled_from_the_event_and_asks_the_first_missing_field(bot):
    answer = await open_form(bot)

    assert "开始填写登记表" in answer and "2026年4月20日（周一）15:00" in answer
    assert "负责人姓名" in answer and "【3/15】" in answer


async def test_whole_form_to_approval(bot):
    summary = await fill_to_summary(bot)

    assert "请核对登记表" in summary
    assert "全称：招生政策解读新闻发布会" in summary and "联系电话：13800138000" in summary
    assert "拟邀请新闻单位：区融媒体中心、区日报、区电视台" in summary
    assert "拟邀请领导及来宾：（未填）（已跳过）" in summary
    assert "问答2组" in summary and "照片3/3张" in summary
    assert "备注：会后安排记者实地采访" in summary

    answer = await bot.say("zhangsan", "确认")

    assert "已提交" in answer and "审批" in answer
    [request] = bot.pushes_to("wangwu")
    assert "登记表待审批" in request and "张三" in request and "同意" in request
    form = await bot.one(RegistrationForm)
    assert form.contact_phone == "13800138000" and form.invited_media == ["区融媒体中心", "区日报", "区电视台"]
    assert form.questions[1] == {"q": "怎么报名？", "a": "网上报名。"} and form.photo_count == 3
    assert form.has_video is False and form.approval == "pending"
    assert form.remarks == "会后安排记者实地采访"
    assert (await bot.one(Event)).status == Status.REGISTERED
    assert await bot.one(ConversationState) is None

    verdict = await bot.say("wangwu", "同意")

    assert "已同意" in verdict
    [told] = bot.pushes_to("zhangsan")
    assert "已通过审批" in told
    assert (await bot.one(Event)).status == Status.APPROVED
    assert (await bot.one(RegistrationForm)).approval == "approved"


async def test_rejection_with_reason_and_refill(bot):
    await fill_to_summary(bot)
    await bot.say("zhangsan", "确认")

    assert "原因" in await bot.say("wangwu", "不同意")
    verdict = await bot.say("wangwu", "不同意，通稿请补充数据")

    assert "已退回" in verdict
    [told] = bot.pushes_to("zhangsan")
    assert "未通过" in told and "通稿请补充数据" in told
    assert (await bot.one(Event)).status == Status.SCHEDULED
    again = await bot.say("zhangsan", "填登记表")
    assert "已带出上次保存的" in again and "负责人姓名" in again
    assert "拟邀请的领导及来宾" in again  # what was skipped is asked again


async def test_phone_checked_and_press_release_counted(bot):
    await open_form(bot)
    assert "不像是姓名" in await bot.say("zhangsan", "秋季招生政策解读新闻发布会的负责人")
    for text in ("李明", "副局长"):
        await bot.say("zhangsan", text)

    assert "不像是电话号码" in await bot.say("zhangsan", "12345")
    assert "负责人职务" not in await bot.say("zhangsan", "0755-1234 5678")
    await bot.say("zhangsan", "介绍")
    await bot.say("zhangsan", "跳过")
    await bot.say("zhangsan", "跳过")
    too_long = await bot.say("zhangsan", "字" * 1201)
    assert "共1201字，超过了1200字" in too_long
    assert "请粘贴准备的问答" in await bot.say("zhangsan", "字" * 1200)  # exactly the limit
    assert "至少需要2组，目前识别到1组" in await bot.say("zhangsan", "问：一？\n答：二。")
    long_answer = QA.replace("网上报名。", "长" * 501)
    assert "第2个问题的答案共501字" in await bot.say("zhangsan", long_answer)
    form_state = await bot.one(ConversationState)
    assert form_state.step == "questions"
    assert form_state.data["values"]["contact_phone"] == "075512345678"


async def test_exact_time_required(bot):
    await bot.say("zhangsan", "我局5月中旬开招生政策解读发布会")
    await bot.say("zhangsan", "填登记表")
    for text in ("李明", "副局长", "13800138000", "介绍"):
        answer = await bot.say("zhangsan", text)
    assert "举办时间" in answer

    assert "不是具体时间" in await bot.say("zhangsan", "5月中旬")
    assert "举办地点" in await bot.say("zhangsan", "5月15日上午9点半")
    state = await bot.one(ConversationState)
    assert state.data["values"]["held_at"].startswith("2026-05-15T09:30")


async def test_back_and_edit(bot):
    await open_form(bot)
    await bot.say("zhangsan", "李明")
    back = await bot.say("zhangsan", "上一步")
    assert "负责人姓名" in back and "当前：李明" in back
    assert "负责人职务" in await bot.say("zhangsan", "李华")

    await bot.say("zhangsan", "副局长")
    assert "负责人姓名" in await bot.say("zhangsan", "改一下姓名")
    assert "联系电话" in await bot.say("zhangsan", "李强")  # back to where the edit began
    await bot.say("zhangsan", "13800138000")
    edited = await bot.say("zhangsan", "电话改成13912345678")
    assert "内容" in edited
    state = await bot.one(ConversationState)
    assert state.data["values"]["contact_name"] == "李强"
    assert state.data["values"]["contact_phone"] == "13912345678"


async def test_an_edit_with_a_colon_keeps_the_colon_out_of_the_value(bot):
    """"电话改成：139…" and "修改负责人姓名为：王强" store the value, not "：139…"."""
    await open_form(bot)
    for said in ("李明", "副局长", "13800138000"):
        await bot.say("zhangsan", said)
    await bot.say("zhangsan", "电话改成：13912345678")
    await bot.say("zhangsan", "修改负责人姓名为：王强")
    await bot.say("zhangsan", "职务改为: 局长")
    values = (await bot.one(ConversationState)).data["values"]
    assert (values["contact_phone"], values["contact_name"], values["contact_title"]) == \
        ("13912345678", "王强", "局长"), values


async def test_skip_on_a_required_field_with_a_value_keeps_it(bot):
    """Back on 负责人姓名 (当前：李明), "跳过" goes on with 李明 instead of "必填项，不能跳过"."""
    await open_form(bot)
    await bot.say("zhangsan", "李明")
    assert "当前：李明" in await bot.say("zhangsan", "上一步")

    answer = await bot.say("zhangsan", "跳过")

    assert "不能跳过" not in answer and "负责人职务" in answer, answer
    assert (await bot.one(ConversationState)).data["values"]["contact_name"] == "李明"


async def test_edit_from_summary_returns_to_summary(bot):
    await fill_to_summary(bot)

    assert "当前：13800138000" in await bot.say("zhangsan", "修改电话")
    summary = await bot.say("zhangsan", "13912345678")

    assert "请核对登记表" in summary and "联系电话：13912345678" in summary


async def test_required_field_cannot_be_skipped(bot):
    await open_form(bot)

    assert "必填项" in await bot.say("zhangsan", "跳过")


async def test_cancel_drops_the_form(bot):
    await open_form(bot)
    await bot.say("zhangsan", "李明")

    answer = await bot.say("zhangsan", "算了")

    assert "已取消填写登记表" in answer
    assert await bot.one(ConversationState) is None
    assert await bot.one(RegistrationForm) is None
    assert "没有正在进行" in await bot.say("zhangsan", "取消")


async def test_help_inside_a_form_keeps_it_open(bot):
    await open_form(bot)

    answer = await bot.say("zhangsan", "帮助")

    assert "您正在填写登记表" in answer
    assert "负责人职务" in await bot.say("zhangsan", "李明")


async def test_form_survives_a_restart(bot):
    await open_form(bot)
    await bot.say("zhangsan", "李明")

    await bot.restart()  # through the routes: the server stops, a new app starts on the same database

    assert "联系电话" in await bot.say("zhangsan", "副局长")
    state = await bot.one(ConversationState)
    assert state.data["values"]["contact_name"] == "李明"


async def test_expired_form_keeps_a_draft_and_says_so_once(bot):
    await open_form(bot)
    await bot.say("zhangsan", "李明")
    bot.clock.advance(timedelta(hours=25))

    answer = await bot.say("zhangsan", "本月有哪些发布会")

    assert "超过24小时未完成" in answer and "负责人姓名" in answer
    assert "招生政策解读" in answer  # and the question is answered
    assert "超过24小时" not in await bot.say("zhangsan", "本月有哪些发布会")
    draft = await bot.one(RegistrationForm)
    assert draft.contact_name == "李明" and draft.submitted_at is None
    again = await bot.say("zhangsan", "填登记表")
    assert "已带出上次保存的" in again and "负责人职务" in again


async def test_a_choice_not_answered_lets_the_message_through(bot):
    await bot.say("zhangsan", "我局5月上旬开招生发布会")
    await bot.say("zhangsan", "我局5月下旬开资助发布会")
    assert "哪一场" in await bot.say("zhangsan", "填登记表")

    answer = await bot.say("zhangsan", "本月有哪些发布会")

    assert "没有" in answer and await bot.one(ConversationState) is None


async def test_confirming_at_the_remarks_question_is_not_a_remark(bot):
    await open_form(bot)
    for text in ("李明", "副局长", "13800138000", "介绍今年招生政策", "跳过", "区日报", "跳过", QA, "三张", "没有"):
        await bot.say("zhangsan", text)

    answer = await bot.say("zhangsan", "确认")

    assert "没有请回复「跳过」" in answer
    assert "请核对登记表" in await bot.say("zhangsan", "跳过")
