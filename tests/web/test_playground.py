"""The try-it page: chat as a directory person through the same inbox, dispatcher and outbox."""
from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from bot.clock import DEFAULT_TZ
from store.models import Event, InboundMessage

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def say(site, user_id: str, text: str) -> list[dict]:
    """Say ``text`` as ``user_id`` on the page; everything delivered to that person since."""
    person = await site.person(user_id)
    before = await _lines(site, person.id, 0)
    after = before[-1]["seq"] if before else 0
    resp = await site.client.post("/playground/say", data={"person": person.id, "text": text},
                                  headers={"Accept": "application/json"})
    assert resp.status == 200
    await site.settle()
    return await _lines(site, person.id, after)


async def _lines(site, person_id: int, after: int) -> list[dict]:
    resp = await site.client.get(f"/playground/messages?person={person_id}&after={after}")
    return (await resp.json())["lines"]


def bot_text(lines: list[dict]) -> str:
    return "\n".join(line["text"] for line in lines if line["who"] == "bot")


async def test_page_lists_the_demo_people(site):
    page = await site.text("/playground")
    for name in ("王丽", "张三", "周局长"):
        assert name in page
    assert "运行一轮提醒" in page


async def test_messages_go_through_the_inbox(site):
    lines = await say(site, "zhangsan", "帮助")
    assert lines[0]["who"] == "me" and lines[0]["text"] == "帮助"
    assert bot_text(lines)
    assert await site.count(InboundMessage, platform="console", user_id="zhangsan") == 1


async def test_register_then_ask_for_this_month(site):
    answer = bot_text(await say(site, "zhangsan", "我局4月28日下午3点在县政府新闻发布厅开招生政策发布会"))
    assert "招生" in answer
    async with site.sessions() as s:
        event = await s.scalar(select(Event).where(Event.source == "chat"))
    assert event.start_at == datetime(2026, 4, 28, 15, 0, tzinfo=DEFAULT_TZ), answer
    listing = bot_text(await say(site, "wangli", "本月有哪些发布会"))
    assert "招生" in listing
    assert "稳就业" in listing  # the demo plan's April conference (铜官区 2024 "4月份", moved to 2026)


async def test_office_gets_a_working_login_link(site):
    answer = bot_text(await say(site, "wangli", "后台"))
    link = re.search(r"https?://\S+/admin/login/\S+", answer).group(0)
    path = "/admin/login/" + link.rsplit("/", 1)[1]
    assert link.startswith(str(site.client.make_url("/")).rstrip("/"))  # the page's own address
    resp = await site.client.post(path, allow_redirects=False)
    assert resp.status == 303
    assert "全年总览" in await site.text("/admin")


async def test_a_liaison_gets_no_login_link(site):
    answer = bot_text(await say(site, "zhangsan", "后台"))
    assert "/admin/login/" not in answer
    assert "仅供政务公开办" in answer


async def test_pushes_to_another_person_arrive_on_their_page(site):
    answer = bot_text(await say(site, "zhangsan", "我局5月的发布会推迟到8月下旬"))
    assert "已改期" in answer
    office = await site.person("wangli")
    pushed = [line for line in await _lines(site, office.id, 0) if line["who"] == "push"]
    assert any("延期超过一个月" in line["text"] for line in pushed), pushed


async def test_reminder_round_delivers_to_the_page(site):
    await say(site, "zhangsan", "我局4月16日上午9点开招生政策发布会")
    person = await site.person("zhangsan")
    resp = await site.client.post("/playground/remind", data={"person": person.id},
                                  headers={"Accept": "application/json"})
    assert (await resp.json())["sent"] >= 1
    await site.settle()
    pushes = [line["text"] for line in await _lines(site, person.id, 0) if line["who"] == "push"]
    assert any("登记表" in text for text in pushes), pushes


async def test_without_javascript_the_page_shows_the_conversation(site):
    person = await site.person("zhangsan")
    resp = await site.client.post("/playground/say", data={"person": person.id, "text": "帮助"},
                                  allow_redirects=False)
    assert resp.status == 303
    await site.settle()
    page = await site.text(f"/playground?as={person.id}")
    assert 'class="msg me"' in page and 'class="msg bot"' in page


async def test_off_when_a_messenger_channel_is_configured(start_site):
    site = await start_site(PRESSBOT_WECOM_BOT_TOKEN="t", PRESSBOT_WECOM_BOT_AES_KEY="a" * 43)
    resp = await site.client.get("/playground")
    assert resp.status == 404
    assert "试用页未开启" in await resp.text()
    assert (await site.client.post("/playground/say", data={"person": "1", "text": "x"})).status in (404, 405)


async def test_forced_on_beside_a_channel_offers_only_people_without_a_real_sender(start_site):
    site = await start_site(PRESSBOT_PLAYGROUND="on", PRESSBOT_WECOM_BOT_TOKEN="t",
                            PRESSBOT_WECOM_BOT_AES_KEY="a" * 43)
    page = await site.text("/playground")
    assert "张三" in page  # console people: nothing real is sent to them
