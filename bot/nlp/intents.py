"""What a message asks for: keyword scoring, decided before any slot is read.

Intents: register, reschedule, cancel, query, report (the event took place: statistics
follow), help, other. Each row of ``SCORES`` adds its weight when its pattern occurs; the
highest total wins, ties going to the earlier intent of ``PRIORITY``. Only messages about a
press conference or interview (a kind word, or 发布 used as a verb) can register, move, cancel
or report; without one, a message is a query only when it asks about activities, otherwise it
is ``other`` — so "好的", "辛苦了" and "明天上午开部门例会" are left alone.
"""
from __future__ import annotations

import re

PRIORITY = ("cancel", "reschedule", "report", "query", "register")

_HELP = re.compile(r"^\s*(?:help|帮助|菜单|使用说明|用法|\?|？)|怎么用|如何使用|使用方法|能做什么|有什么功能|会干什么",
                   re.IGNORECASE)
EVENT = re.compile(r"发布会|吹风会|解读会|通气会|访谈|发布(?![会人厅])")
# Asking about activities without naming a kind: "下周的活动安排", "哪些单位还没报登记表".
_ACTIVITY = re.compile(r"活动|安排|日程|计划|登记表|统计表|单位")
_OTHER_MEETING = re.compile(r"例会|会议|开会|集合|培训|聚餐|学习会")

SCORES: tuple[tuple[str, re.Pattern, int], ...] = tuple(
    (intent, re.compile(pattern), weight) for intent, pattern, weight in (
        ("cancel", r"取消|不开了|不办了|不搞了|不做了|不举行了|不召开了|暂不安排|暂不举办|暂不召开|撤销|作废|不再安排", 6),
        ("reschedule", r"改期|延期|推迟|提前到|提前至|提前在|改到|改为|改成|改在|改至|调整到|调整为|调整至|"
                       r"挪到|顺延|延后|推到|换到|往后推|往后挪", 6),
        ("report", r"开完|做完|办完|录完|已召开|已举办|已举行|已开|已经开了|已结束|结束了|圆满|顺利召开|"
                   r"到场媒体|媒体\d+家|记者提问|网友提问|提问\d+个|报统计|统计表|填统计|实录", 5),
        ("query", r"哪些|哪几|几场|几个|多少场|多少个|有多少", 7),
        ("query", r"什么时候|啥时候|何时|有没有|有无|排在|排到|查询|查一下|查查|列表|清单|进度|"
                  r"有什么|有啥|有哪|都有", 4),
        ("query", r"吗|呢|？|\?|安排$|安排情况|完成情况|情况$|定了", 3),
        ("register", r"召开|举办|举行|开展|开|搞|做|办|拟|准备|计划|打算|将于|定于|登记|报名|申报|发布(?![会人厅])", 2),
    )
)


def scores(text: str) -> dict[str, int]:
    totals = dict.fromkeys(PRIORITY, 0)
    for intent, pattern, weight in SCORES:
        if pattern.search(text):
            totals[intent] += weight
    return totals


def classify(text: str, has_time: bool) -> str:
    """The intent of a normalised message."""
    if _HELP.search(text) and not EVENT.search(text):
        return "help"
    totals = scores(text)
    if not EVENT.search(text):
        asks = totals["query"] > 0 and (has_time or _ACTIVITY.search(text))
        return "query" if asks and not _OTHER_MEETING.search(text) else "other"
    best = max(PRIORITY, key=lambda name: (totals[name], -PRIORITY.index(name)))
    if totals[best] > 0:
        return best
    return "register" if has_time else "query"
