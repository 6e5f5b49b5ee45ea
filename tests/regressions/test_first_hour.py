"""Issue 14, a newcomer's first hour: README's commands in order, the command line's own words,
and no raw value where a person reads (dates, statuses, field names, unit order)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import build_parser, main
from bot.collate import pinyin_key
from bot.markdown import to_html, to_plain
from bot.timefmt import change_value, field_name
from store import DEFAULT_DATABASE_URL, database_url

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ("usage:", "options:", "show this help message", "positional arguments", "optional arguments")


def pressbot(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def test_tests_never_use_the_working_directorys_database():
    assert database_url() != DEFAULT_DATABASE_URL
    assert Path(database_url().split(":///", 1)[1]).parent != Path.cwd()


@pytest.mark.parametrize("argv", [["units"], ["events", "--json"], ["history", "3"], ["reminders"], ["outbox"],
                                  ["remind", "--dry-run"], ["export", "stats", "--out", "x.xlsx"]], ids=" ".join)
def test_a_read_creates_no_database(tmp_path, argv):
    done = pressbot(*argv, cwd=tmp_path, PRESSBOT_DATABASE_URL="sqlite+aiosqlite:///pressbot.db")
    assert done.returncode != 0 and "pressbot.db" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_dry_run_import_without_a_database_shows_the_import_and_leaves_nothing(tmp_path, data_dir):
    done = pressbot("import-plan", str(data_dir / "plan_tongguan_2024.txt"), "--dry-run", cwd=tmp_path,
                    PRESSBOT_DATABASE_URL="sqlite+aiosqlite:///pressbot.db")
    assert done.returncode == 0 and "试运行，未写入：新增 28 条" in done.stderr
    # said first, so that "【新单位】" on every row is not taken for the register's answer
    assert done.stderr.index("还没有数据库（pressbot.db 不存在") < done.stderr.index("【新单位】")
    assert list(tmp_path.iterdir()) == []


def _commands(parser):
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        for name, sub in action.choices.items():
            yield name, sub
            yield from ((f"{name} {n}", s) for n, s in _commands(sub))


def test_every_help_is_chinese_and_every_option_described(capsys):
    parser = build_parser()
    commands = dict(_commands(parser))
    assert {"demo", "serve", "chat", "events", "db upgrade", "import-people"} <= set(commands)
    for name, sub in [("", parser), *commands.items()]:
        text = sub.format_help()
        assert "用法：" in text and not any(word in text for word in ENGLISH), name
        undescribed = [a.dest for a in sub._actions if not a.help]
        assert undescribed == [], f"pressbot {name}: {undescribed}"


@pytest.mark.parametrize("argv, message", [
    (["chat"], "缺少必需的参数：--as"), (["events", "--bogus"], "无法识别的参数：--bogus"),
    (["import-plan", "x.txt", "--kind", "talk"], "无效的选项"), (["units", "--year", "明年"], "无效的值"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_argparse_errors_are_chinese(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and message in err and "错误" in err and "error" not in err


def test_a_closed_pipe_ends_quietly(tmp_path, data_dir):
    url = f"sqlite+aiosqlite:///{tmp_path / 'p.db'}"
    assert pressbot("import-plan", str(data_dir / "plan_tongguan_2024.txt"), "--create-units", cwd=tmp_path,
                    PRESSBOT_DATABASE_URL=url).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRESSBOT_DATABASE_URL": url}
    for argv in (["events", "--json"], ["events"], ["units"], ["history", "1"]):
        # the reader is gone before the command writes: what `| head -1` does to a long output
        with subprocess.Popen([sys.executable, "-m", "bot", *argv], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
            proc.stdout.close()
            err = proc.stderr.read().decode()
            code = proc.wait(timeout=60)
        assert code == 141, err
        assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_history_values_in_words_and_in_the_zone():
    tz = ZoneInfo("Asia/Shanghai")
    assert change_value("status", "scheduled", tz) == "已定时间"
    assert change_value("kind", "online_interview", tz) == "在线访谈"
    utc = datetime(2026, 4, 20, 7, 0, tzinfo=UTC).isoformat()
    local = datetime(2026, 4, 20, 15, 0, tzinfo=tz).isoformat()
    assert change_value("start_at", utc, tz) == change_value("start_at", local, tz) == "2026年4月20日（周一）15:00"
    assert change_value("start_at", "2026-04-20T07:00:00", tz) == "2026年4月20日（周一）15:00"  # stored UTC
    assert change_value("window_start", "2026-05-11", tz) == "2026年5月11日"
    created = change_value("created", "县教育局｜招生政策｜2026-05-11~2026-05-20", tz)
    assert created == "县教育局｜招生政策｜2026年5月中旬"
    assert change_value("location", None, tz) == "（空）"
    assert field_name("window_text") == "时间表述" and field_name("start_at") == "举办时间"


def test_units_sort_by_pinyin():
    names = ["县教育局", "临涣镇", "住建局", "县财政局", "百善镇", "韩村镇", "铁佛镇", "区民政局"]
    assert sorted(names, key=pinyin_key) == ["百善镇", "韩村镇", "临涣镇", "区民政局", "铁佛镇", "县财政局",
                                            "县教育局", "住建局"]


@pytest.mark.parametrize("text, html", [
    ("**已登记**（编号 3）", "<strong>已登记</strong>（编号 3）"),
    ("登录：http://127.0.0.1:8080/admin/login/a_B-1。", 'href="http://127.0.0.1:8080/admin/login/a_B-1"'),
    ("[下载](https://x.cn/d?a=1&b=2)", '<a href="https://x.cn/d?a=1&amp;b=2"'),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
])
def test_chat_markdown_on_the_page(text, html):
    assert html in to_html(text)


def test_chat_markdown_in_a_terminal():
    assert to_plain("**已登记**，[下载](https://x.cn/d)") == "已登记，下载（https://x.cn/d）"


def test_events_json_is_unchanged_by_the_words(tmp_path, data_dir):
    url = f"sqlite+aiosqlite:///{tmp_path / 'p.db'}"
    pressbot("import-plan", str(data_dir / "plan_tongguan_2024.txt"), "--create-units", cwd=tmp_path,
             PRESSBOT_DATABASE_URL=url)
    done = pressbot("events", "--json", cwd=tmp_path, PRESSBOT_DATABASE_URL=url)
    first = json.loads(done.stdout)[0]
    assert set(first) >= {"id", "unit", "co_units", "kind", "topic", "when", "start_at", "location", "speaker",
                          "status"} and first["status"] == "planned"  # the stable contract keeps its codes


async def test_pressbot_chat_prints_markdown_as_plain_text():
    import io

    from bot.channels.base import Outgoing
    from bot.channels.console import ConsoleSender

    out = io.StringIO()
    sender = ConsoleSender(out)
    body = "**已登记**（编号 3）\n- 时间：**2026年5月中旬**\n[下载](https://x.cn/d)"
    await sender.send(Outgoing(1, "reply:1", "console", {"user_id": "zhangsan"}, "markdown", body, 0),
                      datetime(2026, 4, 14, tzinfo=UTC))
    printed = out.getvalue()
    assert "**" not in printed and "已登记（编号 3）" in printed and "下载（https://x.cn/d）" in printed
