"""统计表 (statistics form) as data: one row per held event; online interviews add three fields."""
from __future__ import annotations

import re
from functools import partial
from typing import Any

from bot.forms.numbers import parse_count_text
from bot.forms.parsers import (
    parse_count,
    parse_held_time,
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


def principal_spoke(values: dict[str, Any]) -> bool:
    return is_conference(values) and values.get("principal_spoke") is True


# "2·1+N": the principal leader speaks at a press conference at least once a year. Asked on the
# statistics form and kept on the event (not on the form row), where the rules count it.
PRINCIPAL_FIELDS = ("principal_spoke", "principal_name")


STATISTICS = FormSpec(
    name="statistics",
    title="统计表",
    summary="conversation/forms/statistics/review.j2",
    fields=(
        Field("held_at", "时间", P + "held_at.j2", parse_held_time, aliases=("举办时间", "日期"), show=show_time),
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
        Field("principal_spoke", "主要负责同志是否出席", P + "principal_spoke.j2", parse_yes_no,
              aliases=("主要负责同志", "主要负责人", "主要领导", "一把手"), applies=is_conference),
        Field("principal_name", "主要负责同志姓名、职务", P + "principal_name.j2", parse_text,
              aliases=("出席领导", "主要负责同志姓名"), applies=principal_spoke),
        Field("interview_form", "形式", P + "interview_form.j2", parse_interview_form,
              aliases=("访谈形式",), applies=is_interview),
        Field("netizen_question_count", "网友提问个数", P + "netizen_question_count.j2", parse_count,
              aliases=("网友提问",), applies=is_interview),
        Field("link", "链接", P + "link.j2", parse_link, skippable=True, aliases=("网址", "地址"),
              applies=is_interview),
    ),
)


# What a report message says about the counts: "来了8家媒体，记者提了5个问题，网友提了12个问题".
N = r"(\d+|[一二两三四五六七八九十]+)"
MEDIA_COUNT = (re.compile(N + r"\s*家\S{0,3}媒体"), re.compile(r"媒体\S{0,3}?" + N + r"\s*家"))
# Netizens first: a count said of them is taken out of the text before reporters are looked for,
# so that "网友提了12个问题" never becomes 12 reporter questions.
NOT_A_COUNT = r"[^，,。；;\d一二两三四五六七八九十]"
NETIZEN_COUNT = (re.compile(r"(?:网友|网民)" + NOT_A_COUNT + r"{0,6}" + N + r"\s*(?:个|条)"),
                 re.compile(N + r"\s*(?:个|条)(?:网友|网民)(?:提问|问题|留言)"))
REPORTER_COUNT = (re.compile(r"记者\S{0,4}?(?:提问|提了|问了)\S{0,2}?" + N + r"\s*个"),
                  re.compile(N + r"\s*个(?:记者)?(?:提问|问题)"))


def counts_in_message(text: str, kind: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(values, extra) a report message gives: question counts, and how many media came.

    An interview has no reporters' count and a press conference no netizens'; ``kind`` drops
    the one that does not belong."""
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    netizen, rest = _take(NETIZEN_COUNT, text)
    if netizen is not None:
        values["netizen_question_count"] = netizen
    reporter, _ = _take(REPORTER_COUNT, rest)
    if reporter is not None:
        values.update(has_reporter_questions=reporter > 0, reporter_question_count=reporter)
    media, _ = _take(MEDIA_COUNT, text)
    if media is not None:
        extra["expected_media"] = media
    drop = REPORTER_FIELDS if kind == INTERVIEW else NETIZEN_FIELDS if kind else ()
    return {k: v for k, v in values.items() if k not in drop}, extra


REPORTER_FIELDS = ("has_reporter_questions", "reporter_question_count")
NETIZEN_FIELDS = ("netizen_question_count",)


def _take(patterns: tuple[re.Pattern[str], ...], text: str) -> tuple[int | None, str]:
    """The first count matched, and the text without it."""
    for pattern in patterns:
        m = pattern.search(text)
        if m:
            return parse_count_text(m.group(1)), text[:m.start()] + "，" + text[m.end():]
    return None, text
