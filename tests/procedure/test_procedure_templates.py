"""Every template of the procedure's rounds renders with sample context: no variable missing."""
from __future__ import annotations

import pytest

from bot.render import TEMPLATES_DIR, render

EVENT = {"id": 7, "unit": "区教育局", "kind": "新闻发布会", "topic": "秋季招生政策解读",
         "when": "2026年4月20日（周一）15:00"}
SAMPLE = {"event": EVENT, "checks": ["☑ 图片（3张）：已收到3张"], "count": 4, "complete": True, "step": "政务公开办",
          "hours": 25, "confidentiality": True, "item": "实录", "late": 2, "preview": False}
TEMPLATES = sorted(str(p.relative_to(TEMPLATES_DIR)) for p in (TEMPLATES_DIR / "procedure").rglob("*.j2"))


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_renders(name):
    assert render(name, **SAMPLE).strip()
