"""While the database could not take a message (stopped, restarting, locked by another process
longer than the busy timeout), the callback answered 500; the platform gave up after its three
tries, so every message of an outage's first ten seconds or so was lost, and its sender got
nothing (110 of 500 messages when PostgreSQL was stopped for 23 s)."""
from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

from bot.app import INBOX
from bot.delivery.spool import Spool
from tests.channels.conftest import bot_env
from tests.channels.test_wecom_app import post, text


async def test_messages_sent_while_the_database_is_away_are_acknowledged_and_answered_after(
        short_busy_timeout, start_bot, sqlite_url, wecom_api, tmp_path):
    bot = await start_bot(bot_env(sqlite_url, wecom_api))
    other = sqlite3.connect(str(tmp_path / "bot.db"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the database takes no write, for longer than any busy timeout
    try:
        for n in range(3):
            resp = await post(bot, text(bot, f"本月有哪些发布会{'？' * n}", msg_id=f"out-{n}"), nonce=str(n))
            assert resp.status == 200  # kept, so the platform need not retry
        assert other.execute("SELECT count(*) FROM inbound_messages").fetchone() == (0,)
        spooled = list((tmp_path / "bot.spool").iterdir())
        assert len(spooled) == 1 and len(spooled[0].read_text(encoding="utf-8").splitlines()) == 3
        # the platform retries one of them anyway (its answer was late): still kept once
        assert (await post(bot, text(bot, "本月有哪些发布会", msg_id="out-0"), nonce="again")).status == 200
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert await bot.app[INBOX].replay_spool() == 3
    assert list((tmp_path / "bot.spool").iterdir()) == []
    bot.clock.advance(timedelta(seconds=1))
    await bot.settle()
    assert await bot.count(status="handled") == 3
    assert len(wecom_api.sent) == 3 and all("抱歉" not in c for c in wecom_api.contents())
    # the platform's retry after the database is back is only acknowledged
    assert (await post(bot, text(bot, "本月有哪些发布会？", msg_id="out-1"), nonce="late")).status == 200
    await bot.settle()
    assert await bot.count() == 3 and len(wecom_api.sent) == 3


def test_a_spool_file_replayed_by_another_process_loses_no_later_message(tmp_path):
    """Any instance replays any file; a writer whose file was replayed and removed meanwhile
    writes a new one, so what it keeps afterwards is not written to a removed file."""
    from datetime import UTC, datetime

    writer, replayer = Spool(tmp_path), Spool(tmp_path)
    message = {"values": {"platform": "wecom", "message_id": "m1", "user_id": "u", "text": "你好",
                          "received_at": datetime(2026, 12, 2, tzinfo=UTC)}, "replay_key": None, "expires": None}
    writer.add([message])
    [path] = replayer.files()
    fd, entries = replayer.take(path)
    assert [e["values"]["message_id"] for e in entries] == ["m1"]
    assert entries[0]["values"]["received_at"] == datetime(2026, 12, 2, tzinfo=UTC)
    assert writer.take(path) is None  # locked by the replayer
    replayer.done(path, fd, stored=True)
    writer.add([{**message, "values": {**message["values"], "message_id": "m2"}}])
    [path] = writer.files()
    fd, entries = replayer.take(path)
    assert [e["values"]["message_id"] for e in entries] == ["m2"]
    replayer.done(path, fd, stored=False)  # the database was still away: kept
    with open(path, "ab") as f:
        f.write(b'{"values": {"platform": "we')  # a line cut by a crash: its 200 was never sent
    fd, entries = replayer.take(path)
    assert [e["values"]["message_id"] for e in entries] == ["m2"]
    replayer.done(path, fd, stored=True)
    assert writer.files() == []


async def test_after_an_outage_a_persons_messages_keep_their_order(
        short_busy_timeout, start_bot, sqlite_url, wecom_api, tmp_path):
    """Spooled messages are stored before the first new one once the database is back (before,
    the new one was stored, and answered, ahead of the ones its sender wrote first)."""
    from sqlalchemy import select

    from bot.app import DB
    from store.models import InboundMessage

    bot = await start_bot(bot_env(sqlite_url, wecom_api))
    other = sqlite3.connect(str(tmp_path / "bot.db"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        for n, words in enumerate(("我局12月20日开发布会", "主题是冬季安全生产")):
            assert (await post(bot, text(bot, words, msg_id=f"first-{n}"), nonce=f"a{n}")).status == 200
    finally:
        other.execute("ROLLBACK")
        other.close()

    # the database is back; the next message comes before any replay of the spool
    assert (await post(bot, text(bot, "本月有哪些发布会", msg_id="then"), nonce="b")).status == 200

    async with bot.app[DB].sessions() as session:
        order = list(await session.scalars(select(InboundMessage.message_id).order_by(InboundMessage.id)))
    assert order == ["first-0", "first-1", "then"]
    assert list((tmp_path / "bot.spool").iterdir()) == []


async def test_while_the_spool_cannot_be_stored_new_messages_wait_behind_it(
        short_busy_timeout, start_bot, sqlite_url, wecom_api, tmp_path):
    bot = await start_bot(bot_env(sqlite_url, wecom_api))
    other = sqlite3.connect(str(tmp_path / "bot.db"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        for n in range(3):
            assert (await post(bot, text(bot, f"第{n}条", msg_id=f"m-{n}"), nonce=f"n{n}")).status == 200
        [spooled] = list((tmp_path / "bot.spool").iterdir())
        lines = [json.loads(line)["values"]["message_id"] for line in spooled.read_text(encoding="utf-8").splitlines()]
        assert lines == ["m-0", "m-1", "m-2"]
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert await bot.app[INBOX].replay_spool() == 3
