"""``pressbot chat --as zhangsan`` printed every console message as "助手：…", also the ones for
other people: after a cancellation 张三 read the office's "【活动取消说明】张三于…取消了…" as if the
bot said it to him. A message for someone else now says whom it went to."""
from __future__ import annotations

import io
from datetime import UTC, datetime

from bot.channels.base import Outgoing
from bot.channels.console import ConsoleSender

NOW = datetime(2026, 12, 1, tzinfo=UTC)


async def test_a_reply_to_the_speaker_is_the_assistants():
    out = io.StringIO()
    await ConsoleSender(out, user_id="zhangsan").send(
        Outgoing(1, "reply:1", "console", {"user_id": "zhangsan"}, "text", "已取消（编号 66）", 0), NOW)
    assert out.getvalue().startswith("助手：已取消")


async def test_a_push_to_the_office_says_it_went_to_the_office():
    out = io.StringIO()
    await ConsoleSender(out, user_id="zhangsan").send(
        Outgoing(2, "push:2", "console", {"user_id": "wangli"}, "text", "【活动取消说明】张三于…", 0), NOW)
    printed = out.getvalue()
    assert printed.startswith("助手（发给 wangli）：【活动取消说明】"), printed
