"""“导出上半年统计表” in chat: the file reaches the fake platform (or a link does), for the
office only, once, also after a failed upload or a restart."""
from __future__ import annotations

from datetime import timedelta

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select
from yarl import URL

from bot.app import DB, INBOX, WORKER, create_app
from bot.settings import load_settings
from store.models import OutboxFile, Person
from tests.channels.conftest import create_schema
from tests.exports.export_readers import read_docx, read_sheets
from tests.exports_chat.conftest import HELD_TOPICS_H1, by_topic, seed


def held_topics(data: bytes) -> set[str]:
    return set().union(*(by_topic(sheet.rows) for sheet in read_sheets(data).values()))


async def file_rows_left(bot) -> int:
    async with bot.app[DB].sessions() as session:
        return await session.scalar(select(func.count()).select_from(OutboxFile))


async def test_wecom_office_gets_the_half_year_table_as_a_file(start, db_url, wecom_api):
    bot = await start(db_url)
    await bot.wecom_says("wangwu", "导出上半年统计表")
    await bot.settle()

    said, sent_file = wecom_api.sent
    assert said.body["touser"] == "wangwu" and "2026年上半年的统计表" in said.content
    assert "共收录已举办的活动 2 场" in said.content
    assert sent_file.body["msgtype"] == "file" and sent_file.body["touser"] == "wangwu"
    [upload] = wecom_api.uploads.values()
    assert upload.media_id == sent_file.media_id and upload.type == "file"
    assert upload.filename == "2026年上半年统计表.xlsx"
    assert held_topics(upload.content) == HELD_TOPICS_H1
    assert await file_rows_left(bot) == 0  # the bytes are dropped once sent


async def test_dingtalk_office_gets_the_file_one_to_one(bot, dingtalk):
    await bot.dingtalk_says("boss", "导出2026年统计表")
    await bot.settle()

    [(sent, upload)] = dingtalk.files()
    assert sent.api == "oto" and sent.body["userIds"] == ["boss"] and sent.body["robotCode"] == "ding-key"
    assert sent.file == {"mediaId": upload.media_id, "fileName": "2026年度统计表.xlsx", "fileType": "xlsx"}
    assert held_topics(upload.content) == HELD_TOPICS_H1  # 2026: last year's event is not in it
    assert any("2026年度的统计表" in text for text in dingtalk.contents("session"))


async def test_dingtalk_group_gets_the_file_in_the_group(bot, dingtalk):
    await bot.dingtalk_says("boss", "导出今年的计划", group=True)
    await bot.settle()

    [(sent, upload)] = dingtalk.files()
    assert sent.api == "group" and sent.body["openConversationId"] == "cidGroup1"
    assert upload.filename == "2026年度计划安排.xlsx"


async def test_a_liaison_is_refused_and_gets_no_file(bot, wecom_api, dingtalk):
    await bot.wecom_says("zhangsan", "导出上半年统计表")
    await bot.dingtalk_says("staff1", "导出上半年统计表")
    await bot.settle()

    [refusal] = wecom_api.sent
    assert "仅供政务公开办使用" in refusal.content
    assert ["仅供政务公开办使用" in text for text in dingtalk.contents()] == [True]
    assert not wecom_api.uploads and not dingtalk.uploads and not dingtalk.files()
    assert await file_rows_left(bot) == 0


async def test_the_intelligent_robot_sends_a_working_signed_link(bot, wecom_api):
    await bot.aibot_says("wangwu", "导出本月统计表", wecom_api.response_url("rc-1"))
    await bot.settle()

    answer, link_message = wecom_api.sent
    assert answer.api == "aibot/response" and "2026年4月的统计表" in answer.content
    assert not wecom_api.uploads  # the robot cannot send files
    assert "30 分钟内有效" in link_message.content
    link = URL(next(line for line in link_message.content.splitlines() if "/download/" in line).strip())
    resp = await bot.client.get(link.path_qs)
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    read_sheets(await resp.read())  # a valid workbook (the month has no held event)


async def test_a_failed_upload_is_retried_and_the_file_arrives_once(bot, wecom_api):
    wecom_api.switch.upload_fail_next = 1
    await bot.wecom_says("wangwu", "导出上半年统计表")
    await bot.settle()
    assert [s.body["msgtype"] for s in wecom_api.sent] == ["text"]  # the file waits for its retry

    bot.clock.advance(timedelta(seconds=5))
    await bot.app[WORKER].tick()
    bot.clock.advance(timedelta(minutes=10))
    await bot.app[WORKER].tick()

    files = wecom_api.files()
    assert len(files) == 1 and held_topics(files[0].content) == HELD_TOPICS_H1
    assert len(wecom_api.uploads) == 1


