"""On a phone the attention page's 处理出错的消息 ran its cells together ("…19:20 张三（企业微信）
我局下周三…程序错误（KeyError）") because its cells had no labels, unlike every other list of
the page; each cell now carries its heading, shown before it when the table is stacked."""
from __future__ import annotations

import re

import pytest

from tests.web.test_failed_messages import _failed

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_each_cell_of_a_failed_message_has_its_heading(site):
    await _failed(site, "我局下周三开发布会", "KeyError: 'x'", 1)
    await site.sign_in()
    page = await site.text("/admin/attention")
    section = page[page.index('id="failed"'):]
    row = re.search(r"<tr><td data-label.*?</tr>", section, re.S)
    assert row, section[:800]
    labels = re.findall(r'data-label="([^"]+)"', row.group(0))
    assert labels == ["收到时间", "发送人", "内容", "原因"]
