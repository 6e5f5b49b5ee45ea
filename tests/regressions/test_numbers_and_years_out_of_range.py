"""A year or an id no register can hold ("9999年12月", "编号99999999999999999999", "--from 0001-01")
overflowed somewhere: the chat apologised, the dashboard answered aiohttp's English 500, the
command line printed a traceback, and a registration for 9999 was stored, after which every
reminder recompute failed. Each now says in Chinese what is wrong and stores nothing."""
from __future__ import annotations

import pytest

from bot.cli import main
from store.rules import MAX_ROW_ID, row_id

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_an_id_is_a_number_small_enough_to_name_a_row(db_url):
    assert row_id("12") == 12 and row_id(" 012 ") == 12 and row_id(str(MAX_ROW_ID)) == MAX_ROW_ID
    assert row_id(str(MAX_ROW_ID + 1)) is None and row_id("9" * 400) is None
    assert row_id("１２") is None and row_id("-3") is None and row_id("1_000") is None and row_id("") is None


@pytest.mark.parametrize("path", [
    "/admin/events?to=9999-12", "/admin/events?from=0001-01",
    "/admin/events/99999999999999999999999",
    "/admin/export?what=stats&fmt=xlsx&from=0001-01-01&to=9999-12-31",
    "/admin/export?what=registration&fmt=docx&event=99999999999999999999999",
])
async def test_the_dashboard_never_answers_an_english_500(site, path):
    await site.sign_in()
    resp = await site.client.get(path, allow_redirects=False)
    body = await resp.text()
    assert resp.status in (200, 303, 400, 404), (resp.status, body[:300])
    assert "Server got itself in trouble" not in body


async def test_posts_naming_an_impossible_row_are_not_a_500(site):
    await site.sign_in()
    for path in ("/admin/units/99999999999999999999999/key", "/admin/inbox/99999999999999999999999/again"):
        resp = await site.client.post(path, data={"key": "1"})
        assert resp.status in (400, 404), (path, resp.status)


@pytest.mark.parametrize("argv, says", [
    (["history", "99999999999999999999"], "无效的编号"),
    (["inbox", "--retry", "99999999999999999999"], "无效的编号"),
    (["outbox", "--retry", "99999999999999999999"], "无效的编号"),
    (["events", "--from", "9999-12", "--to", "9999-12"], "超出可登记的年份"),
    (["events", "--from", "0001-01"], "超出可登记的年份"),
    (["export", "stats", "--from", "0001-01-01", "--to", "9999-12-31", "--out", "x.xlsx"], "超出可登记的年份"),
    (["export", "registration", "--event", "99999999999999999999", "--out", "x.docx"], "活动编号应是数字"),
])
def test_the_command_line_says_what_is_wrong_without_a_traceback(db_url, capsys, argv, says, tmp_path,
                                                                 monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    assert code not in (0, None)
    assert says in captured.err + captured.out, captured.err[-600:]
    assert "Traceback" not in captured.err
