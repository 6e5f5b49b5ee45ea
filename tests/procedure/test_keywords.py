"""The procedure's keyword rules (to move to bot/nlp): which messages each handler takes."""
from __future__ import annotations

import pytest

from bot.handlers.approval import FORWARD
from bot.handlers.materials import LIST_WORDS
from bot.handlers.outline import START
from bot.handlers.publication import SAID, item_of
from bot.procedure.chain import confirms_confidentiality

CASES = [
    # (text, rule, taken)
    ("我局的材料", LIST_WORDS, True), ("我局5月那场发布会的材料", LIST_WORDS, True),
    ("区教育局的材料清单", LIST_WORDS, True), ("材料清单", LIST_WORDS, True),
    ("我局5月开新材料产业发布会", LIST_WORDS, False),
    ("报访谈提纲", START, True), ("报送访谈方案和提纲", START, True), ("报提纲", START, True),
    ("我局下月开提交实施方案发布会", START, False),
    ("预告已发 https://x.cn/1", SAID, True), ("实录已发布（文字、图片） https://x.cn/2", SAID, True),
    ("已发布实录 https://x.cn/2", SAID, True), ("图文实录已上线", SAID, True),
    ("我局下周开实录拍摄培训发布会", SAID, False),
    ("转交 王五", FORWARD, True),
    ("转交给王五处理", FORWARD, True), ("同意转交", FORWARD, False),
]


@pytest.mark.parametrize(("text", "rule", "taken"), CASES, ids=[c[0] for c in CASES])
def test_rule(text, rule, taken):
    assert bool(rule.search(text)) is taken


@pytest.mark.parametrize(("text", "item"), [("访谈预告已发", "preview"), ("图文实录已发布", "record"),
                                            ("现场视频已发布", "video"), ("实录已发布", "record")])
def test_items(text, item):
    m = SAID.match(text)
    assert m is not None and item_of(m.group("item1") or m.group("item2")) == item


@pytest.mark.parametrize(("opinion", "ok"), [("已核查保密", True), ("经审查不涉密", True), ("无涉密内容", True),
                                             ("保密审查通过", True), ("同意", False), ("请做好预案", False)])
def test_confidentiality_confirmation(opinion, ok):
    assert confirms_confidentiality(opinion) is ok
