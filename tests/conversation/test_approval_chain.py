"""Approval in steps, as ``[approval]`` declares them: unit head → 分管领导 → 政务公开办 (with the
confidentiality check) → 宣传部 (copy). Each step is asked by chat, a refusal sends the form
back, the resubmission starts over from the first step; a waiting step is reminded."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from store.models import ApprovalStep, Event, EventChange, RegistrationForm, Status
from tests.conversation.test_registration_form import fill_to_summary

CHAIN = [{"name": "单位负责人", "role": "director"},
         {"name": "分管领导", "people": ["钱七"]},
         {"name": "政务公开办", "role": "office", "confidentiality": True},
         {"name": "宣传部", "people": ["李四"], "copy": True}]
chain_settings = pytest.mark.settings(PRESSBOT_APPROVAL=json.dumps({"steps": CHAIN}, ensure_ascii=False))


async def statuses(bot) -> list[tuple[int, str, str]]:
    steps = sorted(await bot.all(ApprovalStep), key=lambda s: (s.round, s.seq))
    return [(s.round, s.name, s.status) for s in steps]


@chain_settings
async def test_three_steps_with_a_refusal_and_a_resubmission(bot):
    await fill_to_summary(bot)
    await bot.say("zhangsan", "确认")

    [asked] = bot.pushes_to("zhaoliu")
    assert "第1/4步 单位负责人" in asked and "招生政策解读" in asked and "转交" in asked
    assert not bot.pushes_to("wangwu")  # the office's turn comes third

    assert "已同意" in await bot.say("zhaoliu", "同意")
    [asked] = bot.pushes_to("qianqi")
    assert "第2/4步 分管领导" in asked and "单位负责人：同意（赵六）" in asked

    refused = await bot.say("qianqi", "不同意，问答口径请再补充两个问题")
    assert "已退回" in refused
    [told] = bot.pushes_to("zhangsan")
    assert "未通过审批" in told and "分管领导：问答口径请再补充两个问题" in told
    assert (await bot.one(Event)).status == Status.SCHEDULED
    assert (await bot.one(RegistrationForm)).approval == "rejected"

    reopened = await bot.say("zhangsan", "填登记表")
    assert "已带出上次保存的" in reopened
    for _ in range(5):  # what was skipped is asked again; skipped again, the form goes to review
        if "请核对登记表" in await bot.say("zhangsan", "跳过"):
            break
    assert "已提交" in await bot.say("zhangsan", "确认")
    assert len(bot.pushes_to("zhaoliu")) == 2  # the new round starts at the first step again

    await bot.say("zhaoliu", "同意")
    await bot.say("qianqi", "同意，已补充")
    [asked] = bot.pushes_to("wangwu")
    assert "第3/4步 政务公开办" in asked and "国家秘密、商业秘密、个人隐私" in asked

    assert "需要确认保密审查" in await bot.say("wangwu", "同意")
    assert (await bot.one(Event)).status == Status.REGISTERED  # not yet: the check is required

    assert "已同意" in await bot.say("wangwu", "同意，已核查保密，无涉密内容")
    [copy] = bot.pushes_to("lisi")
    assert "抄送·宣传部" in copy
    told = bot.pushes_to("zhangsan")
    assert len(told) == 2 and "已通过审批" in told[1]
    assert (await bot.one(Event)).status == Status.APPROVED
    assert await statuses(bot) == [
        (1, "单位负责人", "approved"), (1, "分管领导", "rejected"), (1, "政务公开办", "stopped"),
        (1, "宣传部", "stopped"),
        (2, "单位负责人", "approved"), (2, "分管领导", "approved"), (2, "政务公开办", "approved"),
        (2, "宣传部", "informed")]
    history = [c.new_value for c in await bot.all(EventChange, field="approval_step")]
    assert "第1轮 2.分管领导：不同意，问答口径请再补充两个问题" in history
    assert "第2轮 3.政务公开办：同意，已核查保密，无涉密内容" in history


@chain_settings
async def test_a_step_is_passed_on_and_the_new_person_answers(bot):
    await fill_to_summary(bot)
    await bot.say("zhangsan", "确认")

    passed = await bot.say("zhaoliu", "转交 王五")

    assert "转交王五" in passed
    [asked] = bot.pushes_to("wangwu")
    assert "第1/4步 单位负责人" in asked
    assert "没有待审批" in await bot.say("zhaoliu", "同意")  # no longer his to answer
    await bot.say("wangwu", "同意")
    assert "第2/4步" in bot.pushes_to("qianqi")[0]


@chain_settings
@pytest.mark.transports("wecom", "dingtalk")
async def test_a_waiting_step_is_reminded(bot):
    await fill_to_summary(bot)
    await bot.say("zhangsan", "确认")

    await bot.procedure_round()
    assert len(bot.pushes_to("zhaoliu")) == 1  # asked just now: nothing to remind yet

    bot.clock.advance(timedelta(hours=25))
    report = await bot.procedure_round()
    await bot.procedure_round()  # the same hour again: no second reminder

    assert report.step_reminders == 1
    asked, reminded = bot.pushes_to("zhaoliu")
    assert "【催办】" in reminded and "单位负责人" in reminded and "25小时" in reminded


async def test_late_filing_is_accepted_and_flagged_to_the_office(bot):
    await bot.say("zhangsan", "我局4月16日下午3点在教育局三楼会议室开招生政策解读发布会")
    await bot.say("zhangsan", "填登记表")
    for text in ("李明", "副局长", "13800138000", "介绍今年招生政策"):
        await bot.say("zhangsan", text)
    while "请核对登记表" not in await bot.say("zhangsan", "跳过"):  # the optional fields, however many
        pass

    assert "已提交" in await bot.say("zhangsan", "确认")

    pushed = bot.pushes_to("wangwu")
    assert any("登记表待审批" in p for p in pushed)
    [late] = [p for p in pushed if "逾期报送" in p]
    assert "仅2天" in late and "规定须提前3天" in late and "晚了1天" in late
    [fact] = await bot.all(EventChange, field="late_filing")
    assert "晚1天" in fact.new_value
