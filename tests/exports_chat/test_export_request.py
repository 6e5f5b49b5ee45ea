"""Which messages ask for an export, and what for: document, format, period or event (2026-04-14)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.clock import DEFAULT_TZ
from bot.handlers.export import ExportRequest, read_request
from bot.nlp import UnitDirectory, parse

NOW = datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ)
H1, YEAR = (date(2026, 1, 1), date(2026, 6, 30)), (date(2026, 1, 1), date(2026, 12, 31))

CASES = {
    "导出上半年统计表": ExportRequest("stats", "xlsx", *H1),
    "导出2026年统计表": ExportRequest("stats", "xlsx", *YEAR),
    "导出本月统计表": ExportRequest("stats", "xlsx", date(2026, 4, 1), date(2026, 4, 30)),
    "导出统计表": ExportRequest("stats", "xlsx", *H1),  # the half-year that is handed in
    "导出3月统计表": ExportRequest("stats", "xlsx", date(2026, 3, 1), date(2026, 3, 31)),
    "导出2025年下半年统计表": ExportRequest("stats", "xlsx", date(2025, 7, 1), date(2025, 12, 31)),
    "导出去年的统计": ExportRequest("stats", "xlsx", date(2025, 1, 1), date(2025, 12, 31)),
    "导出今年的计划": ExportRequest("plan", "xlsx", *YEAR),
    "导出年度计划（Word）": ExportRequest("plan", "docx", *YEAR),
    "导出计划安排": ExportRequest("plan", "xlsx", *YEAR),
    "导出明年的计划 word版": ExportRequest("plan", "docx", date(2027, 1, 1), date(2027, 12, 31)),
    "导出下半年计划Excel": ExportRequest("plan", "xlsx", date(2026, 7, 1), date(2026, 12, 31)),
    "导出编号12的登记表": ExportRequest("registration", "docx", event_id=12),
    "导出编号：７的登记表": ExportRequest("registration", "docx", event_id=7),
    "下载#3登记表": ExportRequest("registration", "docx", event_id=3),
    "导出登记表": ExportRequest("registration", "docx"),
    "导出": ExportRequest(None, "xlsx", *YEAR),
}


@pytest.mark.parametrize("text", list(CASES), ids=list(CASES))
def test_request(text):
    assert read_request(text, NOW) == CASES[text]


ROUTED = {"导出上半年统计表": True, "请导出今年的计划": True, "把上半年统计表导出来": True,
          "下载编号3的登记表": True, "我局5月开数据导出平台发布会": False, "本月有哪些发布会": False}


@pytest.mark.parametrize("text", list(ROUTED), ids=list(ROUTED))
def test_which_messages_are_export_requests(text):
    route = parse(text, now=NOW, sender_unit="区教育局", units=UnitDirectory()).route
    assert (route == "export") is ROUTED[text]
