"""The words that say what a message asks for: the keyword tables of ``intents``, as data.

Each table is one concept. Adding a question usually means a row here (or a new table named in
``intents.COMMANDS``), one handler and one template; see README, "Adding a capability".
"""
from __future__ import annotations

import re

_CJK = r"[\u4e00-\u9fff]"
_NUM = r"[\d一二两三四五六七八九十]+"
# 发布 as a verb ("统计局7月发布上半年数据"), not in a noun: 发布会, 发布人, 发布时间, 发布主题 …
PUBLISH = r"发布(?![会人厅稿]|时间|主题|内容|单位|形式|工作|计划|情况|方式|材料|平台|渠道)"
# After a verb of holding, these make a noun: "发布会开展情况", "召开进度" ask, they hold nothing.
_NOUN_AFTER_VERB = r"(?!情况|进度|次数|场次|数量)"

# Words that act whatever is open (a form, a choice): said alone, they leave it or show the help.
CANCEL_WORDS = frozenset({"取消", "退出", "算了", "不填了", "取消填写", "先不填了", "cancel", "quit"})
HELP_WORDS = frozenset({"帮助", "help", "?", "？", "菜单", "怎么用", "使用说明", "帮助一下"})

# Commands decided by the whole message, before anything else.
DASHBOARD = frozenset({"后台", "管理后台", "登录后台", "后台登录", "进入后台", "打开后台", "后台链接"})
# The office's verdict: "同意", "不同意，材料不全" (a refusal may run on into its reason), "批准编号60".
VERDICT = re.compile(rf"^(?:(?P<no>不同意|不通过|不批准|驳回|退回)|(?P<yes>同意|通过|批准)(?!(?!编号){_CJK}))"
                     r"[\s，,。：:；;!！]*(?P<opinion>.*)$", re.S)

# The event a verdict names, at the head of its opinion: "编号60", "编号60的登记表".
VERDICT_EVENT = re.compile(r"^编号\s*(?P<id>\d{1,9})\s*(?:号)?(?:的)?(?:登记表)?[\s，,。：:；;]*")

# "导出…" / "下载…" up front, or "把…导出来" at the end: a topic that merely mentions 导出
# ("数据导出平台发布会") is no export.
EXPORT = re.compile(r"^(?:请|帮我|麻烦|我要|给我)?(?:导出|下载)|导出(?:来|一下)?$")
HELP = re.compile(r"^\s*(?:help|帮助|菜单|使用说明|用法|\?|？)|怎么用|如何使用|使用方法|不会用|"
                  r"(?:能|会|可以)(?:做|干|帮我做|帮我干)(?:什么|啥|些什么)|(?:什么|啥|哪些)(?:功能|命令|指令)|"
                  r"(?:教|指导)(?:我|一下)", re.IGNORECASE)
# "发布会怎么报？", "统计表怎么填": how to do something is a help question, not the thing itself.
HOW_TO = re.compile(r"(?:怎么|如何|怎样|咋)(?:样)?(?:才能)?(?:报|填|登记|申报|提交|操作|弄|办理|上报|备案|写|"
                    r"申请|预约|改期|改时间|修改|取消|撤销|延期|推迟|查询|查)")
# Asking what the rules or the procedure are ("要提前几天报", "走什么流程", "格式是什么", "…怎么办"):
# the help answers it, whatever event the question mentions.
PROCEDURE_QUESTION = re.compile(r"提前(?:几|多少|多久|多长)|(?:什么|啥|哪些)(?:流程|手续|程序|格式|要求|规定|材料)|"
                                r"(?:流程|手续|程序|格式|要求|规定)(?:是)?(?:什么|啥|怎样|怎么样|有哪些)|怎么办")
# Asking whether one may hold or schedule ("可以把发布会安排在下周三吗", "我局下周能开发布会吗"): a
# request put as a question; the bot asks before it registers.
PERMISSION = re.compile(r"可以|可不可以|能不能|能否|可否|能(?=开|办|搞|做|召开|举办|举行|安排|把|在|于)")
# "…不对，卫健委、民政局…": what the person wrote before correcting themselves is void
CORRECTION = re.compile(r"(?:^|[，,。.…；;\s])(?:不对不对|不对|说错了|写错了|更正一下|更正|纠正一下)[，,。.:：；;\s]+")
# A fragment of a notice addressed to the units, pasted or forwarded into the group: a note, an
# attachment's title, "各单位：…", "请各单位…". It tells people what to do; the bot has nothing to do.
NOTICE_FRAGMENT = re.compile(r"^(?:注|备注|附件\s?\d*|附)\s?[:：]|^请各(?:单位|部门|位)|"
                             r"^各(?:单位|部门|位)\s?(?:[:：]|请|务必|要按|要及时)")
