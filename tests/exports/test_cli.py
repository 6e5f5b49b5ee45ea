"""``pressbot export``: files from the command line, and clear Chinese refusals that write nothing."""
from datetime import date

import pytest

from bot.cli import main
from bot.cli.export_cmds import default_period
from tests.exports.export_readers import read_docx, read_sheets


@pytest.fixture
def cli(monkeypatch, capsys, db_url):
    """Run ``pressbot`` in-process on the test database; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("PRESSBOT_DATABASE_URL", db_url)
    monkeypatch.setenv("PRESSBOT_TIMEZONE", "Asia/Shanghai")

    def run(*argv: str):
        code = main(["export", *argv])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_stats_for_a_period(cli, register, tmp_path):
    out = tmp_path / "统计表.xlsx"
    code, stdout, _ = cli("stats", "--from", "2026-01-01", "--to", "2026-06-30", "--out", str(out),
                          "--reporting-unit", "铜官区政务公开办")
    assert code == 0 and "已导出统计表" in stdout
    sheets = read_sheets(out.read_bytes())
    assert sheets["新闻发布会"].title == "铜官区政务公开办2026年上半年新闻发布会情况统计表"
    assert len(sheets["新闻发布会"].rows) == 4 and len(sheets["在线访谈"].rows) == 2


def test_stats_header_names_the_filler(cli, register, tmp_path):
    out = tmp_path / "统计表.xlsx"
    code, _, _ = cli("stats", "--from", "2026-01-01", "--to", "2026-06-30", "--out", str(out),
                     "--filler", "王丽", "--phone", "0562-2812345")
    assert code == 0
    subtitle = read_sheets(out.read_bytes())["新闻发布会"].subtitle
    assert "填表人：王丽" in subtitle and "联系方式：0562-2812345" in subtitle


def test_assessment_of_a_year(cli, register, tmp_path):
    out = tmp_path / "考核.xlsx"
    code, stdout, _ = cli("assessment", "--year", "2026", "--out", str(out))
    assert code == 0 and "已导出考核表" in stdout
    sheets = read_sheets(out.read_bytes())
    assert list(sheets) == ["2026年考核", "明细", "按月"]
    assert {r["单位"] for r in sheets["2026年考核"].rows} == set(register.units)


@pytest.mark.parametrize("argv, message", [
    (["assessment", "--from", "2026-01-01", "--out", "考核.xlsx"], "用 --year 指定年度"),
    (["assessment", "--year", "2026", "--out", "考核.docx"], "考核表只能导出为 .xlsx"),
    (["plan", "--year", "2026", "--out", "计划.xlsx"], "--year 只用于考核表"),
])
def test_assessment_options_are_checked(cli, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, _, stderr = cli(*argv)
    assert code == 2 and message in stderr and not list(tmp_path.glob("*.xlsx"))


def test_registration_of_one_event(cli, register, tmp_path):
    out = tmp_path / "登记表.docx"
    form = register.registrations["education"]
    code, _, _ = cli("registration", "--event", str(form.event_id), "--out", str(out))
    assert code == 0
    assert form.title in read_docx(out.read_bytes()).tables[0].rows[0].cells[1].text


@pytest.mark.parametrize("suffix", ["xlsx", "docx", "XLSX"])
def test_plan_in_the_format_of_the_file_name(cli, register, tmp_path, suffix):
    out = tmp_path / f"计划.{suffix}"
    code, stdout, _ = cli("plan", "--from", "2026年1月1日", "--to", "2026/12/31", "--out", str(out))
    assert code == 0 and "已导出计划" in stdout
    data = out.read_bytes()
    if suffix.lower() == "xlsx":
        assert read_sheets(data)["新闻发布会计划"].title == "2026年度新闻发布会计划"
    else:
        assert read_docx(data).paragraphs[0].text == "2026年度新闻发布会计划"


def test_unknown_event_is_refused_and_nothing_written(cli, register, tmp_path):
    outdir = tmp_path / "out"
    outdir.mkdir()
    code, _, stderr = cli("registration", "--event", "99999", "--out", str(outdir / "登记表.docx"))
    assert code != 0 and "找不到编号为 99999 的活动" in stderr
    assert list(outdir.iterdir()) == []


BAD_INPUT = [
    ("from-after-to", ["stats", "--from", "2026-07-01", "--to", "2026-06-30", "--out", "x.xlsx"], "晚于"),
    ("stats-as-pdf", ["stats", "--out", "x.pdf"], "统计表只能导出为 .xlsx"),
    ("registration-as-xlsx", ["registration", "--event", "1", "--out", "x.xlsx"], "登记表只能导出为 .docx"),
    ("no-extension", ["plan", "--out", "plan"], "没有扩展名"),
    ("unknown-document", ["budget", "--out", "x.xlsx"], "不认识的导出内容"),
    ("no-out", ["stats"], "请用 --out 指定输出文件"),
    ("bad-date", ["stats", "--from", "下周二", "--out", "x.xlsx"], "无法识别"),
    ("no-such-month", ["stats", "--from", "2026-13-01", "--out", "x.xlsx"], "不存在"),
    ("no-such-day", ["stats", "--from", "2026-02-30", "--out", "x.xlsx"], "不存在"),
    ("registration-without-event", ["registration", "--out", "x.docx"], "--event"),
    ("event-not-a-number", ["registration", "--event", "三", "--out", "x.docx"], "应是数字"),
    ("event-for-stats", ["stats", "--event", "1", "--out", "x.xlsx"], "--event 只用于登记表"),
    ("period-for-registration", ["registration", "--event", "1", "--from", "2026-01-01", "--out", "x.docx"],
     "不用 --from/--to"),
]


@pytest.mark.parametrize(("argv", "message"), [b[1:] for b in BAD_INPUT], ids=[b[0] for b in BAD_INPUT])
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_bad_input_is_refused_in_chinese(cli, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = cli(*argv)
    assert code != 0 and stdout == ""
    assert stderr.startswith("导出失败：") and message in stderr
    assert list(tmp_path.iterdir()) == []  # no file, and no empty database created either


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_missing_output_directory(cli, tmp_path):
    code, _, stderr = cli("stats", "--out", str(tmp_path / "nowhere" / "x.xlsx"))
    assert code != 0 and "输出目录不存在" in stderr


def test_missing_database_file_is_not_created(cli, tmp_path, monkeypatch):
    db = tmp_path / "absent.db"
    monkeypatch.setenv("PRESSBOT_DATABASE_URL", f"sqlite+aiosqlite:///{db}")
    code, _, stderr = cli("stats", "--out", str(tmp_path / "x.xlsx"))
    assert code != 0 and "数据库文件不存在" in stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_unknown_time_zone(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSBOT_TIMEZONE", "Mars/Olympus")
    code, _, stderr = cli("stats", "--out", str(tmp_path / "x.xlsx"))
    assert code != 0 and "未知的时区" in stderr


PERIODS = [
    ("stats-today-in-spring", "stats", None, None, (2026, 1, 1), (2026, 6, 30)),
    ("stats-today-in-autumn", "stats", None, None, (2026, 7, 1), (2026, 12, 31), (2026, 10, 5)),
    ("stats-from-only", "stats", (2026, 3, 1), None, (2026, 3, 1), (2026, 6, 30)),
    ("stats-to-only", "stats", None, (2026, 11, 30), (2026, 7, 1), (2026, 11, 30)),
    ("plan-today", "plan", None, None, (2026, 1, 1), (2026, 12, 31)),
    ("plan-from-next-year", "plan", (2027, 1, 1), None, (2027, 1, 1), (2027, 12, 31)),
]


@pytest.mark.parametrize("case", PERIODS, ids=[p[0] for p in PERIODS])
def test_default_period(case):
    _, what, start, end, lo, hi, *today = case
    today = date(*(today[0] if today else (2026, 4, 14)))
    got = default_period(what, start and date(*start), end and date(*end), today)
    assert got == (date(*lo), date(*hi))
