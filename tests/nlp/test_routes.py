"""What a message asks for, as the dotted route of the parse (now: Tuesday 2026-04-14 09:30).

The bar of issue 15: no message without an action word writes to the register. Questions and
noun phrases are written as people type them in the groups: with and without a question mark,
with a unit or not, in many word orders.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.nlp import CLARIFY_BELOW, parse

NOW = datetime(2026, 4, 14, 9, 30)  # noqa: DTZ001 - the parser reads naive wall time
WRITES = {"register", "reschedule", "cancel", "report"}


def run(units, text, sender="区教育局", **kwargs):
    return parse(text, now=NOW, sender_unit=sender, units=units, **kwargs)


QUESTIONS = [
    # 场 counts the events themselves: no kind word needed
    ("教育局今年有几场", "query.count"), ("今年一共开了多少场", "query.count"), ("财政局上半年几场", "query.count"),
    ("我们今年办了几场了", "query.count"), ("这个月几场", "query.count"),
    ("下周的访谈", "query.list"),
    ("后天的发布会几点", "query.list"),
    ("三季度的发布会安排给我看看", "query.list"),
    ("今年全部访谈的清单", "query.list"),
    ("本月发布会", "query.list"),
    ("明天的发布会在哪开", "query.list"),
    ("5月份的发布会", "query.list"),
    ("人社局6月的访谈", "query.list"),
    ("这周有发布会没", "query.list"),
    ("下个月都有哪些访谈", "query.list"),
    ("我们局今年的发布会开了没有", "query.list"),
    ("民政局的发布会定在哪天", "query.list"),
    ("教育局发布会是几号", "query.list"),
    ("明天上午的发布会谁发布", "query.list"),
    ("下周三发布会的地点", "query.list"),
    ("四月份访谈清单", "query.list"),
    ("查一下本周的发布会", "query.list"),
    ("给我看看今年的访谈安排", "query.list"),
    ("上半年的发布会汇总", "query.list"),
    ("二季度发布会名单", "query.list"),
    ("今天有什么发布会", "query.list"),
    ("发布会几点开始", "query.list"),
    ("城管局5月那场发布会定了没", "query.list"),
    ("文旅局的微视频访谈什么时候录", "query.list"),
    ("明天有没有访谈", "query.list"),
    ("后天的访谈还开吗", "query.list"),
    ("下周的发布会是在新闻发布厅吗", "query.list"),
    ("六月发布会安排", "query.list"),
    ("我局下个月的发布会", "query.list"),
    ("财政局今年的发布会情况", "query.list"),
    ("最近有什么访谈", "query.list"),
    ("本周五发布会", "query.list"),
    ("7月上旬的政策解读会", "query.list"),
    ("第三季度访谈安排表", "query.list"),
    ("2026年的发布会计划", "query.list"),
    ("发布会开了吗", "query.list"),
    ("下周的发布会准备得怎么样了", "query.list"),
    ("教育局上个月的访谈做了没有", "query.list"),
    ("明天的发布会有哪些媒体", "query.list"),
    ("下周四吹风会的主题", "query.list"),
    ("月底那场发布会", "query.list"),
    ("下周发布会的发布人是谁", "query.list"),
    ("住建局房交会新闻发布会的时间", "query.list"),
    ("后天下午的访谈能去吗", "query.list"),
    ("统计局下半年有发布会么", "query.list"),
    ("帮我查查卫健委的访谈", "query.list"),
    ("下下周的发布会排了哪些单位", "query.list"),
    ("卫健委下半年的发布会有几场", "query.count"),
    ("今年我局开了几场发布会", "query.count"),
    ("本月一共多少场发布会", "query.count"),
    ("下周有几个访谈", "query.count"),
    ("这个季度民政局安排了几场访谈", "query.count"),
    ("今年全区一共开了多少场发布会", "query.count"),
    ("还有几个单位没报登记表", "query.missing_registration"),
    ("哪些单位还没交登记表", "query.missing_registration"),
    ("登记表还有谁没报", "query.missing_registration"),
    ("哪些单位统计表没交", "query.missing_statistics"),
    ("上半年还有哪些发布会没报统计表", "query.missing_statistics"),
    ("各单位完成情况", "query.completion"),
    ("今年2·1+N完成得怎么样", "query.completion"),
    ("下半年任务完成情况", "query.completion"),
    ("发布会怎么报？", "help"),
    ("发布会怎么报", "help"),
    ("发布会怎么登记", "help"),
    ("访谈要怎么报", "help"),
    ("统计表怎么填", "help"),
    ("机器人能做什么", "help"),
    ("你好", "greeting"),
    ("谢谢", "greeting"),
    ("收到", "greeting"),
    ("好的，辛苦了", "greeting"),
    ("收到，谢谢！", "greeting"),
    ("明天上午开部门例会", "other"),
    ("3点到会议室集合", "other"),
    ("这周发布会有啥", "query.list"), ("下周有啥活动", "query.list"), ("本月的在线访谈", "query.list"),
    ("我委下个月的访谈排好了吗", "query.list"), ("明天下午那个发布会", "query.list"),
    ("人社局的发布会", "query.list"), ("麻烦发一下下周发布会安排", "query.list"),
    ("6月有没有安排发布会", "query.list"), ("下半年还有哪些单位没开发布会", "query.list"),
    ("今年开过几次访谈", "query.count"), ("这个月发布会多不多", "query.list"),
    ("文旅局国庆期间有发布会吗", "query.list"), ("教育局下周的发布会在哪里开", "query.list"),
    ("帮我看下本周的访谈", "query.list"), ("今年的发布会都安排了哪些", "query.list"),
    ("本季度发布会安排情况", "query.list"), ("统计局上个月的发布会", "query.list"),
    ("5月份有哪些单位要开发布会", "query.list"), ("后天的发布会谁主持", "query.list"),
    ("明天发布会", "query.list"), ("卫健委访谈时间", "query.list"), ("下周发布会有变化吗", "query.list"),
    ("登记表怎么提交", "help"), ("新闻发布会要怎么登记", "help"), ("怎么用这个机器人", "help"),
    ("早上好", "greeting"), ("谢谢啦", "greeting"), ("好的收到", "greeting"), ("ok", "greeting"),
    ("明天下午开党组会", "other"), ("今天食堂几点开饭", "other"),
    ("这周有几场发布会？", "query.count"), ("能告诉我下周有什么发布会吗", "query.list"),
    ("我想看一下今年的发布会安排", "query.list"), ("请问明天的访谈在哪里", "query.list"),
    ("5月的发布会定下来了吗", "query.list"), ("今年开发布会最多的是哪个单位", "query.list"),
    ("下周三有发布会吧", "query.list"), ("本月发布会列表", "query.list"), ("统计局的访谈什么时候播出", "query.list"),
    ("还有哪些单位没填登记表", "query.missing_registration"), ("谁还没交统计表", "query.missing_statistics"),
    ("上半年2·1+N完成情况", "query.completion"), ("登记表怎么填", "help"), ("有什么功能", "help"),
    ("好嘞", "greeting"), ("谢谢你", "greeting"), ("您好", "greeting"),
]


@pytest.mark.parametrize("text,route", QUESTIONS, ids=[t for t, _ in QUESTIONS])
def test_no_message_without_an_action_word_writes_to_the_register(units, text, route):
    result = run(units, text)
    assert result.route not in WRITES


@pytest.mark.parametrize("text,route", QUESTIONS, ids=[t for t, _ in QUESTIONS])
def test_questions_are_routed_to_the_right_answer(units, text, route):
    assert run(units, text).route == route


def test_the_question_table_is_large_enough():
    assert len(QUESTIONS) >= 60


# (text, sender, unit, kind, topic, start of when)
REGISTERS = [
    ("我局6月份开发布会", "区教育局", "区教育局", "press_conference", None, "2026-06-01"),
    ("我局6月分开发布会", "区教育局", "区教育局", "press_conference", None, "2026-06-01"),  # 份 typed 分
    ("民政局5月20日上午9点召开养老服务新闻发布会", "区民政局", "区民政局", "press_conference", "养老服务",
     "2026-05-20T09:00"),
    ("5月20日，民政局召开养老服务发布会", "区民政局", "区民政局", "press_conference", "养老服务", "2026-05-20"),
    ("人社局9月举行就业创业政策解读新闻发布会", "区人社局", "区人社局", "press_conference", "就业创业政策解读",
     "2026-09-01"),
    ("卫健委下月做一期访谈，讲讲就医便民措施", "区卫健委", "区卫健委", "online_interview", "就医便民措施",
     "2026-05-01"),
    ("市场局下周四开要素市场化配置改革发布会", "区市场监管局", "区市场监管局", "press_conference",
     "要素市场化配置改革", "2026-04-23"),
    ("退役军人事务局8月1日召开将军故居修缮发布会", "区教育局", "退役军人事务局", "press_conference", "将军故居修缮",
     "2026-08-01"),
    ("粮食局10月中旬开发布会，通报秋粮收购进展", "区教育局", "粮食局", "press_conference", "秋粮收购进展",
     "2026-10-11"),
    ("交通局，10月，农村公路，访谈", "区教育局", "交通局", "online_interview", "农村公路", "2026-10-01"),
    ("教育局 6月18日 下午3点 中考政策 发布会", "区教育局", "区教育局", "press_conference", "中考政策",
     "2026-06-18T15:00"),
    ("应急局准备下周二下午3点开防汛发布会", "区应急管理局", "区应急管理局", "press_conference", "防汛",
     "2026-04-21T15:00"),
    ("城管局5月安排一场访谈，聊聊垃圾分类", "区城管局", "区城管局", "online_interview", "垃圾分类", "2026-05-01"),
    ("文旅局计划在7月举办暑期文旅消费季新闻发布会", "区文旅局", "区文旅局", "press_conference", "暑期文旅消费季",
     "2026-07-01"),
    ("我委10月做一期网上访谈，主题是健康素养提升", "区卫健委", "区卫健委", "online_interview", "健康素养提升",
     "2026-10-01"),
    ("住建局6月开发布会，关于老旧小区改造", "区住建局", "区住建局", "press_conference", "老旧小区改造",
     "2026-06-01"),
    ("我局5月做一期访谈，谈谈“放管服”改革", "区发改委", "区发改委", "online_interview", "“放管服”改革",
     "2026-05-01"),
    ("民政局定于6月5日上午10点举行婚姻登记便民措施发布会", "区民政局", "区民政局", "press_conference",
     "婚姻登记便民措施", "2026-06-05T10:00"),
    ("下周三我局开发布会", "区教育局", "区教育局", "press_conference", None, "2026-04-22"),
    ("6月份我们要开一场发布会", "区教育局", "区教育局", "press_conference", None, "2026-06-01"),
    ("请帮统计局登记：8月份经济运行发布会", "区教育局", "区统计局", "press_conference", "经济运行", "2026-08-01"),
    ("发改委打算11月开个优化营商环境的吹风会", "区发改委", "区发改委", "press_conference", "优化营商环境",
     "2026-11-01"),
    ("我们单位拟于5月下旬召开于都县对口帮扶成果发布会", "区民政局", "区民政局", "press_conference",
     "于都县对口帮扶成果", "2026-05-21"),
    ("下周二上午9点召开发布会", "区教育局", "区教育局", "press_conference", None, "2026-04-21T09:00"),
    ("@发布会助手 我局5月中旬开个发布会", "区教育局", "区教育局", "press_conference", None, "2026-05-11"),
    ("报一下：住建局6月开物业管理发布会", "区住建局", "区住建局", "press_conference", "物业管理", "2026-06-01"),
    ("帮我登记一下，卫健委7月做网上访谈", "区卫健委", "区卫健委", "online_interview", None, "2026-07-01"),
    ("我局下周五要开发布会，请登记", "区教育局", "区教育局", "press_conference", None, "2026-04-24"),
    ("教育局定下来了，5月20号上午开发布会", "区教育局", "区教育局", "press_conference", None, "2026-05-20"),
    ("城管局：6月上旬，市容整治，新闻发布会", "区城管局", "区城管局", "press_conference", "市容整治", "2026-06-01"),
    ("市场监管局将于5月下旬举行食品安全新闻发布会", "区市场监管局", "区市场监管局", "press_conference", "食品安全",
     "2026-05-21"),
    ("我委拟在9月开展一期在线访谈", "区卫健委", "区卫健委", "online_interview", None, "2026-09-01"),
    ("民政局准备在6月开个养老服务的访谈", "区民政局", "区民政局", "online_interview", "养老服务", "2026-06-01"),
    ("区财政局 7月 财政预算执行情况 新闻发布会", "区财政局", "区财政局", "press_conference", "财政预算执行情况",
     "2026-07-01"),
]


@pytest.mark.parametrize("text,sender,unit,kind,topic,start", REGISTERS, ids=[r[0] for r in REGISTERS])
def test_register_sentences(units, text, sender, unit, kind, topic, start):
    result = run(units, text, sender)
    assert (result.route, result.unit, result.kind, result.topic, result.when.as_json()["start"]) == \
        ("register", unit, kind, topic, start)
    assert result.confidence >= CLARIFY_BELOW


@pytest.mark.parametrize("text,topic", [
    ("住建局拟定于5月18日召开住房公积金政策发布会", "住房公积金政策"),
    ("民政局准备在6月开个养老服务的访谈", "养老服务"),
    ("我们想下周四搞个发布会，讲讲夏季防溺水", "夏季防溺水"),
    ("卫健委计划下个月录一期微视频访谈，主题为健康生活方式", "健康生活方式"),
    ("区财政局 7月 财政预算执行情况 新闻发布会", "财政预算执行情况"),
    ("发改委，5月下旬，优化营商环境，发布会", "优化营商环境"),
    ("人社局5月举办就业援助月新闻发布会，发布人李华副局长", "就业援助月"),
    ("市场局下个月开一场关于食品安全的发布会", "食品安全"),
    ("农业农村局10月举办丰收节新闻发布会", "丰收节"),
    ("我局拟于6月召开“就业创业政策解读”新闻发布会", "“就业创业政策解读”"),
    ("应急局6月开将于汛期实施的新规解读发布会", "将于汛期实施的新规解读"),
    ("教育局5月开要闻发布会", "要闻"),
    ("文旅局9月开于谦纪念馆开馆发布会", "于谦纪念馆开馆"),
    ("我局下周二开就业见习发布会", "就业见习"),
    ("发布会主题：垃圾分类，我局5月开", "垃圾分类"),
    ("统计局7月开发布会，发布上半年经济数据", "上半年经济数据"),
    ("公安局5月做访谈，讲防诈骗知识", "防诈骗知识"),
    ("我局6月开发布会，介绍暑期托管服务", "暑期托管服务"),
    ("我局下周开个发布会关于校园食品安全", "校园食品安全"),
])
def test_register_topics_keep_every_character(units, text, topic):
    result = run(units, text)
    assert (result.route, result.topic) == ("register", topic)


@pytest.mark.parametrize("text,speaker", [
    ("我局拟于5月中旬召开发布会，发布人周强副主任", "周强副主任"),
    ("民政局下周二开发布会，发布人是副局长孙丽", "副局长孙丽"),
    ("民政局下周二开发布会，发布人：副局长 孙丽", "副局长 孙丽"),
    ("卫健委5月做访谈，访谈嘉宾王医生", "王医生"),
    ("我局定于下周三上午十点在区政府新闻发布厅召开发布会，发布人：张副局长", "张副局长"),
    ("教育局6月开发布会，发布人为王局长", "王局长"),
    ("人社局5月举办就业援助月新闻发布会，发布人李华副局长", "李华副局长"),
])
def test_speaker_with_or_without_a_colon(units, text, speaker):
    assert run(units, text).speaker == speaker


@pytest.mark.parametrize("text,unit,co_units", [
    ("财政局和农业农村局联合召开惠农补贴发放新闻发布会，时间定在6月10日", "区财政局", ["区农业农村水利局"]),
    ("财政局、农业农村局7月份联合举办高标准农田建设发布会", "区财政局", ["区农业农村水利局"]),
    ("人社局与教育局、民政局9月开就业帮扶发布会", "区人社局", ["区教育局", "区民政局"]),
    ("我局会同卫健委5月开医养结合发布会", "区民政局", ["区卫健委"]),
    ("民政局5月开养老服务发布会", "区民政局", []),
])
def test_all_units_of_a_joint_event(units, text, unit, co_units):
    result = run(units, text, "区民政局")
    assert (result.route, result.unit, list(result.co_units)) == ("register", unit, co_units)
    assert result.as_json()["co_units"] == co_units


# (text, sender, unit, new start or None, old start or None)
RESCHEDULES = [
    ("我局6月的发布会改到7月上旬", "区教育局", "区教育局", "2026-07-01", "2026-06-01"),
    ("民政局养老服务发布会推迟到6月中旬", "区民政局", "区民政局", "2026-06-11", None),
    ("教育局的访谈延期到下个月", "区教育局", "区教育局", "2026-05-01", None),
    ("发布会改期到5月28日下午3点", "区教育局", "区教育局", "2026-05-28T15:00", None),
    ("把我局5月的发布会挪到6月初", "区教育局", "区教育局", "2026-06-01", "2026-05-01"),
    ("统计局发布会提前到本周五", "区教育局", "区统计局", "2026-04-17", None),
    ("原定5月20日的发布会改为5月27日", "区教育局", "区教育局", "2026-05-27", "2026-05-20"),
    ("卫健委，访谈，改到4月30日", "区卫健委", "区卫健委", "2026-04-30", None),
    ("教育局发布会从6月10日改到6月17日", "区教育局", "区教育局", "2026-06-17", "2026-06-10"),
    ("访谈往后推一周，改到4月28日", "区教育局", "区教育局", "2026-04-28", None),
    ("我局下周的发布会延后到5月", "区教育局", "区教育局", "2026-05-01", "2026-04-20"),
    ("发布会时间调整为5月20日上午10点", "区教育局", "区教育局", "2026-05-20T10:00", None),
    ("发布会推迟了，改到下周四", "区教育局", "区教育局", "2026-04-23", None),
    ("访谈时间有变，改到5月6日下午", "区教育局", "区教育局", "2026-05-06", None),
    ("我局那场发布会往后挪一周到4月29日", "区教育局", "区教育局", "2026-04-29", None),
]


@pytest.mark.parametrize("text,sender,unit,new,old", RESCHEDULES, ids=[r[0] for r in RESCHEDULES])
def test_reschedule_sentences(units, text, sender, unit, new, old):
    result = run(units, text, sender)
    start = lambda w: w.as_json()["start"] if w else None  # noqa: E731
    assert (result.route, result.unit, start(result.when), start(result.old_when)) == \
        ("reschedule", unit, new, old)


CANCELS = [
    ("我局5月那场发布会取消了", "区教育局", "区教育局"),
    ("文旅局的微视频访谈暂不安排了", "区文旅局", "区文旅局"),
    ("民政局6月的发布会不办了", "区民政局", "区民政局"),
    ("取消教育局下周的访谈", "区教育局", "区教育局"),
    ("原定明天的发布会取消", "区教育局", "区教育局"),
    ("我们的发布会不开了", "区卫健委", "区卫健委"),
    ("统计局的访谈不做了。", "区统计局", "区统计局"),
    ("5月那场访谈取消", "区教育局", "区教育局"),
    ("我局的发布会暂不召开了", "区教育局", "区教育局"),
    ("民政局那个发布会不搞了", "区教育局", "区民政局"),
    ("下周的发布会不开了", "区教育局", "区教育局"),
    ("取消我局6月的访谈", "区教育局", "区教育局"),
    ("民政局的发布会先不办了", "区民政局", "区民政局"),
]


@pytest.mark.parametrize("text,sender,unit", CANCELS, ids=[r[0] for r in CANCELS])
def test_cancel_sentences(units, text, sender, unit):
    result = run(units, text, sender)
    assert (result.route, result.unit) == ("cancel", unit)


# (text, start of the held event's time or None)
REPORTS = [
    ("发布会刚开完，到场媒体6家，记者提问4个", None),
    ("说一下情况：4月8日开的，来了三家媒体", "2026-04-08"),
    ("昨天的发布会已召开，来了5家媒体", "2026-04-13"),
    ("访谈前天做完了，要报统计", "2026-04-12"),
    ("我局4月10日的发布会开完了", "2026-04-10"),
    ("民政局发布会已经举办，记者提了3个问题", None),
    ("上周五的访谈录完了", "2026-04-10"),
    ("发布会已经开了，来了7家媒体", None),
    ("今天上午的访谈顺利结束了", "2026-04-14"),
    ("昨天发布会开完了，记者提问3个", "2026-04-13"),
    ("今天的发布会开完了，一共来了9家媒体", "2026-04-14"),
    ("访谈已经录制完成", None),
    ("昨天开的发布会记者提了6个问题", "2026-04-13"),
]


@pytest.mark.parametrize("text,start", REPORTS, ids=[r[0] for r in REPORTS])
def test_report_sentences(units, text, start):
    result = run(units, text)
    assert result.route == "report"
    assert (result.when.as_json()["start"] if result.when else None) == start


@pytest.mark.parametrize("text,route", [
    ("填登记表", "form.registration"), ("我要填登记表", "form.registration"), ("补一下登记表", "form.registration"),
    ("填统计表", "form.statistics"), ("统计表", "form.statistics"), ("我来报统计表", "form.statistics"),
    ("导出上半年统计表", "export"), ("下载今年的计划", "export"), ("把统计表导出来", "export"),
    ("后台", "dashboard"), ("同意", "approval"), ("不同意，材料不全", "approval"), ("通过。", "approval"),
    ("转交 王五", "approval"), ("同意，已核查保密", "approval"),
    ("报访谈提纲", "form.outline"), ("报送访谈方案和提纲", "form.outline"),
    ("实录已发布 https://x.cn/2", "publication"), ("预告已发", "publication"),
    ("我局的材料", "materials"), ("材料清单", "materials"),
    ("我局5月的发布会主题改成：校园安全", "change.topic"), ("换个主题：垃圾分类", "change.topic"),
    ("我局5月开新材料产业发布会", "register"), ("我局下月开提交实施方案发布会", "register"),
])
def test_commands(units, text, route):
    assert run(units, text).route == route


@pytest.mark.parametrize("text", ["发布会的事", "访谈", "那个发布会"])
def test_a_message_about_events_that_asks_nothing_clear_is_not_sure(units, text):
    result = run(units, text)
    assert result.route not in WRITES and result.confidence < CLARIFY_BELOW


@pytest.mark.parametrize("text", ["临涣镇的发布会", "区教育局的新闻发布会", "教育局发布会", "民政局的在线访谈。",
                                  "我局的发布会", "卫健委的访谈"])
def test_a_unit_and_a_kind_alone_is_a_look_up(units, text):
    """The reply the reminders suggest ("回复“X的新闻发布会”可查看详情") lists the unit's events;
    it was asked back with a five-way menu."""
    result = run(units, text)
    assert result.route == "query.list" and result.confidence >= CLARIFY_BELOW, result


@pytest.mark.parametrize("text,route", [
    ("发布会取消了吗", "cancel"), ("我局的发布会能改到下周吗", "reschedule"),
    ("下周一的吹风会改到几点了", "reschedule"),
])
def test_a_change_asked_as_a_question_is_not_sure(units, text, route):
    result = run(units, text)
    assert result.confidence < CLARIFY_BELOW


@pytest.mark.parametrize("text", ["可以把发布会安排在下周三吗", "我局下周能开发布会吗", "能不能在5月20日召开发布会？"])
def test_a_request_put_as_a_question_registers_only_after_asking(units, text):
    result = run(units, text)
    assert (result.route, result.confidence < CLARIFY_BELOW) == ("register", True)


@pytest.mark.parametrize("text,route", [("能不能看下下周的发布会", "query.list"),
                                        ("能源局下周开发布会吗", "query.list")])
def test_asking_to_see_is_no_request_to_hold(units, text, route):
    assert run(units, text).route == route


@pytest.mark.parametrize("text,route,start", [
    ("已召开", "report", None), ("已经开完了", "report", None),
    ("改期到5月8日", "reschedule", "2026-05-08"), ("定在5月8日下午3点", "reschedule", "2026-05-08T15:00"),
    ("新闻发布会定在12月18日下午3点", "reschedule", "2026-12-18T15:00"),
    ("取消", "cancel", None), ("不办了", "cancel", None), ("好的", "greeting", None), ("收到", "greeting", None),
])
def test_replies_to_a_question_about_an_event(units, text, route, start):
    result = run(units, text, about_event=True)
    assert result.route == route
    assert (result.when.as_json()["start"] if result.when else None) == start


@pytest.mark.parametrize("text", ["已召开", "改期到5月8日", "定在5月8日下午3点", "不办了", "好的"])
def test_the_same_replies_without_context_write_nothing(units, text):
    assert run(units, text).route not in WRITES


def test_as_json_keeps_the_coarse_intent_and_adds_route_and_confidence(units):
    data = run(units, "四季度有几场发布会").as_json()
    assert (data["intent"], data["route"]) == ("query", "query.count")
    assert 0 <= data["confidence"] <= 1


def test_every_route_the_parse_gives_has_one_handler():
    from bot.handlers import INTENTS
    from bot.nlp.intents import ROUTES

    assert sorted(INTENTS) == sorted(ROUTES)


@pytest.mark.parametrize("text,unit", [("帮民政局填统计表", "区民政局"), ("填登记表", "区教育局"),
                                       ("替卫健委补一下登记表", "区卫健委")])
def test_a_form_is_for_the_unit_named_else_the_senders(units, text, unit):
    result = run(units, text)
    assert (result.route.startswith("form."), result.unit) == (True, unit)