_GREETING_WORD = (r"你好|您好|大家好|早上好|上午好|下午好|晚上好|早安|hi|hello|谢谢你?|谢谢您|多谢|感谢|谢了|"
                  r"辛苦了|辛苦|好的|好滴|好嘞|好咧|好勒|好哒|没问题|行的|可以的|好|嗯嗯|嗯|哦|ok|okay|收到了|收到|已收到|明白了|明白|知道了|了解|已阅|👍")
GREETING = re.compile(rf"^(?:(?:{_GREETING_WORD})[啦呀哈喽哦嘛啊]*[\s，,。.!！~～、]*)+$", re.IGNORECASE)
# Which answer a greeting gets, first match wins; anything else is an acknowledgement (好的, 收到).
# Words that take a reminder in ("收到", "好的"): a bare hello ("你好") greets and takes nothing in.
ACKNOWLEDGE = re.compile(r"收到|好的|好滴|知道|明白|了解|可以|没问题|ok|嗯", re.I)
GREETING_KINDS = (("thanks", re.compile(r"谢|辛苦|感谢")),
                  ("hello", re.compile(r"你好|您好|大家好|早上好|上午好|下午好|晚上好|早安|^早|hi|hello", re.I)))

# A stranger asking to be added: "我是教育局联络员张三".
INTRODUCTION = re.compile(r"^(?:你好|您好)?[，,\s]*我是(?P<unit>.+?)的?(?P<role>联络员|信息员|工作人员)[，,:：\s]*"
                          r"(?P<name>[\u4e00-\u9fa5·]{2,5})?")

# Forms and the office's questions about them.
FORM_REGISTRATION = re.compile(r"(?:填|填写|报|提交|补|交|上报)\S{0,12}登记表|^登记表$")
FORM_STATISTICS = re.compile(r"(?:填|填写|报|提交|补|交|上报)\S{0,8}统计表|^统计表$")
MISSING_REGISTRATION = re.compile(r"(?:没|未)(?:报|交|提交|填|上报)\S*登记表|登记表\S*(?:没|未)(?:报|交|提交|填)")
MISSING_STATISTICS = re.compile(r"(?:没|未)(?:报|交|提交|填|上报)\S*统计表|统计表\S*(?:没|未)(?:报|交|提交|填)")
COMPLETION = re.compile(r"完成情况|完成了几|完成进度|完成得|任务完成|(?:2|二)·?1\+?N", re.IGNORECASE)

# What the message is about.
EVENT = re.compile(r"发布会|吹风会|解读会|通气会|访谈|发布(?![会人厅稿])")
# An event named by the number the bot gives it in every reply and reminder: "编号57", "57号活动".
EVENT_ID = re.compile(r"(?:编号|id|#)\s*[:：为是]?\s*(\d+)|(\d+)\s*号活动")
# A held event's numbers say it is about an event even without a kind word.
HELD_NUMBERS = re.compile(rf"{_NUM}家(?:\S{{0,3}})媒体|媒体\S{{0,3}}?{_NUM}家|到场媒体|记者提问|记者提了|网友提问")
# "教育局今年有几场", "开了多少场": 场 counts sessions, which here are the events themselves
SESSIONS = re.compile(r"(?:几|多少)\s*场|场次|一场(?:都|也)(?:没|未)")
# "下周的活动安排": about events without a kind word; so is asking which units ("哪些单位还没开")
ACTIVITY = re.compile(r"活动|安排|日程|计划|(?:哪些|哪几[个家]?|多少个?|几个|几家)单位")
# Someone's other engagements, the commonest reason to cancel: "领导另有安排" asks for no list.
OTHER_ENGAGEMENT = re.compile(r"(?:另有|另行|另外有|有其他|有其它|有别的)\S{0,4}?安排|安排(?:有)?冲突")
OTHER_MEETING = re.compile(r"例会|会议|开会|集合|培训|聚餐|学习会")

# What is to be done with an event.
CANCEL = re.compile(r"取消|不开了|不办了|不搞了|不做了|不举行了|不召开了|不举办了|暂不安排|暂不举办|暂不召开|撤销|"
                    r"作废|不再(?:安排|召开|举办|举行)|停办|不录了|暂停(?:举办|召开|举行|安排)|撤了|撤掉")
