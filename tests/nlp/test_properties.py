"""parse never raises, stays within its input, and is deterministic — on any input."""
from __future__ import annotations

import json
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.nlp import normalize, parse
from bot.nlp.intents import ROUTES, Intent
from bot.nlp.normalize import plain_text
from bot.nlp.times import find_times
from bot.nlp.units import UnitDirectory

NOW = datetime(2026, 4, 14, 9, 30)  # noqa: DTZ001 - the parser reads naive wall time
INTENTS = {Intent(route, 1.0).coarse for route in ROUTES}
FRAGMENTS = ["我局", "市监局", "发改局", "韩村镇", "气象局", "5月", "中下旬", "下下周二", "上午", "下午",
             "两点半", "3:00", "3.20", "至", "到", "改到", "取消", "开", "召开", "发布会", "网上访谈", "吗",
             "在", "会议室", "发布人：", "，", " ", "@", "二〇二六年", "十月", "第三季度", "Q3", "上半年",
             "的", "个", "一期", "😀", "\x00", "\u200b", "Ａ", "１", "—", "~", "12", "号", "日",
             "和", "、", "定在", "已召开", "好的", "几场", "怎么报", "同意", "导出", "来了3家媒体", "联合"]
settings.register_profile("nlp", max_examples=120, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
SETTINGS = settings.get_profile("nlp")
messages = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join),
)


def check(result, text):
    out = result.as_json()
    json.dumps(out, ensure_ascii=False)
    assert out["intent"] in INTENTS and out["route"] in ROUTES and 0 <= out["confidence"] <= 1
    assert out["unit"] not in out["co_units"]
    norm, plain = normalize(text), plain_text(text)  # a slot keeps its numerals as written
    for name in ("topic", "location", "speaker"):
        assert out[name] is None or out[name] in norm or out[name] in plain
    for name in ("when", "old_when"):
        assert out[name] is None or out[name]["start"] <= out[name]["end"]


@SETTINGS
@given(messages)
def test_parse_never_raises_on_any_text(units, text):
    check(parse(text, now=NOW, sender_unit="区教育局", units=units), text)


@SETTINGS
@given(messages)
def test_a_reply_to_a_reminder_parses_on_any_text(units, text):
    check(parse(text, now=NOW, sender_unit="区教育局", units=units, about_event=True), text)


@SETTINGS
@given(messages, st.sampled_from(ROUTES))
def test_any_route_picked_parses_on_any_text(units, text, route):
    result = parse(text, now=NOW, sender_unit="区教育局", units=units, route=route)
    check(result, text)
    assert result.route == route


@SETTINGS
@given(messages, st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31)))  # noqa: DTZ001
def test_any_now_and_no_sender(text, now):
    check(parse(text, now=now, sender_unit=None, units=UnitDirectory()), text)


@SETTINGS
@given(messages)
def test_time_spans_point_into_the_normalised_text(text):
    norm = normalize(text)
    for found in find_times(text, NOW):
        assert norm[found.span[0]:found.span[1]] == found.text


@SETTINGS
@given(messages)
def test_same_input_same_output(units, text):
    first = parse(text, now=NOW, sender_unit="区教育局", units=units).as_json()
    parse("统计局8月开上半年全区经济运行情况发布会", now=NOW, sender_unit=None, units=units)
    again = parse(text, now=NOW, sender_unit="区教育局", units=units).as_json()
    assert first == again


def test_examples_are_deterministic_across_fresh_directories(units):
    text = "民政局拟于下周二上午10点在区政务中心三楼会议室召开婚姻登记便民措施发布会，发布人：副局长 孙丽"
    fresh = UnitDirectory([(name, ()) for name in units.names])
    assert parse(text, now=NOW, sender_unit=None, units=units) == parse(text, now=NOW, sender_unit=None, units=fresh)


BIG_INPUTS = {
    "mixed 100 KB": ("我局5月份在区政府会议室召开发布会，发布人：副局长 孙丽。😀 " * 3000)[:100_000],
    "digits": "1" * 100_000,
    "numerals": "十" * 100_000,
    "在": "在" * 100_000,
    "kind words": "发布会" * 34_000,
    "dots": "3.2." * 25_000,
    "at signs": "@" * 100_000,
    "bureaus": "局" * 100_000,
    "mixed scripts": ("Ελληνικά العربية русский 한국어 日本語 ３月２０日\t\n" * 2500)[:100_000],
}


def test_huge_messages_parse(units):
    for text in BIG_INPUTS.values():
        check(parse(text, now=NOW, sender_unit="区教育局", units=units), text)
