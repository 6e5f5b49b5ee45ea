"""The .docx exports convert to PDF with LibreOffice headless: page count and text checked.

One backend is enough here (the register is the same); the conversion is the slow part.
"""
import re
import subprocess
from datetime import date

import pytest

from bot.clock import DEFAULT_TZ
from bot.exports.assessment_xlsx import export_assessment
from bot.exports.plan import export_plan
from bot.exports.registration import export_registration
from bot.exports.stats import export_stats
from tests.exports.conftest import to_pdf

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_text(pdf, page: int | None = None) -> str:
    """The text without white space: pdftotext puts spaces between Chinese and digits and
    breaks wrapped cells into lines."""
    where = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", *where, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", out)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
async def pdfs(session, register, soffice, tmp_path):
    """The full registration form and the year's plan, converted in one LibreOffice run."""
    reg = tmp_path / "登记表.docx"
    reg.write_bytes(await export_registration(session, event_id=register.registrations["education"].event_id,
                                              tz=DEFAULT_TZ))
    plan = tmp_path / "计划.docx"
    plan.write_bytes(await export_plan(session, start=date(2026, 1, 1), end=date(2026, 12, 31), tz=DEFAULT_TZ,
                                       fmt="docx"))
    reg_pdf, plan_pdf = to_pdf(soffice, [reg, plan], tmp_path)
    return reg_pdf, plan_pdf


async def test_registration_form_prints_on_one_page_with_every_field(pdfs, register):
    reg_pdf, _ = pdfs
    form = register.registrations["education"]
    text = page_text(reg_pdf)
    assert pages(reg_pdf) == 1
    for label in ("新闻发布会登记表", "全称", "举办单位", "负责人", "内容", "举办时间", "举办地点",
                  "拟邀请领导及来宾", "拟邀请新闻单位", "报送材料", "审批意见", "（盖章）", "备注"):
        assert label in text, label
    for value in (form.title, form.contact_name, form.contact_phone, form.approval_opinion, form.remarks,
                  *form.summary.splitlines(), *form.invited_media, "2026年3月18日15:00"):
        assert squeeze(value) in text, value


async def test_plan_runs_over_pages_with_the_header_repeated_and_interviews_apart(pdfs, register):
    _, plan_pdf = pdfs
    n = pages(plan_pdf)
    texts = [page_text(plan_pdf, p) for p in range(1, n + 1)]
    assert n >= 3  # the press conferences fill two pages, the interviews start a page of their own
    assert "2026年度新闻发布会计划" in texts[0]
    assert "2026年度在线访谈计划" in texts[-1] and "新闻发布会计划" not in texts[-1]
    assert all("序号" in t for t in texts)  # the header row is printed again on each page
    everything = "".join(texts)
    for event in register.plan:
        assert squeeze(event.topic) in everything, event.topic
        assert squeeze(event.speaker or "") in everything, event.speaker


async def test_statistics_table_prints_both_sheets_with_header_and_footer(session, register, soffice_calc, tmp_path):
    path = tmp_path / "统计表.xlsx"
    path.write_bytes(await export_stats(session, start=date(2026, 1, 1), end=date(2026, 6, 30), tz=DEFAULT_TZ,
                                        reporting_unit="铜官区政务公开办", filler="王丽", filler_phone="0562-2812345",
                                        issued_on=date(2026, 7, 2)))
    (pdf,) = to_pdf(soffice_calc, [path], tmp_path)
    text = page_text(pdf)
    for words in ("铜官区政务公开办2026年上半年新闻发布会情况统计表", "铜官区政务公开办2026年上半年在线访谈情况统计表",
                  "填表单位（公章）：铜官区政务公开办", "填表人：王丽", "联系方式：0562-2812345",
                  "填表日期：2026年7月2日", "访谈嘉宾", "网友提问个数", "记者提问个数", "12月30日前"):
        assert squeeze(words) in text, words
    for name in ("education", "statistics", "interview"):
        assert squeeze(register.events[name].topic) in text, name


async def test_assessment_prints_its_three_sheets(session, register, soffice_calc, tmp_path):
    path = tmp_path / "考核.xlsx"
    path.write_bytes(await export_assessment(session, year=2026, tz=DEFAULT_TZ))
    (pdf,) = to_pdf(soffice_calc, [path], tmp_path)
    text = page_text(pdf)
    assert pages(pdf) >= 3  # each sheet starts a page
    # a narrow column wraps its heading: pdftotext reads its lines apart
    for words in ("2026年度新闻发布会和在线访谈工作考核表", "主要负责", "延期超", "2026年度考核明细",
                  "2026年各月计划与举办场次"):
        assert squeeze(words) in text, words
    for unit in register.units:
        assert unit in text, unit
