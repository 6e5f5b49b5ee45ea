"""The topic of an event, and which time words belong to it.

The topic is the text just before the kind word: after the verb that opens it (召开, 举办,
开, 做, 搞 …), or, without a verb, after the last time or unit mention of the clause
("市场局 5.20 上午九点 消费维权典型案例 发布会"). Filler is stripped (准备, 个, 一期, 那场, 的,
新闻). When nothing precedes the kind word, the topic may follow it ("网上访谈，谈谈家庭医生签约
服务"). With no kind word, 发布 as a verb introduces it ("7月下旬发布上半年经济数据").

A time word inside the topic is not the event's time ("8月开上半年全区经济运行情况发布会"),
unless the message has no other time and the topic starts with it ("开5月份的发布会").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from .intent_words import CANCEL, HELD, OPENING, RESCHEDULE
from .intent_words import TITLE_DASH as _TITLE_DASH
from .slots import PUBLISH_VERB, KindWord

# "下午3:00" is no clause boundary ("发布会：5月下旬" is); 把 opens the object, the event
# ("可以把养老服务发布会安排在…")
_BOUNDARY = re.compile(r"[，。,；;！!？?\n|]|[：:](?!(?<=\d[：:])\d)|——|把(?![关握控])")
_VERB = re.compile(r"召开|举办|举行|开展|录制|录(?![完了的])|推出|组织|筹办|安排(?![表了的])|(?:开|办|做|录|搞)完了?|"
                   r"报(?=一个|个|一场|一期|一次)|"
                   rf"(?<![公展召打离分张岗])(?:开|搞|做|办)(?![展始放完理公事园馆幕赛播]|工(?!作)|好(?![了啦吧]|$)|{OPENING})")
# Filler before a topic, as whole words: a topic's own first character (就业, 将军, 要素, 于都县)
# is never taken for filler.
_LEAD = re.compile(r"(?:\s|、|准备|计划|打算|拟|关于|有关|有(?=1?[个场期次])|一个|1个|个|一场|1场|了(?!解)|"
                   r"一期|1期|一次|1次|本次|那场|这场|那个|这个|该|的|场|期|次|"
                   r"嗯|呃|啊|哦|噢|就是说|就是)+")  # the last: a voice transcript's fillers
_TRAIL = re.compile(r"(?:\s|、|的|新闻|专题|主题|(?<=的)政策(?:解读)?)+$")  # "关于X的政策吹风会"
_AFTER = re.compile(r"[\s，,：:]*(?:谈谈|聊聊|讲讲|说说|(?:讲|谈|说|聊|介绍)(?:一下|下)?|解读|通报|"
                    r"发布(?![会人厅稿])|围绕|关于|主题[是为：:]?|内容[是为：:]?)"
                    r"(?P<x>[^，。,；;！!？?\n]{2,40})")
# "就…召开发布会", "围绕…举行发布会": the topic before the verb
_ON = re.compile(r"(?:就(?!业)|围绕|针对)(?P<x>[^，。,；;！!？?\n]{2,40}?)(?:召开|举办|举行|开展|组织)$")
_CELL = re.compile(r"[^，,、；;：:|\s]+")
# A cell that names another field is no topic ("…召开发布会，地点待定")
_FIELD_LABEL = re.compile(r"地点|时间|发布人|嘉宾|形式|备注|媒体|提问")
_APART = re.compile(r"[\s，。,、；;！!？?\n|:：]")  # two cells or clauses apart
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_ABOUT = re.compile(r"(?:关于|有关)[“「《\"]?$")
# A topic in quotation marks or a 《title》 keeps its marks; a type of event after the closing mark is no
# part of it ("“养老服务补贴” 政策吹风会", "《人才新政》政策吹风会").
_QUOTED = re.compile(r"(?P<x>“[^“”]+”|「[^「」]+」|《[^《》]+》|\"[^\"]+\")\s?(?:政策|政策解读|专题|例行|新闻)$")
# "…，主题是高校毕业生就业", "主题：健康素养提升": said outright, wherever it stands
_SAID = re.compile(r"(?:主题|题目)(?:是|为|[:：]|\s)\s?(?P<x>[^，。,；;！!？?\n]{2,40})")  # "主题 乡村旅游"
_REQUEST = re.compile(r"请|麻烦|帮|谢")
# "文旅局访谈 取消": a cell that says what to do with the event is no topic
_SAYS_WHAT_TO_DO = re.compile(f"(?:{CANCEL.pattern}|{RESCHEDULE.pattern}|{HELD.pattern})$")
# A type of press conference is no topic ("举办一场政策吹风会", "例行新闻发布会"), nor is the word
# that joins its units ("民政局、卫健委联合发布会").
_TYPE_ONLY = frozenset({"政策", "例行", "专题", "主题", "政策解读", "解读", "新闻", "情况", "联合", "共同", "携手"})
_NOTHING = _TYPE_ONLY | {""}  # what may stand before a kind word whose topic is in cells


_ROW_CELLS = 8  # the cells of a plan line pasted into a message
_KINDS_TRIED = 3  # a label, the event, and one more: a pasted document of kind words is not read to its end


@dataclass(frozen=True)
class Topic:
    text: str
    span: tuple[int, int]


def _clause_start(text: str, end: int) -> int:
    start = 0
    for match in _BOUNDARY.finditer(text, 0, end):
        start = match.end()
    return start


def _outside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return not any(s <= pos < e for s, e in spans)


def _region_start(text: str, start: int, end: int, anchors: list[tuple[int, int]],
                  times: list[tuple[int, int]]) -> int:
    """After the opening verb if there is one, else after the last time/unit before the kind word.
    A time that opens the clause when the event's time was said before it is the topic's
    ("7月下旬\n上半年统计数据发布会")."""
    for verb in _VERB.finditer(text, start, end):
        if _outside(verb.start(), anchors) and not _topic_word(text, verb, start, anchors):
            return verb.end()
    ends = [e for s, e in anchors if start <= s and e <= end and not _topic_time(text, (s, e), start, times)]
    return max(ends, default=start)


_OPEN_MARKS, _CLOSE_MARKS = "“「《", "”」》"


def _topic_word(text: str, verb: re.Match[str], start: int, anchors: list[tuple[int, int]]) -> bool:
    """A verb inside quotation marks, or inside the words of a cell set apart by spaces or 、, is the
    topic's ("“一网通办”改革", "韩村镇 将军湖湿地公园开园 发布会")."""
    head = text[start:verb.start()]
    if ("“" in head or "「" in head or "《" in head) and (
            sum(head.count(m) for m in _OPEN_MARKS) > sum(head.count(m) for m in _CLOSE_MARKS)):
        return True
    cell = max(head.rfind(" "), head.rfind("、")) + 1
    if cell == 0 or verb.end() >= len(text) or not _WORD.match(text, verb.end()):
        return False
    before = head[cell:]
    at = start + cell
    return len(before) >= 2 and _LEAD.fullmatch(before) is None and all(_outside(p, anchors)
                                                                      for p in range(at, verb.start()))


