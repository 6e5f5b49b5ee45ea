"""On SQLite a message met "database is locked" while another writer (a reminder round, a CLI
command) held the database; it got "抱歉，处理这条消息时出错了" and was never retried."""
from __future__ import annotations

import asyncio
import os
import sqlite3
from datetime import timedelta

from sqlalchemy.exc import OperationalError

from bot.channels.base import Reply
from tests.channels.conftest import bot_env
from tests.channels.test_wecom_app import post, text


async def test_a_message_handled_while_another_process_writes_is_answered_later(
        short_busy_timeout, start_bot, sqlite_url, wecom_api, tmp_path):
    bot = await start_bot(bot_env(sqlite_url, wecom_api))
    for n in range(3):
        assert (await post(bot, text(bot, "本月有哪些发布会", msg_id=f"lk-{n}"), nonce=str(n))).status == 200
    other = sqlite3.connect(str(tmp_path / "bot.db"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # e.g. ``pressbot remind`` in the middle of its round
    try:
        await bot.settle()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert await bot.count(status="failed") == 0
    assert all("抱歉" not in c for c in wecom_api.contents())
    bot.clock.advance(timedelta(minutes=1))
    await bot.settle()
    assert await bot.count(status="handled") == 3
    assert len(wecom_api.sent) == 3 and all("抱歉" not in c for c in wecom_api.contents())


async def test_a_transient_error_inside_the_handler_is_retried_not_apologised_for(start_bot, sqlite_url,
                                                                                   wecom_api):
    calls = []

    async def flaky(incoming, ctx):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("UPDATE events", {}, sqlite3.OperationalError("database is locked"))
        return [Reply("好的")]

    bot = await start_bot(bot_env(sqlite_url, wecom_api), dispatch=flaky)
    assert (await post(bot, text(bot, "你好", msg_id="tr-1"))).status == 200
    await bot.settle()
    assert wecom_api.contents() == []
    bot.clock.advance(timedelta(seconds=5))
    await bot.settle()
    assert wecom_api.contents() == ["好的"]
    assert await bot.count(status="handled") == 1


async def test_a_real_defect_is_apologised_for_and_listed_for_the_office(start_bot, sqlite_url, wecom_api,
                                                                         monkeypatch, capsys):
    from bot.cli import main

    async def broken(incoming, ctx):
        raise KeyError("a bug")

    bot = await start_bot(bot_env(sqlite_url, wecom_api), dispatch=broken)
    assert (await post(bot, text(bot, "本月有哪些发布会", msg_id="bug-1"))).status == 200
    await bot.settle()
    assert len(wecom_api.sent) == 1 and "抱歉" in wecom_api.contents()[0]
    for name in [n for n in os.environ if n.startswith("PRESSBOT_")]:
        monkeypatch.delenv(name)  # only the database: no channel settings from elsewhere
    monkeypatch.setenv("PRESSBOT_DATABASE_URL", sqlite_url)
    assert await asyncio.to_thread(main, ["inbox", "--failed"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "本月有哪些发布会" in out and "KeyError" in out


async def test_a_failed_message_is_put_back_from_the_command_line(start_bot, sqlite_url, wecom_api,
                                                                   monkeypatch, capsys):
    from bot.cli import main

    async def broken(incoming, ctx):
        raise KeyError("a bug")

    bot = await start_bot(bot_env(sqlite_url, wecom_api), dispatch=broken)
    assert (await post(bot, text(bot, "取消我局4月份的发布会", msg_id="bug-2"))).status == 200
    await bot.settle()
    for name in [n for n in os.environ if n.startswith("PRESSBOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("PRESSBOT_DATABASE_URL", sqlite_url)
    [row_id] = [r for r in range(1, 5) if await bot.count(id=r, status="failed")]
    assert await asyncio.to_thread(main, ["inbox", "--retry", str(row_id)]) == 0
    assert "重新排队" in capsys.readouterr().out
    assert await bot.count(status="received") == 1
    assert await asyncio.to_thread(main, ["inbox", "--retry", str(row_id)]) == 1  # not failed any more
    assert "没有编号为" in capsys.readouterr().out
