"""The command-line contract of ``pressbot parse`` and ``pressbot time``."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

UNITS_FILE = str(Path(__file__).parent.parent / "data" / "nlu_examples_units.txt")
NOW = ["--now", "2026-04-14T09:30"]


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin.encode("utf-8"),
                          capture_output=True, timeout=60)


def out_json(capsys):
    return json.loads(capsys.readouterr().out)


def test_parse_prints_one_json_object(capsys):
    code = main(["parse", *NOW, "--unit", "区教育局", "--units", UNITS_FILE, "我局6月份开发布会"])
    assert code == 0
    assert out_json(capsys) == {"intent": "register", "kind": "press_conference", "unit": "区教育局", "topic": None,
                                "when": {"start": "2026-06-01", "end": "2026-06-30"}, "old_when": None,
                                "location": None, "speaker": None, "route": "register", "confidence": 0.95,
                                "co_units": []}


def test_parse_without_units_file_uses_standard_names(capsys):
    main(["parse", *NOW, "市监局5月开消费维权发布会"])
    assert out_json(capsys)["unit"] == "市场监管局"


def test_parse_keeps_chinese_unescaped(capsys):
    main(["parse", *NOW, "--unit", "区教育局", "我局6月份开发布会"])
    assert "区教育局" in capsys.readouterr().out


def test_time_prints_the_first_expression(capsys):
    assert main(["time", *NOW, "下下周二下午两点半开会，周五交材料"]) == 0
    assert out_json(capsys) == {"start": "2026-04-28T14:30", "end": "2026-04-28T14:30", "text": "下下周二下午2点半"}


def test_time_prints_null_without_a_time(capsys):
    main(["time", *NOW, "好的"])
    assert out_json(capsys) is None


def test_time_current_year_flag(capsys):
    main(["time", *NOW, "--current-year", "3月份"])
    assert out_json(capsys)["start"] == "2026-03-01"


# In early December a time without its year, each way it may lean.
LEANED = [
    ("10月份", "past", "2026-10-01"),
    ("10月份", "future", "2027-10-01"),
    ("10月份", "recent", "2026-10-01"),  # the October just gone, as in "10月份的发布会改到…"
    ("10月份", "current", "2026-10-01"),
    ("1月份", "nearest", "2027-01-01"),
    ("1月份", "past", "2026-01-01"),
    ("20号", "past", "2026-11-20"),
    ("20号", "future", "2026-12-20"),
    ("明年3月", "past", "2027-03-01"),  # a year said is never turned
]


@pytest.mark.parametrize("text,lean,start", LEANED, ids=[f"{t}-{lean}" for t, lean, _ in LEANED])
def test_time_lean_flag(capsys, text, lean, start):
    assert main(["time", "--now", "2026-12-05T09:00", "--lean", lean, text]) == 0
    assert out_json(capsys)["start"] == start


def test_time_lean_wins_over_current_year(capsys):
    main(["time", "--now", "2026-12-05T09:00", "--current-year", "--lean", "future", "3月份"])
    assert out_json(capsys)["start"] == "2027-03-01"


def test_time_jsonl_lean_per_line():
    lines = [json.dumps({"text": "3月份", "now": "2026-12-05T09:00"}, ensure_ascii=False),
             json.dumps({"text": "3月份", "now": "2026-12-05T09:00", "lean": "past"}, ensure_ascii=False),
             json.dumps({"text": "3月份", "now": "2026-12-05T09:00", "lean": "backwards"}, ensure_ascii=False)]
    done = run_cli("time", "--jsonl", "--lean", "nearest", stdin="\n".join(lines))
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [o.get("start") for o in out[:2]] == ["2027-03-01", "2026-03-01"]
    assert out[2]["error"].startswith("第3行：lean") and done.returncode == 1


@pytest.mark.parametrize("args,message", [
    (["time", "--lean", "sideways", "3月"], "--lean 应为 future、past、nearest、current、recent 之一"),
    (["parse", "--now", "昨天", "x"], "时间无效"),
    (["time", "--now", "2026-13-01", "x"], "时间无效"),
    (["parse", "--units", "/nonexistent/units.txt", "x"], "无法读取单位名录文件"),
    (["parse"], "请给出要解析的文本"),
])
def test_bad_input_is_a_clear_error(capsys, args, message):
    assert main(args) != 0
    assert message in capsys.readouterr().err


def test_parse_jsonl_answers_every_line_in_order():
    lines = [
        json.dumps({"text": "我局6月份开发布会", "now": "2026-04-14T09:30", "unit": "区教育局"}, ensure_ascii=False),
        "{not json",
        json.dumps({"text": "后天有没有发布会"}, ensure_ascii=False),
        json.dumps({"text": "后天有没有发布会", "now": "someday"}, ensure_ascii=False),
        json.dumps({"text": "后天有没有发布会", "now": "2026-04-14T09:30"}, ensure_ascii=False),
    ]
    done = run_cli("parse", "--jsonl", "--units", UNITS_FILE, stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(out) == 5
    assert out[0]["unit"] == "区教育局" and out[4]["when"] == {"start": "2026-04-16", "end": "2026-04-16"}
    assert out[1]["error"].startswith("第2行：不是有效的 JSON")
    assert out[2] == {"error": "第3行：缺少 now 字段"}
    assert out[3]["error"].startswith("第4行：时间无效")
    assert done.returncode != 0 and "第2行" in done.stderr.decode("utf-8")


def test_time_jsonl():
    lines = [json.dumps({"text": "4月15日至16日", "now": "2026-04-14T09:30"}, ensure_ascii=False),
             json.dumps({"text": "收到", "now": "2026-04-14T09:30"}, ensure_ascii=False)]
    done = run_cli("time", "--jsonl", stdin="\n".join(lines))
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert out == [{"start": "2026-04-15", "end": "2026-04-16", "text": "4月15日至16日"}, None]
    assert done.returncode == 0


def test_unknown_units_file_exits_non_zero_from_the_real_command():
    done = run_cli("parse", "--units", "/nonexistent/units.txt", "我局5月开发布会")
    assert done.returncode != 0 and "无法读取单位名录文件" in done.stderr.decode("utf-8")


def _niceness_after(args: list[str], env: dict | None = None) -> tuple[int, str]:
    """The niceness a ``pressbot`` process has once its command ran (it prints it last), and its stderr."""
    code = ("import os, sys\nfrom bot.cli import main\nsys.argv = ['pressbot', *sys.argv[1:]]\n"
            "code = main()\nprint(code, os.nice(0), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, timeout=120, text=True,
                          env=env)
    return int(done.stderr.strip().splitlines()[-1].split()[-1]), done.stderr


def test_a_command_from_the_shell_runs_behind_the_bots_replies_and_serve_does_not(tmp_path):
    """On the server the office's commands must not take the cores from the replies (2 cores,
    ``pressbot events`` for a second or two): they run as nice as the handler, ``serve`` as started."""
    import os
    import socket

    from bot.priority import BEHIND_FRONT

    base = os.nice(0)
    assert _niceness_after(["parse", *NOW, "我局6月份开发布会"])[0] == min(19, base + BEHIND_FRONT)
    with socket.socket() as taken:  # serve finds its port taken, says so and stops: it got that far
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        env = {**os.environ, "PRESSBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/serve.db"}
        niceness, said = _niceness_after(["serve", "--port", str(taken.getsockname()[1])], env)
    assert "端口" in said and niceness == base
    assert os.nice(0) == base  # and a call from Python (the tests' main([...])) leaves the caller alone
    main(["parse", *NOW, "我局6月份开发布会"])
    assert os.nice(0) == base
