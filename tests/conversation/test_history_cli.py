"""``pressbot history EVENT_ID`` prints who changed what, when, from which message."""
from __future__ import annotations

import json

import pytest

from bot.cli import main
from bot.cli.conversation_cmds import show_history
from bot.clock import DEFAULT_TZ


@pytest.fixture
def db_url(tmp_path) -> str:  # the command opens the database itself: SQLite file only
    return f"sqlite+aiosqlite:///{tmp_path / 'pressbot.db'}"


@pytest.fixture
async def engine(db_url):
    """The schema as the command expects it: built by the migrations."""
    from store.db import make_engine
    from store.migrate import upgrade

    upgrade(db_url)
    eng = make_engine(db_url)
    yield eng
    await eng.dispose()


async def test_history_lists_every_change_with_its_message(core, db_url, capsys):
    await core.say("zhangsan", "我局6月份开发布会")
    await core.say("zhangsan", "我局6月的发布会改到7月上旬")
    [event] = await core.events()

    assert await show_history(event.id, db_url, DEFAULT_TZ) == 0
    text = capsys.readouterr().out

    assert "区教育局「待定」" in text
    assert "张三  创建" in text
    assert "计划开始：2026年6月1日 → 2026年7月1日" in text and "（消息「我局6月的发布会改到7月上旬」）" in text
    assert await show_history(event.id, db_url, DEFAULT_TZ, as_json=True) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["field"] == "created" and rows[-1]["message"]["text"] == "我局6月的发布会改到7月上旬"


async def test_unknown_event(core, db_url, capsys):
    assert await show_history(999, db_url, DEFAULT_TZ) == 1
    assert "没有编号为 999 的活动" in capsys.readouterr().err


def test_command_is_registered():
    with pytest.raises(SystemExit):
        main(["history", "--help"])


async def test_history_shows_why_it_was_cancelled(core, db_url, capsys):
    await core.say("zhangsan", "我局6月份开发布会")
    await core.say("zhangsan", "我局6月的发布会取消了，因为政策尚未出台")
    [event] = await core.events()

    assert await show_history(event.id, db_url, DEFAULT_TZ) == 0
    text = capsys.readouterr().out
    assert "状态：计划 → 已取消［取消］（原因：政策尚未出台）" in text
    assert await show_history(event.id, db_url, DEFAULT_TZ, as_json=True) == 0
    assert json.loads(capsys.readouterr().out)[-1]["reason"] == "政策尚未出台"
