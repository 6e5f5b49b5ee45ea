"""With the handler process stopped (SIGSTOP) for 30 s, /healthz still said "ok"/"ready" and
/metrics had no count of the messages waiting: a handler stuck rather than dead, which nothing
restarts, left every reply waiting unseen."""
from __future__ import annotations

from datetime import timedelta

from tests.channels.conftest import bot_env
from tests.channels.test_wecom_app import post, text


async def test_messages_waiting_too_long_turn_healthz_to_stalled(start_bot, sqlite_url, wecom_api):
    bot = await start_bot(bot_env(sqlite_url, wecom_api))
    for n in range(2):  # stored, and nothing handles them (the handler is stuck)
        assert (await post(bot, text(bot, "本月有哪些发布会", msg_id=f"st-{n}"), nonce=str(n))).status == 200
    resp = await bot.client.get("/healthz")
    health = await resp.json()
    assert resp.status == 200 and health["handling"] == "ready" and health["waiting"] == 2

    bot.clock.advance(timedelta(seconds=90))
    resp = await bot.client.get("/healthz")
    health = await resp.json()
    assert resp.status == 503 and (health["status"], health["handling"]) == ("degraded", "stalled")
    assert health["oldest_waiting_seconds"] >= 90
    metrics = await (await bot.client.get("/metrics")).text()
    assert "pressbot_inbox_waiting 2.0" in metrics
    assert "pressbot_inbox_oldest_waiting_seconds 9" in metrics  # 90.x

    await bot.settle()  # the handler goes on: all is well again
    resp = await bot.client.get("/healthz")
    assert resp.status == 200 and (await resp.json())["waiting"] == 0
    assert len(wecom_api.sent) == 2
