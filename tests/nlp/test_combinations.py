"""Combinations: message templates × unit forms × time forms × topics × kinds, each part carrying
what it must parse to, so the expected parse of a message is computed from its parts.

Fresh chat lines fail where a unit is named in another form or a topic starts or ends unusually;
this crosses those forms with each other instead of listing sentences. A seeded sample keeps the
run short; ``SAMPLE`` is how many messages of each template are drawn.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

import pytest

from bot.nlp import parse
from tests.nlp.unseen_table import window

NOW = datetime.fromisoformat("2026-04-14T09:30")  # a Tuesday
SENDER = "区教育局"
SAMPLE = 300
FIELDS = ("intent", "kind", "unit", "when", "topic", "old_when", "co_units")

# (as written, the unit it names, the sender): a sender of None is the default one
UNITS = [
    ("区人社局", "区人社局", None), ("人社局", "区人社局", None), ("人力资源和社会保障局", "区人社局", None),
    ("区人力资源和社会保障局", "区人社局", None), ("县卫健委", "区卫健委", None), ("卫健委", "区卫健委", None),
    ("卫生健康委员会", "区卫健委", None), ("市场监管局", "区市场监管局", None), ("市监局", "区市场监管局", None),
    ("市场监督管理局", "区市场监管局", None), ("区市场局", "区市场监管局", None), ("发改委", "区发改委", None),
    ("发展和改革委员会", "区发改委", None), ("发改局", "区发改委", None), ("住建局", "区住建局", None),
    ("住房和城乡建设局", "区住建局", None), ("应急局", "区应急管理局", None), ("城管执法局", "区城管局", None),
    ("农业农村局", "区农业农村水利局", None), ("文旅局", "区文旅局", None), ("民政局", "区民政局", None),
    ("统计局", "区统计局", None), ("财政局", "区财政局", None), ("教育局", "区教育局", None),
    ("区融媒体中心", "区融媒体中心", None), ("区人民法院", "区人民法院", None), ("区人民检察院", "区人民检察院", None),
    ("东城街道办事处", "东城街道", None), ("西关街道", "西关街道", None), ("北关街道办", "北关街道", None),
    ("韩村镇", "韩村镇", None), ("韩村镇人民政府", "韩村镇", None), ("柳林乡人民政府", "柳林乡", None),
    ("德庆县政府", "德庆县政府", None), ("德庆县人民政府", "德庆县政府", None), ("团区委", "团区委", None),
    ("高新区管委会", "高新区管委会", None), ("高新区管理委员会", "高新区管委会", None),
    ("区公积金中心", "区公积金中心", None), ("区疾控中心", "区疾控中心", None), ("区交警大队", "区交警大队", None),
    ("县交通运输局", "县交通局", None), ("区医保局", "区医保局", None), ("区司法局", "区司法局", None),
    ("区总工会", "区总工会", None), ("区妇联", "区妇联", None), ("县建投公司", "县建投公司", None),
    ("区退役军人事务局", "区退役军人事务局", None), ("区政府办公室", "区政府办", None),
    ("区人社", "区人社局", None), ("卫健", "区卫健委", None), ("市场监督管理局", "区市场监管局", None),
    ("我局", "区应急管理局", "区应急管理局"), ("我委", "区卫健委", "区卫健委"), ("本单位", "区财政局", "区财政局"),
    ("我们局", "区民政局", "区民政局"), ("本局", "区住建局", "区住建局"), ("我单位", "区统计局", "区统计局"),
]

# (as written, the window it means from a Tuesday 2026-04-14 for an event ahead)
TIMES = [
    ("5月中旬", "2026-05-11~20"), ("6月20日下午3点", "2026-06-20T15:00"), ("下周三", "2026-04-22"),
    ("三季度", "2026-07-01~2026-09-30"), ("明年1月", "2027-01"), ("9月底", "2026-09-21~30"),
    ("10月上旬", "2026-10-01~10"), ("7月中下旬", "2026-07-11~31"), ("下个月", "2026-05"),
    ("5月20日上午10点", "2026-05-20T10:00"), ("8月份", "2026-08"), ("下半年", "2026-07-01~2026-12-31"),
    ("本周五", "2026-04-17"), ("明天下午3点", "2026-04-15T15:00"), ("11月28日", "2026-11-28"),
    ("6月5号上午十点", "2026-06-05T10:00"), ("五月下旬", "2026-05-21~31"), ("四季度", "2026-10-01~2026-12-31"),
    ("下月初", "2026-05-01~10"), ("2026年9月1日", "2026-09-01"), ("国庆节后", "2026-10-08~14"),
    ("下礼拜四", "2026-04-23"), ("本月底", "2026-04-21~30"), ("下下周二", "2026-04-28"),
    ("6月3日至5日", "2026-06-03~05"), ("明年3月", "2027-03"), ("年底", "2026-12"),
    ("9月10日上午9:30", "2026-09-10T09:30"), ("第三季度", "2026-07-01~2026-09-30"),
    ("下周一下午两点半", "2026-04-20T14:30"), ("7月", "2026-07"), ("5.20", "2026-05-20"),
    ("６月１８日", "2026-06-18"), ("10月28日至30日", "2026-10-28~30"), ("星期五上午10点", "2026-04-17T10:00"),
]
# times of an event already held (a report)
PAST_TIMES = [
    ("昨天", "2026-04-13"), ("上周五", "2026-04-10"), ("4月10日", "2026-04-10"), ("前天下午3点", "2026-04-12T15:00"),
    ("3月中旬", "2026-03-11~20"), ("一季度", "2026-01-01~2026-03-31"), ("上周三上午", "2026-04-08"),
]

TOPICS = [
    "养老服务补贴", "垃圾分类", "高标准农田建设", "安全生产月", "秋季开学工作", "就业援助月活动", "就业创业扶持政策",
    "将军湖湿地公园开园", "要素市场化配置改革", "于都河综合治理", "2026年城乡居民医保参保缴费", "12345热线办理情况",
    "5G网络建设", "《物业管理条例》解读", "“一网通办”改革", "《义务教育法》宣传", "“放心消费”创建",
    "第十届运动会筹备", "上半年经济运行情况", "三夏生产", "城乡居民养老保险", "数据中心建设", "“双减”工作推进",
    "《民法典》进社区", "2025年度财政决算", "一季度经济运行", "3·15消费维权", "就医“一件事”改革",
    "开学第一课", "办好民生实事", "将乐县对口协作", "要件清单公布", "于谦故居修缮保护", "安全生产专项整治三年行动",
]

KINDS = [("新闻发布会", "press_conference"), ("发布会", "press_conference"), ("吹风会", "press_conference"),
         ("新闻通气会", "press_conference"), ("在线访谈", "online_interview"), ("网上访谈", "online_interview")]
VERBS = ["开", "召开", "举办", "要开", "准备召开", "拟召开", "计划举行"]


@dataclass(frozen=True)
class Combo:
    category: str
    text: str
    sender: str
    expected: dict


def _time_led(topic: str) -> bool:
    """"上半年经济运行情况", "2025年度财政决算": a topic that opens with a time. In a message with no other
    time ("统计局的上半年经济运行情况吹风会取消了") that time may as well be the event's ("人社局的5月养老
    发布会取消了"); such pairs are left out."""
    return topic[0] in "0123456789一二三四五六七八九十上下" and not topic.startswith(("一网", "12345", "5G"))


