"""Issue 14: the forms check what an officer would check, and say so in the officer's words.

One script per item: phone numbers, impossible dates, the summary showing what was written,
"已修改" after an edit, a refusal worded for the asker's role, the media prompt's punctuation.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from store.models import ConversationState
from tests.conversation.test_registration_form import QA, fill_to_summary, open_form

LONG_SUMMARY = ("本次发布会介绍2026年秋季义务教育阶段招生政策，包括划片范围调整、随迁子女入学、"
                "网上报名流程和咨询电话，并回答家长关心的热点问题。")


async def to_phone(bot):
    await open_form(bot)
    for text in ("李明", "副局长"):
        await bot.say("zhangsan", text)


async def test_phone_numbers_are_checked_as_an_officer_would(bot):
    await to_phone(bot)
    for given, why in (("1381234", "手机号应为11位，这里是7位"), ("138123456789", "手机号应为11位，这里是12位"),
                       ("2812345", "座机号前面要加区号"), ("0562281", "座机号应为区号加7～8位号码"),
                       ("电话待定", "号码里只能有数字")):
        answer = await bot.say("zhangsan", given)
        assert f"「{given}」不像是电话号码：{why}" in answer, answer
        assert "联系电话" in answer  # asked again
    assert "内容" in await bot.say("zhangsan", "0562-281 2345")
    assert (await bot.one(ConversationState)).data["values"]["contact_phone"] == "05622812345"


@pytest.mark.parametrize("mobile", ["139 1234 5678", "+86 139-1234-5678", "１３９１２３４５６７８"])
async def test_mobile_numbers_in_any_spelling(bot, mobile):
    await to_phone(bot)
    assert "内容" in await bot.say("zhangsan", mobile)
    assert (await bot.one(ConversationState)).data["values"]["contact_phone"] == "13912345678"


async def test_an_impossible_date_is_named_as_such(bot):
    await bot.say("zhangsan", "我局5月中旬开招生政策解读发布会")
    await bot.say("zhangsan", "填登记表")
    for text in ("李明", "副局长", "13800138000", "介绍"):
        await bot.say("zhangsan", text)

    # the form's time is of the event ahead: a February said in April is next year's
    for given, why in (("2月30日下午3点", "「2月30日」不存在：2027年2月只有28天"),
                       ("4月31日上午9点", "「4月31日」不存在：2026年4月只有30天"),
                       ("13月5日上午9点", "「13月5日」不存在：一年只有12个月，没有13月"),
                       ("二月三十日下午三点", "「二月三十日」不存在：2027年2月只有28天")):
        answer = await bot.say("zhangsan", given)
        assert why in answer and "不是具体时间" not in answer, answer
    assert "不是具体时间" in await bot.say("zhangsan", "5月中旬")  # a vague time is still called vague
    assert "举办地点" in await bot.say("zhangsan", "5月15日上午9点半")


async def test_the_summary_shows_what_was_written_shortened(bot):
    await open_form(bot)
    for text in ("李明", "副局长", "13800138000"):
        await bot.say("zhangsan", text)
    await bot.say("zhangsan", LONG_SUMMARY)
    for text in ("跳过", "区融媒体中心、区日报", "本报讯 " + "字" * 20, QA, "三张"):
        await bot.say("zhangsan", text)
    summary = await bot.say("zhangsan", "没有")
    while "请核对登记表" not in summary:  # the optional fields after it (备注 …)
        summary = await bot.say("zhangsan", "跳过")

    assert f"内容：{LONG_SUMMARY[:30]}…（共{len(LONG_SUMMARY)}字）" in summary, summary
    assert "新闻通稿：本报讯 " + "字" * 20 in summary  # short enough to show whole
    assert "已提供" not in summary


async def test_an_edit_is_confirmed_with_the_new_value(bot):
    await fill_to_summary(bot)

    assert "举办时间" in await bot.say("zhangsan", "改一下举办时间")
    answer = await bot.say("zhangsan", "4月21日下午3点")

    assert "已修改：举办时间为「2026年4月21日（周二）15:00」" in answer
    assert "请核对登记表" in answer  # back to the summary
    edited = await bot.say("zhangsan", "电话改成13912345678")
    assert "已修改：联系电话为「13912345678」" in edited


async def test_a_directors_refusal_is_worded_for_a_director(bot):
    answer = await bot.say("zhaoliu", "我局5月份开招生政策发布会")

    assert "单位负责人" in answer and "本单位联络员" in answer
    assert "联络员只能登记和修改本单位" not in answer
    liaison = await bot.say("zhangsan", "区民政局5月份开发布会")
    assert "联络员只能登记和修改本单位（区教育局）" in liaison


async def test_the_media_prompt_reads_as_one_sentence(bot):
    await bot.say("zhangsan", "我局4月14日上午9点在教育局三楼会议室开招生政策解读发布会，发布人：副局长 马超")
    bot.clock.advance(timedelta(hours=3))

    answer = await bot.say("zhangsan", "发布会刚开完，记者提了5个问题")

    assert "参加的媒体单位有哪些？请列出名称，用「、」或「，」分开" in answer, answer
    assert "？，" not in answer
