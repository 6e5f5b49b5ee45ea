"""Every template under templates/conversation renders with sample context: no variable missing."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.render import TEMPLATES_DIR, render

ROOT = TEMPLATES_DIR / "conversation"
EVENT = {
    "id": 7, "unit": "区教育局", "kind": "新闻发布会", "topic": "秋季招生政策解读",
    "when": "2026年5月中旬（具体日期待定）", "exact": False, "location": "区政务中心", "speaker": "副局长 马超",
    "status": "计划", "status_code": "planned", "co_units": ["区财政局"], "missing": ["具体时间"],
}
ROWS = [{"label": "联系电话", "value": "13800138000", "skipped": False},
        {"label": "新闻通稿", "value": "（未填）", "skipped": True}]
SAMPLE = {
    "event": EVENT, "old": EVENT, "events": [EVENT], "months": [{"label": "2026年5月", "events": [EVENT]}],
    "overdue": [EVENT], "open": True,
    "options": ["新登记", "更新已有的"], "count": 2, "unit": "区教育局", "own": "区民政局", "kind": "新闻发布会",
    "period": "2026年5月", "days": 7, "year": 2026, "half": "上半年", "behind": 1,
    "rows": [{"unit": "区教育局", "key": True, "total": 2, "held": 1, "quota": 2, "done": False,
              "principal": False, "principal_due": True, "missing_half": "下半年"}],
    "op": "reschedule", "late": True, "actor": "张三", "approved": False, "opinion": "材料不全",
    "summary": "请核对登记表：……", "name": "孙八", "office": "王五", "role": "liaison", "open_form": "登记表",
    "text": "发布会的事", "title": "登记表", "kept": ["负责人姓名"], "label": "联系电话", "limit": 1200,
    "given": "12345", "minimum": 2, "number": 1, "body": "负责人姓名？", "skippable": True, "position": 3,
    "total": 14, "current": "李明", "first": True, "values": {"media": ["区日报"], "press_release": "通稿",
                                                              "questions": [{"q": "问", "a": "答"}]},
    "extra": {"expected_media": 8}, "for_office": False, "greeting": "hello",
    # the procedure: approval steps, material files, publication
    "step": "分管领导", "seq": 2, "confidentiality": True, "done": ["单位负责人：同意（赵六）"], "days_left": 2,
    "rule": 3, "late_by": 1, "checks": ["☑ 新闻通稿（不超过1200字）：通稿.docx，共800字"], "complete": False,
    "files": [{"label": "图片", "name": "现场.jpg", "size": "2 KB"}], "facts": {"chars": 800}, "duplicate": False,
    "size": "2 KB", "item": "实录", "link": "https://www.example.gov.cn/sl/1.html", "contents": ["文字", "图片"],
    # changes on record
    "reason": "主要负责同志另有公务", "copied": ["宣传部"], "by_office": False, "topic": "义务教育招生政策解读",
    "at": "2026年4月14日 09:30", "low": 2, "high": 300, "written": "2月30日",
    "why": "2026年2月只有28天", "value": "13912345678", "wrong": {"written": "2月30日", "why": "2026年2月只有28天"},
    # the annual plan sent in chat
    "lines": ["  表1 第3行  新闻发布会  区司法局【新单位】  公共法律服务  2026-07-01~09-30（2026年三季度）"],
    "row_count": 3, "new_units": ["区司法局"], "problems": 1, "minutes": 30, "errors": ["第5行：时间读不懂"],
    "years": [2026], "said": "9999年12月", "created": 3, "updated": 0, "unchanged": 0, "skipped": ["第5行：时间读不懂"],
}
TEMPLATES = sorted(str(p.relative_to(TEMPLATES_DIR)) for p in ROOT.rglob("*.j2"))


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_renders(name):
    context = {**SAMPLE, "rows": ROWS} if name.endswith("review.j2") else SAMPLE
    text = render(name, **context)

    assert text.strip() or Path(name).name.startswith("_")


@pytest.mark.parametrize("role", ["liaison", "office", "director", "unknown"])
def test_help_has_three_examples_per_role(role):
    text = render("conversation/help.j2", **{**SAMPLE, "role": role, "open_form": None})

    assert text.count("\n- ") >= 3
