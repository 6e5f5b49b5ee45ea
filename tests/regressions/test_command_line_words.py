"""A newcomer's mistakes at the command line: ``pressbot serve`` on a port already taken (a second
serve, or anything on 8080) or out of range printed a Python traceback; a number argument given
letters said "应为 int"; ``--year 99`` imported a plan for the year 99."""
from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from bot.cli import main
from tests.channels.test_serve_process import ROOT, free_port, pressbot


def test_serve_on_a_port_in_use_says_so_in_chinese(tmp_path):
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        proc = pressbot("serve", "--port", str(port),
                        env={"PRESSBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'p.db'}"})
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode != 0
    assert "Traceback" not in err, err[-1500:]
    assert f"端口 {port} 已被占用" in err and "--port" in err, err[-800:]


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_a_port_out_of_range_is_a_usage_error(capsys, port):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--port", port])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "端口应为 1–65535 之间的整数" in err, err


@pytest.mark.parametrize("argv", [["history", "abc"], ["outbox", "--retry", "x"], ["serve", "--port", "abc"],
                                  ["units", "--year", "今年"]], ids=lambda a: " ".join(a))
def test_a_number_given_letters_says_a_number_is_wanted(capsys, argv):
    with pytest.raises(SystemExit):
        main(argv)
    err = capsys.readouterr().err
    assert "int" not in err and ("整数" in err or "年份应为" in err), err


@pytest.mark.parametrize("year", ["99", "3026"])
def test_import_plan_refuses_a_year_no_plan_has(capsys, tmp_path, year):
    plan = tmp_path / "plan.csv"
    plan.write_text("序号,发布单位,发布主题,时间\n1,县教育局,招生政策解读,5月\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["import-plan", str(plan), "--dry-run", "--year", year])
    assert exit_.value.code == 2
    assert "年份应为 2000–2100 之间的四位数" in capsys.readouterr().err


def test_every_help_text_names_its_values_in_chinese():
    out = subprocess.run([sys.executable, "-m", "bot", "inbox", "-h"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60).stdout
    assert "FILE" not in out and "--config 文件" in out


@pytest.mark.parametrize("where", ["missing", "folder"])
def test_import_people_from_a_wrong_path_says_why_in_chinese(capsys, tmp_path, where):
    path = tmp_path / "people.csv"
    if where == "folder":
        path.mkdir()
    code = main(["import-people", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "No such file" not in err and "Is a directory" not in err, err
    assert ("找不到这个文件" if where == "missing" else "是一个文件夹") in err, err
