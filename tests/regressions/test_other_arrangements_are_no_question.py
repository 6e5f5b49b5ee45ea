"""Asked why a press conference is cancelled, a liaison wrote the commonest reason there is,
"领导另有安排", and the bot read it as a look-up ("…安排" like "下周的活动安排"): the cancellation
was dropped and the year's list came instead. Someone's other engagements (另有安排, 另有公务安排,
有其他安排, 工作安排冲突) ask nothing; a real look-up ending in 安排 still does."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.nlp import parse
from bot.nlp.units import UnitDirectory
from tests.nlp.conftest import UNITS_FILE

UNITS = UnitDirectory.from_file(UNITS_FILE)
NOW = datetime(2026, 12, 1, 10, 0)  # noqa: DTZ001 - the parser reads naive wall time

NOT_QUESTIONS = ["领导另有安排", "因领导另有安排", "主要负责同志另有公务安排", "上级另有安排",
                 "不办了，领导另有安排", "局长那天有其他安排", "与其他工作安排冲突", "发布人另行安排"]
STILL_QUESTIONS = ["下周的活动安排", "本月活动安排", "三季度的发布会安排给我看看", "这个月有什么安排"]


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_someones_other_engagement_is_not_a_look_up(text):
    assert not parse(text, now=NOW, sender_unit="区人社局", units=UNITS).route.startswith("query.")


@pytest.mark.parametrize("text", STILL_QUESTIONS)
def test_a_look_up_of_the_schedule_still_is(text):
    assert parse(text, now=NOW, sender_unit="区人社局", units=UNITS).route.startswith("query.")