# A change verb right before the new time needs no 到: "改下周四", "挪明天", "改5月8日".
_TIME_AHEAD = (r"(?=下{1,2}个?(?:周|星期|礼拜|月)|本周|这周|明天|后天|大后天|周[一二三四五六日天]|星期|礼拜|"
               r"\d{1,2}[月日号.]|[一二三四五六七八九十]{1,3}[月日号])")
# The words that bring the new time of a change ("改到5月", "往后挪一周到4月29日", "定在…").
CHANGE_TO = re.compile(r"(?:改期|改|推迟|延期|延后|提前|调整|调|挪|顺延|推|延|换|移|变更|更改)(?:到|至|为|成|在)|"
                       rf"(?:改|挪|调){_TIME_AHEAD}|"
                       r"(?:推迟|延期|延后|提前|顺延|挪|推)[^，。,；;\s]{1,4}?(?:到|至)|"
                       r"定(?:在|于|为)|安排(?:在|到)|确定(?:在|为)")
RESCHEDULE = re.compile(r"改期|延期|推迟|顺延|延后|往后推|往后挪|往后延|推后|后延|改时间|时间有变|"
                        rf"(?:提前|改|调整|调|挪|推|换|延|变更|更改)(?:到|至|为|成|在)|(?:改|挪|调){_TIME_AHEAD}")
# Setting the time of the event the bot just asked about ("定在12月18日下午3点").
SET_TIME = re.compile(r"定在|定于|安排在|时间定|确定在|确定为")
_HELD_KIND = r"(?:新闻)?(?:发布会|吹风会|解读会|通气会)|(?:网上|在线|微视频)?访谈"
HELD = re.compile(rf"开完|做完|办完|录完|录好了|录制完成|已录制|已经录制|已完成|开过了|"
                  rf"已经?(?:按时|如期|顺利|正常|准时)?(?:召开|举办|举行)|已开|已经开了|已结束|"
                  rf"结束了|圆满|顺利召开|顺利举办|报统计|填统计|实录|(?:开|召开|举办|举行|做|录)的(?!{_CJK})|"
                  rf"来了{_NUM}家|搞完|弄完|已播出|已经播出|播出了|上线了|"
                  rf"(?:开|召开|举办|举行|做|搞|录)了(?:(?:一|两|\d)?[场次期个])?(?:{_HELD_KIND}|(?!{_CJK}))|"
                  r"链接\s?[:：]|https?://|"
                  rf"(?:昨天|前天|上周\S?|上个?月\S{{0,4}}?|刚才|刚刚|之前)\S{{0,10}}?(?:开|召开|举办|举行|做|搞|录)的")
# Saying to hold, register or schedule: anywhere in the message.
ACTION = re.compile(rf"(?:召开|举办|举行|开展){_NOUN_AFTER_VERB}|拟于|拟在|拟定|定于|定在|将于|安排在|录制|组织|筹办|"
                    r"有(?:一?个|一?场|一?期)\S{0,20}?要(?:开|召开|办|举办|搞|做)|"  # "有个发布会要开"
                    r"请帮\S{0,12}登记|帮\S{0,10}登记|登记[：:一]|登记一下|报名|申报|"
                    rf"{PUBLISH}(?!$)")
# 开学 is the school term's start ("开学前", "秋季开学工作") unless 学 begins a word of the topic
# ("开学生资助政策发布会", "开学校安全发布会", "开学前教育发布会")
OPENING = "学(?!生|校|科|术|前教育)"
# Holding an event, not only setting its time: "召开发布会" is a new one; "定在12月18日下午3点"
# right after the bot confirmed one is that one's time (``bot.handlers.in_reply``).
HOLD = re.compile(rf"召开|举办|举行|开展|筹办|(?<![公展召打离分张岗])开(?![放始完过的了]|{OPENING}|发区)")
# Short verbs that hold an event only when they come before its kind word ("开发布会", but
# "发布会几点开"; "安排一场访谈", but "访谈安排").
ACTION_BEFORE_KIND = re.compile(rf"(?<![公展召打离分张岗])开(?![放始完过的了]|{OPENING}|发区)|搞|做(?![完好了])|"
                                r"(?<!政府)办(?![完公理了的])|报(?!统计|登记表|名|送|道)|安排(?![表了的])|计划(?!的)|准备(?![得的])|"
                                r"打算|要开(?!的)")  # "要开的发布会" names events, it holds none

# ... or when they end a clause right after a time: "发布会主题：垃圾分类，我局5月开".
ACTION_AFTER_TIME = re.compile(r"(?:日|号|月|月份|周[一二三四五六日天]?|旬|季度|年|点|点半|天)"
                               r"(?:召开|开|办|举办|举行|做|搞|录)(?:[，。,；;！!]|$)")

