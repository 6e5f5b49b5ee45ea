"""Word, Excel and CSV plans built from the sample rows read the same; pasted-text variants too."""
import csv
from datetime import date

import pytest

from store.plan.rows import read_plan
from store.plan.tables import read_tables
from tests.store.plan_expected import SUIXI_INTERVIEWS, TONGGUAN_PRESS, tongguan_time_cell

PRESS_HEADER = ["序号", "牵头发布单位", "拟发布时间", "发布主题", "发布人"]
PRESS_TITLE = "2024年度政府信息公开新闻发布会计划"
TALK_HEADER = ["序号", "访谈单位", "访谈主题", "时间安排"]
TALK_TITLE = "濉溪县政府网站2021年度“在线访谈”工作计划"


def press_grid():
    return [PRESS_HEADER] + [[str(seq), unit, tongguan_time_cell(seq, start), topic, speaker]
                             for seq, unit, topic, start, end, speaker in TONGGUAN_PRESS]


def talk_grid():
    return [TALK_HEADER] + [[str(seq), unit, topic, f"2021年{start.month}月{_part(start)}"]
                            for seq, unit, topic, start, end, speaker in SUIXI_INTERVIEWS]


def _part(start: date) -> str:
    return {1: "上旬", 11: "中旬", 21: "下旬"}[start.day]


def expected(rows, kind):
    return [(kind, seq, unit, topic, start, end, speaker) for seq, unit, topic, start, end, speaker in rows]


def got(path, **kw):
    plan = read_plan(read_tables(path), **kw)
    assert plan.errors == []
    return [(r.kind, r.seq, r.unit, r.topic, r.start, r.end, r.speaker) for r in plan.rows]


def build_docx(path):
    import docx

    document = docx.Document()
    document.add_paragraph("关于印发计划的通知")
    for title, grid in ((PRESS_TITLE, press_grid()), (TALK_TITLE, talk_grid())):
        document.add_paragraph("附件")
        document.add_paragraph(title)
        table = document.add_table(rows=len(grid), cols=len(grid[0]))
        for r, values in enumerate(grid):
            for c, value in enumerate(values):
                table.cell(r, c).text = value
    document.save(path)


def build_xlsx(path):
    import openpyxl

    book = openpyxl.Workbook()
    press = book.active
    press.title = "发布会"
    press.append([PRESS_TITLE])
    for values in press_grid():
        press.append([int(v) if i == 0 and v.isdigit() else v for i, v in enumerate(values)])
    talks = book.create_sheet("访谈")
    talks.append([TALK_TITLE])
    for values in talk_grid():
        talks.append(values)
    book.save(path)


def test_docx_two_tables(tmp_path):
    path = tmp_path / "plan.docx"
    build_docx(path)
    assert got(path) == expected(TONGGUAN_PRESS, "press_conference") + expected(SUIXI_INTERVIEWS, "online_interview")


def test_xlsx_two_sheets(tmp_path):
    path = tmp_path / "plan.xlsx"
    build_xlsx(path)
    assert got(path) == expected(TONGGUAN_PRESS, "press_conference") + expected(SUIXI_INTERVIEWS, "online_interview")


def test_csv(tmp_path):
    path = tmp_path / "plan.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([[PRESS_TITLE], *press_grid()])
    assert got(path) == expected(TONGGUAN_PRESS, "press_conference")


