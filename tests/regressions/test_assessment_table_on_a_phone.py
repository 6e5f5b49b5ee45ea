"""On a phone (390 px) the 年终考核 table squeezed its 16 columns into the screen: every heading
and every unit name stood one character per line ("县/财/政/局"). The table now keeps each cell
on one line and scrolls sideways inside its card; the page itself still never does."""
from __future__ import annotations

import pytest

from tests.web.test_browser import assert_fits, browser, page, server, sign_in_with_token, width  # noqa: F401

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.mark.parametrize("width", ["phone"], indirect=True)
async def test_unit_names_and_headings_stay_on_one_line(page, server):  # noqa: F811
    base = await server(demo="all")
    await sign_in_with_token(page, base)
    await page.goto(f"{base}/admin/assessment")
    heights = await page.evaluate("""() => {
        const table = document.getElementById('assessment-table');
        const line = parseFloat(getComputedStyle(table.querySelector('td')).lineHeight) || 24;
        const cells = [...table.querySelectorAll('th'), ...table.querySelectorAll('tbody td:nth-child(2)')];
        return cells.map(c => [c.textContent.trim(), c.getBoundingClientRect().height / line]); }""")
    tall = [(text, round(lines, 1)) for text, lines in heights if lines > 1.6]
    assert tall == [], tall[:6]
    scroller = await page.evaluate("""() => { let e = document.getElementById('assessment-table').parentElement;
        while (e && getComputedStyle(e).overflowX !== 'auto') e = e.parentElement; return !!e; }""")
    assert scroller
    await assert_fits(page)