# Asking: a question needs no question mark.
QUESTION = re.compile(r"吗|呢|么$|么[？?，,。]|？|\?|哪|几|多少|什么|啥|何时|是否|有没有|有无|没有$|没$|(?<!了)不$|谁|"
                      r"怎么样|如何|能否|能不能|可不可以|可否|"
                      r"([开办搞做录报要是定排有能行])不\1")  # 开不开, 办不办, 定不定: asked as A-not-A
# A question about a change already made, not a request to make it ("能不能改到下周" asks for one).
STATUS_QUESTION = re.compile(r"了(?:吗|么|没有?|没)|(?:到|为|成|在|至)(?:哪|几|什么时候|啥时候)|是不是(?:取消|改)|"
                             r"(?:有没有|是否)(?:取消|改期|延期|推迟)")
COUNT = re.compile(r"几场|几个|几次|几期|多少|数量|总数")
# Looking something up without a question: "三季度的发布会安排给我看看", "四月份访谈清单".
LISTING = re.compile(r"看看|看一下|瞧瞧|查|列一下|列出|清单|列表|名单|汇总|统计一?下|一览|安排表|安排$|安排情况|安排给|"
                     r"计划$|计划表|发我|发给我|给我|进度|情况$|都有|有哪|排了|时间$|地点$|主题$|发布人$")
# ... but a list's name inside the words before a kind word is the topic's ("要件清单公布吹风会")
LIST_IN_TOPIC = re.compile(r"(?:清单|列表|名单|一览|安排表|计划表)"
                           r"(?=[\u4e00-\u9fff]{1,12}?(?:[\s，,、][\u4e00-\u9fff]{0,4}?)?(?:发布会|吹风会|解读会|通气会|访谈))")
# "交通局，10月，农村公路，访谈": a plan line pasted as cells.
CELL_SEPARATOR = re.compile(r"(?:[\s，,、；;|]|[:：](?!\d)|——)+")
# "城市书房开放——县发改委下礼拜二发布会": the topic as a title, the event after the dash
TITLE_DASH = re.compile(r"^[^，。,；;\n]{2,40}?——")


# The office's procedure (bot/procedure): each pattern decides the route and gives the handler
# its parts, so the words live here only.
# "转交 张三": an approval step handed to someone else
FORWARD = re.compile(r"^(?:请)?转(?:交|给|交给)\s*[:：]?\s*(\S{2,20}?)(?:处理|审批|审核)?[。.]?$")
# (item, words), longest first: "访谈预告" before "预告", "图文实录" before "实录"
ITEM_WORDS = (("preview", ("访谈预告", "发布会预告", "预告")), ("record", ("图文实录", "发布会实录", "实录")),
              ("video", ("现场视频", "访谈视频", "视频")))
ITEM = "|".join(w for _, words in ITEM_WORDS for w in words)
PUBLISHED = r"(?:已经?|已)?(?:发布|发出|发|上线|刊发|推送)了?"
PUBLISHED_SAID = re.compile(rf"^(?:我局|我们|本局)?(?:(?P<item1>{ITEM})\s*{PUBLISHED}|{PUBLISHED}\s*(?P<item2>{ITEM}))"
                  r"(?P<rest>.*)$", re.S)
# "我局…的材料", "材料清单": what files the event has
MATERIALS_LIST = re.compile(r"^(?:我局|我委|我办|本局|我单位|我们|查看|看看|列出|.{2,12}?(?:局|委|办|镇|政府|公司))"
                        r".{0,30}?材料(?:清单|情况|有哪些|收到了吗)?[？?。]?$|^材料清单[？?]?$")
# "报访谈提纲" / "填写访谈方案" / "报提纲"; a topic with 方案 in it ("实施方案发布会") is not this
VERB = r"(?:填|填写|报|提交|补|交|报送)"
OUTLINE_START = re.compile(rf"{VERB}\S{{0,4}}访谈(?:提纲|方案)|^{VERB}(?:提纲|方案)$")
# "…主题改成…", "换个主题：…": a topic change (put on record with its reason)
TOPIC_CHANGE = (
    re.compile(r"(?:主题|题目)\s*(?:改成|改为|换成|换为|变更为|调整为|更改为|更换为)\s*[:：]?\s*(?P<topic>.+)"),
    re.compile(r"换(?:个|一个)?(?:主题|题目)\s*[:：，,]?\s*(?P<topic>.+)"),
)
