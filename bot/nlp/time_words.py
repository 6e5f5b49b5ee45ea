"""Time words beyond plain dates, as rules for ``time_atoms``' table.

Holidays (元旦, 五一, 国庆节后第一周, 年前/年后 for the Spring Festival ...), lunar dates (正月十五,
腊月二十三), weeks of a month (第2周, 最后一周), the n-th weekday of a month (最后一个周五), parts
of a period (前四个月, 最后三天), shifts and spans from today (三天后, 一个月前, 未来三天, 最近一周),
本季度/下个季度, decades (八十年代), 2019.5, the first number of a compact range or list (6月3-7日,
8~11点, 3至6月, 5、6月份) and a weekday written in brackets after a date, which only confirms it
(5月20日（周三）).
"""
from __future__ import annotations

import re

from .numbers import cn_to_int

ANY_FESTIVAL = "*"  # 节前/节后 without a name
LEVELS = YEAR, YEAR_PART, MONTH, DAY, PART_OF_DAY, CLOCK = range(6)

HOLIDAY_NAMES = {
    "元旦": "元旦", "元旦节": "元旦", "春节": "春节", "除夕": "除夕", "大年三十": "除夕", "年三十": "除夕",
    "元宵": "元宵", "元宵节": "元宵", "龙抬头": "龙抬头", "清明": "清明", "清明节": "清明",
    "劳动节": "劳动节", "五一劳动节": "劳动节", "国际劳动节": "劳动节", "五一国际劳动节": "劳动节",
    "青年节": "青年节", "五四青年节": "青年节", "端午": "端午", "端午节": "端午", "端阳节": "端午",
    "中秋": "中秋", "中秋节": "中秋", "国庆": "国庆", "国庆节": "国庆", "国庆中秋": "国庆",
    "中秋国庆": "国庆", "国庆中秋节": "国庆", "中秋国庆节": "国庆", "十一国庆": "国庆",
    "妇女节": "妇女节", "三八妇女节": "妇女节", "三八节": "妇女节", "国际妇女节": "妇女节",
    "三八国际妇女节": "妇女节", "植树节": "植树节", "儿童节": "儿童节", "六一儿童节": "儿童节",
    "国际儿童节": "儿童节", "建党节": "建党节", "七一建党节": "建党节", "建军节": "建军节",
    "八一建军节": "建军节", "教师节": "教师节", "记者节": "记者节", "中国记者节": "记者节",
    "国家宪法日": "宪法日", "宪法日": "宪法日", "七夕": "七夕", "七夕节": "七夕", "中元节": "中元",
    "重阳": "重阳", "重阳节": "重阳", "腊八": "腊八", "腊八节": "腊八", "小年": "小年", "冬至": "冬至",
    "立春": "立春", "母亲节": "母亲节", "父亲节": "父亲节", "情人节": "情人节", "护士节": "护士节",
    "圣诞节": "圣诞节", "平安夜": "平安夜", "消费者权益日": "消费者权益日", "农民丰收节": "丰收节",
    "中国农民丰收节": "丰收节", "过年": "春节", "愚人节": "愚人节", "万圣节": "万圣节", "感恩节": "感恩节",
    "人民警察节": "警察节", "中国人民警察节": "警察节", "世界水日": "水日", "世界卫生日": "卫生日",
    "全民国家安全教育日": "安全教育日", "国家安全教育日": "安全教育日", "世界读书日": "读书日",
    "世界知识产权日": "知识产权日", "世界无烟日": "无烟日", "世界环境日": "环境日", "国际禁毒日": "禁毒日",
    "国家扶贫日": "扶贫日", "全国消防日": "消防日", "消防日": "消防日", "全国交通安全日": "交通安全日",
    "国家公祭日": "公祭日", "全国助残日": "助残日", "国际护士节": "护士节",
    "3·15": "消费者权益日", "三一五": "消费者权益日", "双十一": "双十一", "双11": "双十一", "双十二": "双十二",
    "双12": "双十二",
}
# Short names that are also plain numerals (五一广场, 八一路, 十一五): only before these.
SHORT_NAMES = {"五一": "劳动节", "十一": "国庆", "六一": "儿童节", "七一": "建党节", "八一": "建军节",
               "三八": "妇女节", "五四": "青年节"}