def _topic_time(text: str, span: tuple[int, int], start: int, times: list[tuple[int, int]]) -> bool:
    """A time right after 关于 is the topic's ("关于上半年经济运行的吹风会，卫健委6月开"); so is one that
    opens the clause when the event's time was said before it ("7月下旬\n上半年统计数据发布会"), or
    opens the clause or a cell and runs on into the topic's words while the event's time is said in
    another clause or cell ("区自然资源局 5月20日 2025年度决算 吹风会", "Q1经济数据通气会，市卫健委下月开")."""
    if span not in times:
        return False
    if _ABOUT.search(text, start, span[0]):
        return True
    if any(e <= span[0] for _, e in times) and span[0] == start:
        return True
    if span[1] >= len(text) or _WORD.match(text, span[1]) is None:  # not glued to words after it
        return False
    # "9月底2025年度财政决算", "10月上旬的2026年医保参保缴费": a time right after the event's runs on into
    # the topic's words
    after_event = any(e <= span[0] and text[e:span[0]] in ("", "的") for _, e in times)
    if after_event and not (_VERB.match(text, span[1]) or _LEAD.match(text, span[1])):
        return True
    opens_cell = span[0] == start or text[span[0] - 1] in " 、"
    return opens_cell and any(_APART.search(text, e, span[0]) if e <= span[0]
                              else s >= span[1] and _APART.search(text, span[1], s) for s, e in times)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    lead = _LEAD.match(text, start, end)
    start = lead.end() if lead else start
    trail = _TRAIL.search(text[start:end])
    return start, (start + trail.start() if trail else end)


def find_topic(text: str, kinds: list[KindWord], times: list[tuple[int, int]],
               masks: list[tuple[int, int]]) -> Topic | None:
    """``times`` are time spans, ``masks`` unit/location spans (neither opens a topic). Each kind word
    is tried in turn: the first may only label the message ("发布会预告：…举行食品安全周新闻发布会")."""
    said = _SAID.search(text)
    if said:
        return _make(text, said.start("x"), said.end("x"), [])
    dash = _TITLE_DASH.match(text)
    if dash:  # "城市书房开放——县发改委下礼拜二发布会"
        return _make(text, 0, dash.end() - 2, [])
    if not kinds:
        return _topic_published(text, times)
    for kind in kinds[:_KINDS_TRIED]:
        topic = _topic_of(text, kind, times, masks)
        if topic:
            return topic
    return None


def _topic_published(text: str, times: list[tuple[int, int]]) -> Topic | None:
    verb = PUBLISH_VERB.search(text)
    if not verb:
        return None
    start, end = verb.end(), _BOUNDARY.search(text, verb.end())
    return _make(text, start, end.start() if end else len(text), times)


