"""A 60 KB message ended in ``value too long for type character varying(500)`` and the
generic apology; now it gets a clear answer and nothing of it enters the register."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot.app import DB
from store.models import Event
from tests.channels.conftest import bot_env
from tests.fakes.messenger import dingtalk_headers, dingtalk_text


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
async def test_a_60_kb_registration_is_refused_with_a_clear_answer(start_bot, db_url, dingtalk):
    bot = await start_bot(bot_env(db_url, dingtalk=dingtalk))
    now_ms = int(bot.clock.now().timestamp() * 1000)
    content = "我局5月中旬开" + "秋季招生政策解读" * 2400 + "发布会"  # about 60 KB
    payload = dingtalk_text(user="staff2", content=content, msg_id="long-1", created_ms=now_ms,
                            session_webhook=dingtalk.session_url())
    body = json.dumps(payload, ensure_ascii=False).encode()
    assert 55_000 < len(body) < 65_536
    resp = await bot.client.post("/dingtalk/callback", data=body,
                                 headers=dingtalk_headers(dingtalk.app_secret, now_ms))
    assert resp.status == 200
    await bot.settle()
    [sent] = dingtalk.sent
    assert "消息太长" in sent.content and "抱歉" not in sent.content
    async with bot.app[DB].sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Event)) == 0
