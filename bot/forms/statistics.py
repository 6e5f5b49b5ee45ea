"""统计表 (statistics form) as data: one row per held event; online interviews add three fields."""
from __future__ import annotations

from functools import partial
from typing import Any

from bot.forms.parsers import (
    parse_count,
    parse_exact_time,
    parse_interview_form,
    parse_link,
    parse_list,
    parse_text,
    parse_yes_no,
)
from bot.forms.spec import Field, FormSpec, show_time

P = "conversation/forms/statistics/"
INTERVIEW = "online_interview"


def is_interview(values: dict[str, Any]) -> bool:
    return values.get("kind") == INTERVIEW


def is_conference(values: dict[str, Any]) -> bool:
    return not is_interview(values)


def has_questions(values: dict[str, Any]) -> bool:
    return is_conference(values) and values.get("has_reporter_questions") is not False


STATISTICS = FormSpec(
    name="statistics",
    title="统计表",
    summary="conversation/forms/statistics/review.j2",
    fields=(
        Field("held_at", "时间", P + "held_at.j2", parse_exact_time, aliases=("举办时间", "日期"), show=show_time),
        Field("location", "地点", P + "location.j2", parse_text, aliases=("举办地点",), applies=is_conference),
        Field("unit_name", "单位", P + "unit_name.j2", parse_text, aliases=("发布单位", "访谈单位")),
        Field("media", "媒体单位", P + "media.j2", parse_list, aliases=("媒体", "参加媒体", "到场媒体"),
              applies=is_conference),
        Field("topic", "主题", P + "topic.j2", partial(parse_text, max_chars=300), aliases=("发布主题", "访谈主题")),
        Field("speaker", "发布人", P + "speaker.j2", parse_text, aliases=("发布人姓名", "嘉宾", "访谈嘉宾")),
        Field("has_reporter_questions", "是否设记者提问", P + "has_reporter_questions.j2", parse_yes_no,
              aliases=("记者提问环节",), applies=is_conference),
        Field("reporter_question_count", "记者提问个数", P + "reporter_question_count.j2", parse_count,
              aliases=("记者提问", "提问个数", "问题数"), applies=has_questions),
        Field("interview_form", "形式", P + "interview_form.j2", parse_interview_form,
              aliases=("访谈形式",), applies=is_interview),
        Field("netizen_question_count", "网友提问个数", P + "netizen_question_count.j2", parse_count,
              aliases=("网友提问",), applies=is_interview),
        Field("link", "链接", P + "link.j2", parse_link, skippable=True, aliases=("网址", "地址"),
              applies=is_interview),
    ),
)