def _topic_of(text: str, kind: KindWord, times: list[tuple[int, int]], masks: list[tuple[int, int]]) -> Topic | None:
    anchors = times + masks
    clause = _clause_start(text, kind.span[0])
    start = _region_start(text, clause, kind.span[0], anchors, times)
    topic = _make(text, start, kind.span[0], times)
    if topic is not None:
        return topic
    on = _ON.search(text, clause, start) if start > clause else None
    if on:  # "拟于5月下旬就《民法典》实施情况召开新闻发布会"
        topic = _make(text, on.start("x"), on.end("x"), times)
        if topic is not None:
            return topic
    after = _AFTER.match(text, kind.span[1])
    topic = _make(text, after.start("x"), after.end("x"), times) if after else None
    if topic is None and text[slice(*_trim(text, start, kind.span[0]))] in _NOTHING:  # "政策吹风会：…", "报个发布会，…"
        topic = _cell_before(text, kind.span[0], anchors, times)
        # cells only, no clause; or cells after "报个发布会，"
        if topic is None and (not _VERB.search(text, 0, kind.span[0]) or _BOUNDARY.match(text, kind.span[1])):
            topic = _cell_after(text, kind.span[1], anchors, times)
    return topic


def _cell_after(text: str, start: int, anchors: list[tuple[int, int]], times: list[tuple[int, int]]) -> Topic | None:
    """"5月20日，发布会，重大项目建设进展", "6月 在线访谈 医共体建设", "新闻发布会：发改局，三季度，人才新政":
    the topic is the one cell after the kind word that is neither a unit nor a time, when it holds no
    verb."""
    row = list(islice(_CELL.finditer(text, start), _ROW_CELLS + 1))
    if len(row) > _ROW_CELLS:  # more than a plan row: a document, whose topic is not a cell
        return None
    cells = [c for c in row if any(_outside(p, anchors) for p in range(*c.span()))]
    if len(cells) != 1 or cells[0].start() == start:
        return None
    cell = cells[0]
    word = cell.group()
    if _opening_verb(word) or _REQUEST.match(word) or _SAYS_WHAT_TO_DO.match(word) or _FIELD_LABEL.search(word):
        return None
    inside = [a for a in anchors if a[0] < cell.end() and cell.start() < a[1]]
    if not all(_topic_time(text, a, cell.start(), times) for a in inside):  # "3.15维权", "五一假期安全"
        return None
    return _make(text, cell.start(), cell.end(), [])


def _opening_verb(cell: str) -> bool:
    """A verb that opens or ends a cell says what is done ("召开", "下周要开", "PPT已做好"); one inside a cell's
    words is the topic's ("将军湖湿地公园开园", "“一网通办”改革")."""
    return any(verb.start() < 2 or verb.end() >= len(cell) - 1 for verb in _VERB.finditer(cell))  # "已做好"


def _cell_before(text: str, end: int, anchors: list[tuple[int, int]],
                 times: list[tuple[int, int]]) -> Topic | None:
    """"交通局，10月，农村公路，访谈": the nearest cell before the kind word that is neither a
    unit nor a time, and holds no verb."""
    for cell in reversed(list(_CELL.finditer(text, 0, end))):
        left = [p for p in range(*cell.span()) if _outside(p, anchors)]
        if not left or text.startswith(("：", ":"), cell.end()):  # a label ("请登记：") is no topic
            continue
        inside = [a for a in anchors if a[0] < cell.end() and cell.start() < a[1]]
        if (_opening_verb(cell.group()) or cell.end() == end
                or not all(_topic_time(text, a, cell.start(), times) for a in inside)):
            return None  # a verb, a unit or the event's time inside, or no cell apart ("可以把发布会…")
        return _make(text, cell.start(), cell.end(), [])
    return None


def _runs_on(text: str, pos: int, end: int) -> bool:
    return pos < end and _WORD.match(text, pos) is not None and _LEAD.match(text, pos, end) is None


def _make(text: str, start: int, end: int, times: list[tuple[int, int]]) -> Topic | None:
    start, end = _trim(text, start, end)
    outside = [s for s, e in times if e <= start or s >= end]
    leading = [e for s, e in times if s == start and e <= end]
    # "开5月份的发布会": the time is the event's, not the topic's; but one run on into the topic's words
    # is the topic's ("统计局的上半年经济运行情况吹风会取消了")
    if leading and not outside and not _runs_on(text, leading[0], end):
        start, end = _trim(text, leading[0], end)
    quoted = _QUOTED.match(text, start, end)
    if quoted:
        start, end = quoted.span("x")
    if end - start < 1 or text[start:end] in _TYPE_ONLY:
        return None
    return Topic(text[start:end], (start, end))