_SHORT_GUARD = (r"(?=$|[\s,，。.;；!！?？、)前后期假长黄节当那左放之开召举的]|小长假|上午|下午|中午|晚上|早上)")
MODS = {"期间": "period", "假期": "period", "假期期间": "period", "长假": "period", "小长假": "period",
        "黄金周": "period", "放假期间": "period", "节期间": "period", "节假期": "period", "前": "before",
        "节前": "before", "前夕": "before", "之前": "before", "后": "after", "节后": "after", "之后": "after",
        "前1天": "day_before", "节前1天": "day_before", "后1天": "day_after", "节后1天": "day_after",
        "当天": None, "当日": None, "那天": None, "节当天": None, "前后": "around", "节前后": "around",
        "假期前": "before", "假期后": "after", "长假后": "after", "假期结束后": "after", "放假前": "before",
        "后第一个工作日": "back_day", "后首个工作日": "back_day", "后第一天上班": "back_day",
        "节后第一个工作日": "back_day", "假期后第一个工作日": "back_day", "后上班第一天": "back_day",
        "后的第一个工作日": "back_day", "节后上班第一天": "back_day", "以后": "after", "以前": "before",
        "放假后": "after", "节以后": "after", "节以前": "before"}
_WEEK_AFTER = r"(?:节|之|假期|长假)?后(?:的)?第(?P<hw>[1-4])个?(?:周|星期)(?!\d|[一二三四五六日天])"
_NTH = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_D = "[一二三四五六七八九]"
_LUNAR_DAYS = rf"初(?:[一二三四五六七八九十]|10|[1-9])|二十{_D}?|廿{_D}|十{_D}?|三十|\d{{1,2}}"
_LUNAR_MONTHS = {"正": 1, "冬": 11, "腊": 12}
_WD = r"[1-7一二三四五六日天]"
_RANGE_AHEAD = r"(?=\s?(?:至|到|~|-|—{1,2}|、)\s?"


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _firsts(words) -> str:
    """A look-ahead on the first characters, so a long list of names costs one test per position."""
    return "(?=[" + "".join(sorted({w[0] for w in words})) + "])"


def count(word: str | None) -> int | None:
    """一 → 1, 两 → 2, 十 → 10, "3" → 3 (the small counts of these phrases)."""
    if not word:
        return None
    if word.isdigit():
        return int(word)
    if len(word) == 2 and word[0] == "十":
        return 10 + _NTH.get(word[1], 0)
    return _NTH.get(word)