def _glued(time: str, topic: str) -> bool:
    """"3点2025年度…", "周五一季度…": a clock or weekday written against a topic's numeral reads on
    into it (3点20, 五一), as it would to a person; such pairs are left out where nothing parts them."""
    return time[-1] in "点一二三四五六日天0123456789" and topic[0] in "0123456789一二三四五六七八九十"


def _times(times=TIMES):
    return [t for t in times if t[1] is not None]


def _combo(category: str, text: str, sender: str | None, **expected) -> Combo:
    row = {"intent": None, "kind": None, "unit": None, "when": None, "topic": None, "old_when": None, "co_units": []}
    row.update(expected)
    row["when"] = window(row["when"]) if row["when"] else None
    row["old_when"] = window(row["old_when"]) if row["old_when"] else None
    return Combo(category, text, sender or SENDER, row)


def _register(rng: random.Random) -> list[Combo]:
    out = []
    for _ in range(SAMPLE):
        (u, unit, sender), (t, when), topic, (k, kind) = (
            rng.choice(UNITS), rng.choice(_times()), rng.choice(TOPICS), rng.choice(KINDS))
        verb = rng.choice(VERBS)
        out.append(_combo("register:inline", f"{u}{t}{verb}{topic}{k}", sender,
                          intent="register", kind=kind, unit=unit, when=when, topic=topic))
    for _ in range(SAMPLE):
        (u, unit, sender), (t, when), topic, (k, kind) = (
            rng.choice(UNITS), rng.choice(_times()), rng.choice(TOPICS), rng.choice(KINDS))
        sep = rng.choice(["，", " ", "、"])
        out.append(_combo("register:cells", sep.join((t, u, topic, k)), sender,
                          intent="register", kind=kind, unit=unit, when=when, topic=topic))
    for _ in range(SAMPLE):
        (u, unit, sender), (t, when), topic, (k, kind) = (
            rng.choice(UNITS), rng.choice(_times()), rng.choice(TOPICS), rng.choice(KINDS))
        text = rng.choice([f"{u}拟于{t}召开{topic}{k}", f"{u}拟于{t}就{topic}召开{k}", f"{u}将于{t}围绕{topic}举行{k}"])
        out.append(_combo("register:yu", text, sender,
                          intent="register", kind=kind, unit=unit, when=when, topic=topic))
    for _ in range(SAMPLE):
        (u, unit, sender), (t, when), topic, (k, kind) = (
            rng.choice(UNITS), rng.choice(_times()), rng.choice(TOPICS), rng.choice(KINDS))
        glued = f"请帮{u}登记：{t}{topic}{k}" if not _glued(t, topic) else f"请帮{u}登记：{t}，{topic}{k}"
        text = rng.choice([f"{u}{t}{rng.choice(VERBS)}{k}，主题是{topic}", glued,
                           f"{topic}{k}，{u}{t}开", f"{u}准备{t}开个{topic}的{k}",
                           f"请帮{u}报一场{k}：{t}，{topic}"])
        out.append(_combo("register:said", text, sender,
                          intent="register", kind=kind, unit=unit, when=when, topic=topic))
    others = [u for u in UNITS if u[2] is None]  # a joint event of two units, both named
    for _ in range(SAMPLE // 2):
        (u, unit, _s), (u2, unit2, _s2) = rng.sample(others, 2)
        (t, when), topic, (k, kind) = rng.choice(_times()), rng.choice(TOPICS), rng.choice(KINDS)
        if unit == unit2:
            continue
        join = rng.choice(["和", "、", "与", "跟", "会同"])
        text = rng.choice([f"{u}{join}{u2}{t}联合召开{topic}{k}", f"{u}{join}{u2}联合举办{topic}{k}，{t}"])
        out.append(_combo("register:joint", text, None, intent="register", kind=kind, unit=unit, when=when,
                          topic=topic, co_units=[unit2]))
    return out


def _others(rng: random.Random) -> list[Combo]:
    out = []
    for _ in range(SAMPLE):
        (u, unit, sender), (t, when), (k, kind) = rng.choice(UNITS), rng.choice(_times()), rng.choice(KINDS)
        out.append(_combo("query", f"{u}的{k}{t}开吗", sender, intent="query", kind=kind, unit=unit, when=when))
    for _ in range(SAMPLE):
        (u, unit, sender), (t, when), (k, kind) = rng.choice(UNITS), rng.choice(_times()), rng.choice(KINDS)
        text = rng.choice([f"取消{u}{t}的{k}", f"{u}{t}的{k}取消了"])
        out.append(_combo("cancel", text, sender, intent="cancel", kind=kind, unit=unit, old_when=when))
    for _ in range(SAMPLE):
        (u, unit, sender), (k, kind) = rng.choice(UNITS), rng.choice(KINDS)
        (t, old), (t2, new) = rng.sample(_times(), 2)
        text = rng.choice([f"{u}原定{t}的{k}改到{t2}", f"{u}{t}的{k}推迟到{t2}"])
        out.append(_combo("reschedule", text, sender, intent="reschedule", kind=kind, unit=unit,
                          when=new, old_when=old))
    for _ in range(SAMPLE):
        (u, unit, sender), (t, when), topic, (k, kind) = (
            rng.choice(UNITS), rng.choice(_times()), rng.choice(TOPICS), rng.choice(KINDS))
        (t2, new) = rng.choice(_times())
        forms = [
            (f"{u}的{topic}{k}取消了", {"intent": "cancel"}),
            (f"取消{u}{t}的{topic}{k}", {"intent": "cancel", "old_when": when}),
            (f"{u}的{topic}{k}改到{t2}", {"intent": "reschedule", "when": new}),
            (f"{u}{t}的{topic}{k}推迟到{t2}", {"intent": "reschedule", "when": new, "old_when": when}),
        ]
        text, row = rng.choice(forms[1::2] if _time_led(topic) else forms)
        if row.get("when") == row.get("old_when") and "when" in row:
            continue
        out.append(_combo("change:topic", text, sender, kind=kind, unit=unit, topic=topic, **row))
    for _ in range(SAMPLE):
        (u, unit, sender), (t, when), (k, kind) = rng.choice(UNITS), rng.choice(PAST_TIMES), rng.choice(KINDS)
        out.append(_combo("report", f"{u}{t}的{k}开完了，到场媒体6家，记者提问4个", sender,
                          intent="report", kind=kind, unit=unit, when=when))
    return out


def combos() -> list[Combo]:
    rng = random.Random(20261201)
    seen, out = set(), []
    for combo in _register(rng) + _others(rng):
        if (combo.text, combo.sender) not in seen:
            seen.add((combo.text, combo.sender))
            out.append(combo)
    return out


CASES = combos()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.category}:{c.text}" for c in CASES])
def test_combination(case, units):
    got = parse(case.text, now=NOW, sender_unit=case.sender, units=units).as_json()
    assert {name: got[name] for name in FIELDS} == case.expected
