"""Intent and slots beyond the shared examples (now: Tuesday 2026-04-14 09:30)."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.nlp import normalize, parse

NOW = datetime(2026, 4, 14, 9, 30)  # noqa: DTZ001 - the parser reads naive wall time


def run(units, text, sender="区教育局"):
    return parse(text, now=NOW, sender_unit=sender, units=units)


@pytest.mark.parametrize("text,intent", [
    ("我局5月份开发布会", "register"), ("统计局7月下旬发布上半年经济数据", "register"),
    ("请帮农业农村水利局登记：10月份发布会", "register"),
    ("我局6月的发布会改到7月上旬", "reschedule"), ("发布会延期到下周", "reschedule"),
    ("我局5月那场发布会取消了", "cancel"), ("访谈暂不安排了", "cancel"),
    ("发布会刚开完，到场媒体6家", "report"), ("访谈前天做完了，要报统计", "report"),
    ("这个月有哪些发布会", "query"), ("下周的活动安排", "query"), ("哪些单位还没报登记表", "query"),
    ("下周有什么活动", "query"), ("本月有啥发布会", "query"), ("明天都有哪些安排", "query"),
    ("明天有什么会议", "other"),
    ("help", "help"), ("帮助", "help"), ("机器人怎么用", "help"),
    ("好的", "other"), ("收到", "other"), ("已阅", "other"), ("辛苦了", "other"), ("", "other"),
    ("明天上午开部门例会", "other"), ("下午3点开科室例会", "other"), ("3点到会议室集合", "other"),
])
def test_intent(units, text, intent):
    assert run(units, text).intent == intent


@pytest.mark.parametrize("text,topic", [
    ("我局拟于下周三下午3点在市政府新闻发布厅召开养老服务体系建设新闻发布会", "养老服务体系建设"),
    ("统计局8月开上半年全区经济运行情况发布会", "上半年全区经济运行情况"),
    ("公安局8月开2026年上半年社会治安情况发布会", "2026年上半年社会治安情况"),
    ("我局5月中旬开秋季招生政策解读发布会", "秋季招生政策解读"),
    ("城管执法局准备5月初开个共享单车停放管理的发布会", "共享单车停放管理"),
    ("卫健委四季度做一期网上访谈，谈谈家庭医生签约服务", "家庭医生签约服务"),
    ("统计局7月下旬发布上半年经济数据", "上半年经济数据"),
    ("我局6月份开发布会", None), ("我局开5月份的发布会", None),
])
def test_topic(units, text, topic):
    assert run(units, text).topic == topic


@pytest.mark.parametrize("text,start", [
    ("统计局8月开上半年全区经济运行情况发布会", "2026-08-01"),
    ("统计局7月下旬发布上半年经济数据", "2026-07-21"),
    ("我局开5月份的发布会", "2026-05-01"),
    ("统计局5月份开一季度全区经济运行情况发布会", "2026-05-01"),
])
def test_a_time_inside_the_topic_is_not_the_event_time(units, text, start):
    assert run(units, text).when.as_json()["start"] == start


@pytest.mark.parametrize("text,location,speaker", [
    ("我局拟于下周三下午3点在市政府新闻发布厅召开养老服务发布会，发布人是王建国副局长", "市政府新闻发布厅",
     "王建国副局长"),
    ("民政局下周二在区政务中心三楼会议室召开发布会，发布人：副局长 孙丽", "区政务中心三楼会议室", "副局长 孙丽"),
    ("我局5月开发布会，地点：区政府新闻发布厅", "区政府新闻发布厅", None),
    ("我局正在筹备5月的发布会", None, None),
])
def test_location_and_speaker(units, text, location, speaker):
    result = run(units, text)
    assert (result.location, result.speaker) == (location, speaker)


@pytest.mark.parametrize("text,kind", [
    ("我局5月开政策吹风会", "press_conference"), ("我局5月开政策解读会", "press_conference"),
    ("我局5月做网上访谈", "online_interview"), ("我局5月做微视频访谈", "online_interview"),
    ("统计局7月下旬发布上半年经济数据", "press_conference"),
])
def test_kind(units, text, kind):
    assert run(units, text).kind == kind


@pytest.mark.parametrize("text,when,old_when", [
    ("统计局原定7月中旬的发布会提前到7月上旬", ("2026-07-01", "2026-07-10"), ("2026-07-11", "2026-07-20")),
    ("民政局发布会推迟一个月，改到5月下旬", ("2026-05-21", "2026-05-31"), None),
    ("教育局的发布会改到下周五上午9点半", ("2026-04-24T09:30", "2026-04-24T09:30"), None),
    ("原定6月的发布会推迟", None, ("2026-06-01", "2026-06-30")),
])
def test_reschedule_new_and_old_times(units, text, when, old_when):
    result = run(units, text)
    pair = lambda w: (w.as_json()["start"], w.as_json()["end"]) if w else None  # noqa: E731
    assert (result.intent, pair(result.when), pair(result.old_when)) == ("reschedule", when, old_when)


def test_cancel_puts_the_events_time_in_old_when(units):
    result = run(units, "我局3月那场发布会取消了")
    assert result.when is None and result.old_when.as_json() == {"start": "2026-03-01", "end": "2026-03-31"}


def test_query_names_a_unit_only_if_the_message_does(units):
    assert run(units, "这个月有哪些发布会").unit is None
    assert run(units, "人社局这个月有哪些发布会").unit == "区人社局"


@pytest.mark.parametrize("text,normal", [
    ("３月２０日", "3月20日"), ("二〇二六年十月二十日", "2026年10月20日"), ("下午两点半", "下午2点半"),
    ("第三季度", "第3季度"), ("十四五规划", "十四五规划"), ("第一时间", "第一时间"), ("快一点", "快一点"),
    ("@发布会助手 我局三月份开", "我局3月份开"), ("@助手\u2005在吗", "在吗"), ("4 月份", "4月份"),
    ("a\x00b\u200bc  d", "a b c d"),
])
def test_normalisation(text, normal):
    assert normalize(text) == normal


def test_as_json_has_exactly_the_cli_fields(units):
    assert list(run(units, "好的").as_json()) == ["intent", "kind", "unit", "topic", "when", "old_when",
                                                 "location", "speaker", "route", "confidence", "co_units"]