def _lunar_day(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word.startswith("初"):
        return count(word[1:])
    if word.startswith(("二十", "廿")):
        return 20 if word in ("二十", "廿") else 20 + (count(word[-1]) or 0)
    if word == "三十":
        return 30
    return count(word)


def _holiday(m):
    groups = m.groupdict()
    key = HOLIDAY_NAMES.get(groups.get("hn") or "") or SHORT_NAMES.get(groups.get("hs") or "")
    if m["hw"]:
        return DAY, {"holiday": key, "hmod": "week_after", "hnth": int(m["hw"])}
    return DAY, {"holiday": key, "hmod": MODS[m["hm"]] if m["hm"] else None, "named": True}


def _bare_festival(m):
    if m["hw"]:
        return DAY, {"holiday": ANY_FESTIVAL, "hmod": "week_after", "hnth": int(m["hw"])}
    return DAY, {"holiday": ANY_FESTIVAL, "hmod": {"前": "before", "后": "after"}.get(m["b"], "back_day")}


def _new_year(m):
    """年前/年后 in these chats: before or after the Spring Festival."""
    if m["hw"]:
        return DAY, {"holiday": "春节", "hmod": "week_after", "hnth": int(m["hw"])}
    return DAY, {"holiday": "春节", "hmod": "before" if m["b"] == "前" else "after"}


def _lunar(m):
    if m["d3"]:
        return DAY, {"lunar": (1, count(m["d3"]))}
    month = _LUNAR_MONTHS[m["lm"]] if m["lm"] else int(m["lm2"] or m["lm3"])
    return DAY, {"lunar": (month, _lunar_day(m["ld"] or m["ld2"] or m["ld3"]))}


def _month_week(m):
    return DAY, {"month_week": -1 if m["last"] else count(m["n"])}


def _nth_weekday(m):
    return DAY, {"nth_weekday": (-1 if m["last"] else count(m["n"]), m["wd"])}


def _shift(m):
    unit = {"星期": "周", "礼拜": "周"}.get(m["u"], m["u"] or m["u2"])
    n = 0.5 if m["n"] == "半" else count(m["n"]) or cn_to_int(m["n"])
    return DAY, {"shift": (n, unit, 1 if m["d"] == "后" else -1)}


_QUARTERS = {"本": 0, "这": 0, "当": 0, "上": -1, "下": 1}


def _span(m):
    unit = {"星期": "周"}.get(m["u"], m["u"])
    n = 0.5 if m["n"] == "半" else count(m["n"]) or cn_to_int(m["n"])
    return DAY, {"span": (n, unit, -1 if m["w"] in ("过去", "最近", "近") else 1)}


def _sub(m):
    unit = {"日": "天", "星期": "周"}.get(m["u"], m["u"])
    return MONTH, {"sub": ("head" if m["s"] in ("前", "头") else "tail", count(m["n"]), unit)}


_HOLIDAY_MODS = rf"(?:{_WEEK_AFTER}|(?P<hm>{_alt(MODS)}))?"
HOLIDAY_RULES = (
    ("holiday", rf"{_firsts(HOLIDAY_NAMES)}(?P<hn>{_alt(HOLIDAY_NAMES)}){_HOLIDAY_MODS}", _holiday),
    ("holiday_short", rf"(?<![\d零〇一二两三四五六七八九十第])(?P<hs>{_alt(SHORT_NAMES)}){_SHORT_GUARD}{_HOLIDAY_MODS}",
     _holiday),
    ("new_year", r"(?<![\d零〇一二两三四五六七八九十百千万今明去前后本当每半多几上下近往过来新跨周])年"
                 r"(?:后第(?P<hw>[1-4])个?(?:周|星期)|(?P<b>前|后))(?!\d|年)", _new_year),
    ("festival", r"(?<![环季细章关音调礼情时枝春])节(?:后第(?P<hw>[1-4])个?(?:周|星期)|(?P<b>后第一个工作日|前|后))",
     _bare_festival),
    # 初五, 廿二 are lunar days only: "五月初五" needs no 农历 (but "5月初" is early May)
    ("lunar", rf"(?:农历|阴历)?(?P<lm>[正冬腊])月(?P<ld>{_LUNAR_DAYS})日?|(?:农历|阴历)(?P<lm2>\d{{1,2}})月"
              rf"(?P<ld2>{_LUNAR_DAYS})日?|(?<![\d.])(?P<lm3>\d{{1,2}})月(?P<ld3>初[一二三四五六七八九十]|廿{_D}?)"
              rf"|大年初(?P<d3>[一二三四五六七八九十])", _lunar),
)
PERIOD_RULES = (
    ("nth_weekday", rf"(?:第(?P<n>[1-5一二两三四五])个|(?P<last>最后一个))(?:周|星期|礼拜)(?P<wd>{_WD})", _nth_weekday),
    ("month_week", rf"(?:第(?P<n>[1-6一二三四五六])个?|(?P<last>最后(?:一个|1个|一|1)?))(?:周|星期|礼拜)"
                   rf"(?!{_WD}|末|几)", _month_week),
    ("sub_period", rf"(?P<s>前|头|最后|后)(?P<n>\d{{1,2}}|十[一二三四五六七八九]?|[一二两三四五六七八九])个?"
                   rf"(?P<u>月|季度|天|日|周|星期)(?!{_WD}|末)", _sub),
    ("month_lead", rf"(?<![\d.:])(?P<m>\d{{1,2}}){_RANGE_AHEAD}(?:次年|翌年)?\d{{1,2}}月)",
     lambda m: (MONTH, {"month": int(m["m"]), "lead": True})),
    ("day_lead", rf"(?<![\d.:])(?P<d>\d{{1,2}}){_RANGE_AHEAD}\d{{1,2}}[日号](?![楼院线馆厅室门窗文令]))",
     lambda m: (DAY, {"day": int(m["d"]), "lead": True})),
    ("clock_lead", rf"(?<![\d.:])(?P<h>\d{{1,2}}){_RANGE_AHEAD}\d{{1,2}}[点时])",
     lambda m: (CLOCK, {"clock": (int(m["h"]), 0), "lead": True})),
    ("quarter_lead", rf"(?<![\d.:])(?P<q>[1-4]){_RANGE_AHEAD}第?[1-4]季度)",
     lambda m: (YEAR_PART, {"quarter": int(m["q"]), "lead": True})),
    # 6个月前 is six months ago, 6月前 is before June: a month counted needs its 个
    ("shift", r"(?P<n>[1-9]\d{0,2}|[一二两三四五六七八九十]{1,3}|半)"
              r"(?:个?(?P<u>天|周|星期|礼拜|年)|个(?P<u2>月))(?:之|以)?"
              r"(?P<d>后|前)",
     _shift),
    ("span", r"(?P<w>未来|今后|接下来的?|过去|最近|近)(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3}|半)个?"
             r"(?P<u>天|周|星期|月|年)", _span),
    ("rel_quarter", r"(?P<r>本|这个?|当前|上个?|下个?)季度",
     lambda m: (YEAR_PART, {"quarter_offset": _QUARTERS[m["r"][0]]})),
    ("decade", r"(?:(?:20|二十)世纪)?(?P<d>[1-9]0|[二三四五六七八九]十)年代",
     lambda m: (YEAR, {"decade": 1900 + (int(m["d"]) if m["d"].isdigit() else 10 * (count(m["d"][0]) or 0))})),
    ("year_month_dot", r"(?<![\d.])(?P<y>(?:19|20)\d{2})[./](?P<m>1[0-2]|0?[1-9])(?![\d.%万亿千元倍个])",
     lambda m: (MONTH, {"year": int(m["y"]), "month": int(m["m"])})),
    ("weekday_note", rf"\((?:周|星期|礼拜){_WD}\)", lambda m: (DAY, {"note": True})),
)