def test_csv_in_gbk_with_year_and_kind_given(tmp_path):
    path = tmp_path / "plan.csv"
    with path.open("w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows([["序号", "单位", "主题", "时间"], ["1", "区教育局", "招生政策", "5月中旬"]])
    plan = read_plan(read_tables(path), year=2026, kind="press_conference")
    row = plan.rows[0]
    assert (row.unit, row.topic, row.start, row.end) == ("区教育局", "招生政策", date(2026, 5, 11), date(2026, 5, 20))


def test_tab_separated_text_with_one_cell_per_line_header(tmp_path):
    lines = [PRESS_TITLE, *PRESS_HEADER] + ["\t".join(r) for r in press_grid()[1:]]
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert got(path) == expected(TONGGUAN_PRESS, "press_conference")


def test_one_cell_per_line(tmp_path):
    lines = [TALK_TITLE, *TALK_HEADER] + [cell for row in talk_grid()[1:] for cell in row]
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert got(path) == expected(SUIXI_INTERVIEWS, "online_interview")


PASTED = {
    "20198": ("2019年度新闻发布会计划\n序号 发布单位 发布主题 时间\n1 区教育局 秋季招生 20198\n",
              ("区教育局", [], "秋季招生", date(2019, 8, 1), date(2019, 8, 31))),
    "201910": ("2019年度新闻发布会计划\n序号\t发布单位\t发布主题\t时间\n1\t区教育局\t秋季招生\t201910\n",
               ("区教育局", [], "秋季招生", date(2019, 10, 1), date(2019, 10, 31))),
    "two units": ("2026年度新闻发布会计划\n序号\t牵头发布单位\t发布主题\t时间\n"
                  "1\t市财政局、市农业农村局\t惠农补贴政策解读\t三季度\n",
                  ("市财政局", ["市农业农村局"], "惠农补贴政策解读", date(2026, 7, 1), date(2026, 9, 30))),
    "由访谈单位确定": ("2026年度在线访谈计划\n序号 访谈单位 访谈主题 时间安排\n1 韩村镇 由访谈单位确定 2026年5月\n",
                  ("韩村镇", [], "待定", date(2026, 5, 1), date(2026, 5, 31))),
    "half year": ("2026年度新闻发布会计划\n序号 发布单位 发布主题 时间\n1 区统计局 经济运行 下半年\n",
                  ("区统计局", [], "经济运行", date(2026, 7, 1), date(2026, 12, 31))),
}


@pytest.mark.parametrize("text, want", PASTED.values(), ids=PASTED.keys())
def test_pasted_variants(tmp_path, text, want):
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    plan = read_plan(read_tables(path))
    assert plan.errors == []
    row = plan.rows[0]
    assert (row.unit, row.co_units, row.topic, row.start, row.end) == want


def test_space_separated_rows_with_place_and_speaker(tmp_path):
    text = ("2026年度新闻发布会计划\n序号 发布单位 时间 发布主题 地点 发布人\n"
            "1 区教育局 5月中旬 秋季招生政策解读\n发布会 市政府新闻发布厅 副局长 马超\n")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    row = read_plan(read_tables(path)).rows[0]
    assert (row.topic, row.location, row.speaker) == ("秋季招生政策解读发布会", "市政府新闻发布厅", "副局长 马超")
    assert (row.start, row.end) == (date(2026, 5, 11), date(2026, 5, 20))


def test_interview_form_column_gives_the_subtype(tmp_path):
    text = "2026年度在线访谈计划\n序号\t访谈单位\t访谈主题\t时间\t访谈形式\n1\t区教育局\t招生\t6月\t微视频访谈\n"
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    row = read_plan(read_tables(path)).rows[0]
    assert (row.kind, row.subtype) == ("online_interview", "微视频访谈")


def test_page_text_after_the_last_numbered_row_is_left_out(tmp_path):
    text = ("2026年度在线访谈计划\n序号\n访谈单位\n访谈主题\n访谈时间\n1\n区教育局\n招生\n5月\n"
            "2\n区民政局\n养老\n6月\n政务服务网\n省政府门户网站\n")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    plan = read_plan(read_tables(path))
    assert plan.errors == []
    assert [(r.unit, r.topic, r.start) for r in plan.rows] == [
        ("区教育局", "招生", date(2026, 5, 1)), ("区民政局", "养老", date(2026, 6, 1))]


def test_a_blank_type_cell_in_word_stays_blank_but_a_blank_unit_is_the_one_above(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("2026年新闻发布会计划")
    rows = [["发布单位", "发布主题", "发布形式", "时间"], ["县财政局", "减税降费", "政策吹风会", "6月"],
            ["", "预算公开", "", "7月"]]
    table = document.add_table(rows=3, cols=4)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    path = tmp_path / "plan.docx"
    document.save(path)
    second = read_plan(read_tables(path)).rows[1]
    assert (second.unit, second.topic, second.subtype) == ("县财政局", "预算公开", None)
