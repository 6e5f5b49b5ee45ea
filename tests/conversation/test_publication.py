"""预告 and 实录 by reply: "预告已发 https://…" and "实录已发布（文字、图片、视频） https://…" record
them for the unit's next / latest event; what is late is reminded to the liaison."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.clock import DEFAULT_TZ
from store.models import EventChange, Publication


async def plan_event(bot):
    await bot.say("zhangsan", "我局4月20日下午3点在教育局三楼会议室开招生政策解读发布会")


async def test_preview_and_record_are_recorded_by_reply(bot):
    await plan_event(bot)

    preview = await bot.say("zhangsan", "预告已发 https://www.example.gov.cn/yg/123.html")
    assert "已记录" in preview and "预告已发布" in preview and "https://www.example.gov.cn/yg/123.html" in preview

    bot.clock.set(datetime(2026, 4, 21, 10, 0, tzinfo=DEFAULT_TZ))
    record = await bot.say("zhangsan", "实录已发布（文字、图片、视频） https://www.example.gov.cn/sl/456.html")
    assert "实录已发布" in record and "内容：文字、图片、视频" in record

    rows = {p.item: p for p in await bot.all(Publication)}
    assert rows["preview"].link == "https://www.example.gov.cn/yg/123.html"
    assert rows["record"].contents == ["文字", "图片", "视频"]
    assert rows["record"].published_at == bot.clock.now()
    history = {c.field: c.new_value for c in await bot.all(EventChange)}
    assert history["publication_record"].startswith("实录已发布 https://www.example.gov.cn/sl/456.html")


@pytest.mark.transports("wecom", "dingtalk")
async def test_late_items_are_reminded_once_to_the_liaison(bot):
    await plan_event(bot)

    bot.clock.set(datetime(2026, 4, 19, 16, 0, tzinfo=DEFAULT_TZ))  # 预告 due a day before
    first = await bot.procedure_round()
    assert first.publication_reminders == 1
    [reminder] = bot.pushes_to("zhangsan")
    assert "【预告提醒】" in reminder and "预告已发 https://" in reminder
    assert not bot.pushes_to("lisi")  # another unit's liaison hears nothing

    bot.clock.set(datetime(2026, 4, 24, 9, 0, tzinfo=DEFAULT_TZ))  # 实录 due 3 days after, not recorded
    late = await bot.procedure_round()
    await bot.procedure_round()
    assert late.publication_reminders == 1
    reminder = bot.pushes_to("zhangsan")[-1]
    assert "【实录逾期】" in reminder and "逾期" in reminder

    recorded = await bot.say("zhangsan", "实录已发布 https://www.example.gov.cn/sl/789.html")
    assert "晚了" in recorded
    assert (await bot.procedure_round()).publication_reminders == 0


async def test_an_interview_has_its_preview_its_record_and_its_video(bot):
    await bot.say("zhangsan", "我局4月16日上午10点做在线访谈，主题是暑期安全")
    bot.clock.set(datetime(2026, 4, 17, 9, 0, tzinfo=DEFAULT_TZ))

    record = await bot.say("zhangsan", "图文实录已发布 https://www.example.gov.cn/ft/1.html")
    video = await bot.say("zhangsan", "现场视频已发布 https://www.example.gov.cn/ft/1.mp4")

    assert "图文实录已发布" in record and "现场视频已发布" in video
    assert {p.item for p in await bot.all(Publication)} == {"record", "video"}
