"""A message whose handling hit a defect got the apology and was listed only by
``pressbot inbox --failed``: the office, which reads the dashboard, never saw it."""
from __future__ import annotations

from sqlalchemy import select

from store.models import InboundMessage


async def _failed(site, text: str, error: str, n: int) -> int:
    async with site.sessions() as s, s.begin():
        row = InboundMessage(platform="wecom", message_id=f"f-{n}", chat_id="zhangsan", chat_type="single",
                             user_id="zhangsan", user_name="张三", text=text, mentioned=False, reply_handle={},
                             received_at=site.clock.now(), status="failed", error=error)
        s.add(row)
        await s.flush()
        return row.id


async def test_the_attention_page_lists_failed_messages_and_handles_one_again(site):
    first = await _failed(site, "教育局5月份的发布会改到6月上旬", "KeyError: 'window_text' at 0x7f00", 1)
    await _failed(site, "我局下周三开发布会", "ZeroDivisionError: division by zero", 2)
    await site.sign_in()
    page = await site.text("/admin/attention")
    assert "处理出错的消息（2）" in page
    assert "教育局5月份的发布会改到6月上旬" in page and "张三（企业微信）" in page
    assert "程序错误（KeyError）" in page and "程序错误（ZeroDivisionError）" in page
    assert "0x7f00" not in page and "division by zero" not in page  # no raw trace on screen
    resp = await site.client.post(f"/admin/inbox/{first}/again", allow_redirects=False)
    assert resp.status == 303
    async with site.sessions() as s:
        row = await s.scalar(select(InboundMessage).where(InboundMessage.id == first))
        assert row.status == "received" and row.attempts == 0
    page = await site.text("/admin/attention")
    assert "处理出错的消息（1）" in page and "教育局5月份的发布会改到6月上旬" not in page
    again = await site.client.post(f"/admin/inbox/{first}/again", allow_redirects=False)
    assert again.status == 404 and "已经重新处理" in await again.text()


async def test_handling_again_needs_the_form_token(site):
    row = await _failed(site, "取消我局4月份的发布会", "KeyError: 'x'", 3)
    await site.sign_in()
    del site.client.session.headers["X-CSRF-Token"]
    resp = await site.client.post(f"/admin/inbox/{row}/again", allow_redirects=False)
    assert resp.status == 403
    assert await site.count(InboundMessage, status="failed") == 1


async def test_no_failed_messages_says_so(site):
    await site.sign_in()
    page = await site.text("/admin/attention")
    assert "处理出错的消息（0）" in page
