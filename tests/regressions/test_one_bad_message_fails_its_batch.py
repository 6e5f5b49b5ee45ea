"""A DingTalk text with U+0000 among concurrent messages on PostgreSQL failed the whole
group-committed insert (20 × HTTP 500). Now each message is made storable on its own."""
from __future__ import annotations

import asyncio
import json

from sqlalchemy import select

from bot.app import DB
from store.models import InboundMessage
from tests.channels.conftest import bot_env
from tests.fakes.messenger import dingtalk_headers, dingtalk_text


async def post(bot, dingtalk, msg_id: str, content: str):
    now_ms = int(bot.clock.now().timestamp() * 1000)
    payload = dingtalk_text(user="staff2", content=content, msg_id=msg_id, created_ms=now_ms,
                            session_webhook=dingtalk.session_url())
    body = json.dumps(payload).encode()  # ASCII escapes: "\u0000", a lone "\ud800"
    return await bot.client.post("/dingtalk/callback", data=body,
                                 headers=dingtalk_headers(dingtalk.app_secret, now_ms))


async def test_a_nul_among_twenty_concurrent_messages_fails_none(start_bot, pg_url, dingtalk):
    bot = await start_bot(bot_env(pg_url, dingtalk=dingtalk))
    texts = [f"本月有哪些发布会{i}" for i in range(20)]
    texts[7] = "本月有哪些\x00发布会"
    texts[12] = "坏的代理项\ud800字符"
    responses = await asyncio.gather(*(post(bot, dingtalk, f"nul-{i}", t) for i, t in enumerate(texts)))
    assert [r.status for r in responses] == [200] * 20
    assert await bot.count() == 20
    async with bot.app[DB].sessions() as s:
        row = await s.scalar(select(InboundMessage).where(InboundMessage.message_id == "nul-7"))
    assert row.text == "本月有哪些发布会"


async def test_the_cleaned_message_is_answered(start_bot, sqlite_url, dingtalk):
    bot = await start_bot(bot_env(sqlite_url, dingtalk=dingtalk))
    assert (await post(bot, dingtalk, "nul-a", "帮\x00助")).status == 200
    await bot.settle()
    assert len(dingtalk.sent) == 1
    assert "抱歉" not in dingtalk.sent[0].content
