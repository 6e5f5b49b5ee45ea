"""“后台”: the office gets a one-time sign-in link, and never in a group."""
from __future__ import annotations

GROUP = "chat-press-office"


async def test_in_a_group_the_link_goes_privately(bot):
    answer = await bot.say("wangwu", "后台", chat=GROUP)

    assert "已私聊发给您" in answer and "/admin/login/" not in answer
    [link] = bot.pushes_to("wangwu")
    assert "王五，后台登录链接" in link and "/admin/login/" in link


async def test_in_a_one_to_one_chat_the_link_is_the_answer(bot):
    assert "/admin/login/" in await bot.say("wangwu", "后台")


async def test_a_liaison_gets_no_link(bot):
    answer = await bot.say("zhangsan", "后台")

    assert "仅供政务公开办" in answer and "/admin/login/" not in answer
    assert bot.pushes_to("zhangsan") == []
