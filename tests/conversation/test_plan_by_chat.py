"""The annual plan sent in chat, through both platforms: the office sends the .xlsx plan, sees the
preview (rows, new units) with "1. 确认导入" / "2. 取消", and only 确认导入 writes the register;
a liaison's .docx is still a material."""
from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest

from store.models import ConversationState, Event, Material, Unit
from tests.conversation.test_materials import DOCX, RELEASE, plan_event

pytestmark = pytest.mark.transports("wecom", "dingtalk")  # files come only through a platform

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "发布会"
    sheet.append(["2026年某区政府新闻发布会计划"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "牵头发布单位", "拟发布时间", "发布主题", "发布人"])
    sheet.append([1, "区教育局", "2026年6月", "暑期托管服务安排", "副局长 林静"])
    sheet.append([2, "区民政局", "2026年7月中旬", "养老服务补贴政策", "局长 钱晓红"])
    sheet.append([3, "区司法局", "2026年三季度", "公共法律服务体系建设", "副局长 吴斌"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_the_office_sends_the_plan_sees_the_preview_and_confirms(bot):
    preview = await bot.send_file("wangwu", "2026年发布会计划.xlsx", plan_xlsx(), XLSX)

    assert "收到年度计划「2026年发布会计划.xlsx」" in preview
    assert "暑期托管服务安排" in preview and "养老服务补贴政策" in preview and "公共法律服务体系建设" in preview
    assert "区司法局【新单位】" in preview
    assert "新单位 1 个（目录中没有）：区司法局" in preview
    assert "共 3 行可导入，确认后新建 1 个单位" in preview
    assert "1. 确认导入" in preview and "2. 取消" in preview
    assert await bot.all(Event) == [] and await bot.all(Unit, name="区司法局") == []
    assert await bot.all(Material) == []

    done = await bot.say("wangwu", "1")

    assert "已导入年度计划「2026年发布会计划.xlsx」（2026年度）：新增 3 场" in done
    assert "新建单位 1 个：区司法局" in done
    events = {e.topic: e for e in await bot.all(Event)}
    assert set(events) == {"暑期托管服务安排", "养老服务补贴政策", "公共法律服务体系建设"}
    assert all(e.kind == "press_conference" and e.plan_year == 2026 for e in events.values())
    assert len(await bot.all(Unit, name="区司法局")) == 1
    assert await bot.all(ConversationState) == []  # the file's bytes are gone with the question

    listing = await bot.say("wangwu", "三季度的发布会")
    assert "公共法律服务体系建设" in listing


async def test_the_office_cancels_and_nothing_is_written(bot):
    preview = await bot.send_file("wangwu", "计划.xlsx", plan_xlsx(), XLSX)
    assert "2. 取消" in preview
    waiting = await bot.all(ConversationState)
    assert len(waiting) == 1  # the file waits in the database, not in memory

    cancelled = await bot.say("wangwu", "2")

    assert "已取消，年度计划「计划.xlsx」未导入任何内容" in cancelled
    assert await bot.all(Event) == [] and await bot.all(Unit, name="区司法局") == []
    assert await bot.all(ConversationState) == []
    await bot.say("wangwu", "1")  # the question is gone: a late "1" imports nothing
    assert await bot.all(Event) == []


async def test_the_plan_waits_no_longer_than_half_an_hour(bot):
    await bot.send_file("wangwu", "计划.xlsx", plan_xlsx(), XLSX)
    bot.clock.advance(timedelta(minutes=31))

    late = await bot.say("wangwu", "1")

    assert "导入确认已过期" in late and "未导入任何内容" in late
    assert await bot.all(Event) == []


async def test_a_liaisons_docx_is_still_a_material(bot):
    await plan_event(bot)

    release = await bot.send_file("zhangsan", "新闻通稿.docx", RELEASE, DOCX)

    assert "已收到新闻通稿：新闻通稿.docx" in release and "确认导入" not in release
    assert [m.kind for m in await bot.all(Material)] == ["press_release"]


async def test_an_office_docx_without_a_plan_table_is_not_a_plan(bot):
    answer = await bot.send_file("wangwu", "新闻通稿.docx", RELEASE, DOCX)

    assert "确认导入" not in answer and "年度计划" not in answer
    assert await bot.all(ConversationState) == []


async def test_a_restart_between_preview_and_confirmation_loses_nothing(bot):
    await bot.send_file("wangwu", "计划.xlsx", plan_xlsx(), XLSX)

    await bot.restart()
    done = await bot.say("wangwu", "确认导入")  # the option's words as good as its number

    assert "新增 3 场" in done
    assert len(await bot.all(Event)) == 3


async def test_the_offices_word_notice_with_the_plan_is_a_plan(bot, tmp_path):
    from tests.store.plan_files import DOCX_PRESS_WANT, DOCX_TALK_WANT, build_docx_notice

    build_docx_notice(tmp_path / "通知.docx")
    preview = await bot.send_file("wangwu", "关于印发2026年度计划的通知.docx", (tmp_path / "通知.docx").read_bytes(),
                                  DOCX)
    want = DOCX_PRESS_WANT + DOCX_TALK_WANT
    assert f"共 {len(want)} 行可导入" in preview and "1. 确认导入" in preview
    assert all(w.topic in preview for w in want)

    await bot.say("wangwu", "1")

    assert sorted(e.topic for e in await bot.all(Event)) == sorted(w.topic for w in want)
    assert await bot.all(Material) == []
