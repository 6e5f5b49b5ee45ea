"""A WeCom group answer of two replies (an expiry notice, then the answer) half left the group:
the robot's response_url takes one message, so the second went to the person privately."""
from datetime import UTC, datetime

from bot.channels.base import GROUP, Incoming, Reply
from bot.delivery.outbox import plan_replies

NOW = datetime(2026, 4, 14, 1, 30, tzinfo=UTC)


def incoming(platform: str) -> Incoming:
    return Incoming(platform=platform, chat_id="wrgroup1", chat_type=GROUP, user_id="zhangsan",
                    user_name=None, text="本月有哪些发布会", message_id="m1", mentioned=True)


def test_robot_replies_to_one_message_go_out_as_one():
    rows = plan_replies(inbound_id=1, incoming=incoming("wecom_aibot"), now=NOW,
                        replies=[Reply("您的登记表已过期。"),
                                 Reply("2026年4月新闻发布会（共2场）", markdown=True)]).rows
    assert len(rows) == 1
    assert rows[0]["body"].startswith("您的登记表已过期。") and rows[0]["body"].endswith("（共2场）")
    assert rows[0]["content_type"] == "markdown"


def test_other_platforms_join_only_replies_of_the_same_format():
    """Elsewhere consecutive texts of one format are one message (one rule, in the outbox)."""
    rows = plan_replies(inbound_id=1, incoming=incoming("dingtalk"), now=NOW,
                        replies=[Reply("一"), Reply("二"), Reply("**三**", markdown=True)]).rows
    assert [r["body"] for r in rows] == ["一\n\n二", "**三**"]