async def test_a_failed_dingtalk_upload_is_retried_and_the_file_arrives_once(bot, dingtalk):
    dingtalk.switch.upload_fail_next = 1
    await bot.dingtalk_says("boss", "导出上半年统计表")
    await bot.settle()
    assert not dingtalk.files()

    bot.clock.advance(timedelta(seconds=5))
    await bot.app[WORKER].tick()
    await bot.app[WORKER].tick()

    [(sent, upload)] = dingtalk.files()
    assert sent.body["userIds"] == ["boss"] and held_topics(upload.content) == HELD_TOPICS_H1


async def test_a_queued_file_survives_a_restart(start, db_url, wecom_api):
    first = await start(db_url)
    await first.wecom_says("wangwu", "导出年度计划（Word）")
    await first.app[INBOX].drain()  # handled and queued; the process stops before sending
    await first.client.close()

    second = await start(db_url, seeded=False, ids=first.ids)
    await second.app[WORKER].tick()

    [upload] = wecom_api.files()
    assert upload.filename == "2026年度计划安排.docx"
    text = "\n".join(p.text for p in read_docx(upload.content).paragraphs)
    assert "2026" in text


async def test_registration_form_of_one_event_by_its_number(bot, wecom_api):
    event_id = bot.ids["社区服务发布会"]
    await bot.wecom_says("wangwu", f"导出编号{event_id}的登记表")
    await bot.settle()

    [upload] = wecom_api.files()
    assert upload.filename == f"区民政局新闻发布会登记表（编号{event_id}）.docx"
    doc = read_docx(upload.content)
    cells = {cell.text for table in doc.tables for row in table.rows for cell in row.cells}
    assert "社区服务发布会" in cells


async def test_an_unknown_event_number_says_so_and_sends_nothing(bot, wecom_api):
    await bot.wecom_says("wangwu", "导出编号999的登记表")
    await bot.settle()

    [said] = wecom_api.sent
    assert "找不到编号为 999 的活动" in said.content and not wecom_api.uploads


async def test_the_playground_shows_a_link_to_its_own_address(clock, tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'site.db'}"
    await create_schema(url, people=False)
    await seed(url, clock.now())
    settings = load_settings({"PRESSBOT_DATABASE_URL": url, "PRESSBOT_SECRET_KEY": "k"})  # no channel
    async with TestClient(TestServer(create_app(settings, clock=clock, background=False))) as client:
        async with client.app[DB].sessions() as session:
            office = await session.scalar(select(Person).where(Person.user_id == "wangwu"))
        await client.post("/playground/say", data={"person": office.id, "text": "导出2026年上半年统计表"},
                          headers={"Accept": "application/json"})
        await client.app[INBOX].drain()
        await client.app[WORKER].tick()
        lines = (await (await client.get(f"/playground/messages?person={office.id}&after=0")).json())["lines"]

        link = URL(next(w for line in lines for w in line["text"].split() if "/download/" in w))
        assert (link.host, link.port) == (client.host, client.port)
        resp = await client.get(link.path_qs)
        assert resp.status == 200 and held_topics(await resp.read()) == HELD_TOPICS_H1


async def test_a_year_or_an_event_number_no_register_holds_is_answered_in_words(bot, dingtalk):
    """"导出9999年统计表" and "导出编号99999999999999999999的登记表" got the apology (an overflow)."""
    await bot.dingtalk_says("boss", "导出9999年统计表")
    await bot.dingtalk_says("boss", "导出编号99999999999999999999的登记表")
    await bot.settle()
    said = dingtalk.contents("session")
    assert any("「9999年」超出了可登记的年份" in text for text in said), said
    assert any("哪一场活动的登记表" in text for text in said), said
    assert not any("抱歉" in text for text in said) and dingtalk.files() == []


async def test_a_period_no_calendar_has_is_answered_not_exported_for_the_default_period(bot, dingtalk):
    """"导出0年统计表", "导出10000年的计划" and "导出2026年13月统计表" exported the current
    half-year or year, as if no period had been named."""
    for text in ["导出0年统计表", "导出10000年的计划", "导出2026年13月统计表", "下载12345年3月的统计表"]:
        await bot.dingtalk_says("boss", text)
    await bot.settle()
    said = dingtalk.contents("session")
    for part in ["「0年」超出了可登记的年份", "「10000年」超出了可登记的年份", "「13月」不存在：一年只有12个月",
                 "「12345年3月」超出了可登记的年份"]:
        assert any(part in text for text in said), (part, said)
    assert not any("已生成" in text for text in said), said
