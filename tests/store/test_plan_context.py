"""Where a table's year and kind come from: titles, the notice, the publication date."""
import pytest

from store.plan import context

TITLE_YEARS = {
    "2026年度政务公开新闻发布会计划": 2026,
    "2025年某区政府新闻发布会计划": 2025,
    "2026年…在线访谈工作方案": 2026,
    "2025年工作总结及2026年新闻发布计划": 2026,
    "2026年度新闻发布会计划（2025年12月印发）": 2026,
    "关于2026年政府网站在线访谈安排的通知": 2026,
}


@pytest.mark.parametrize("title, year", TITLE_YEARS.items(), ids=TITLE_YEARS.keys())
def test_year_of_a_title(title, year):
    assert context.year_from_titles([title]).value == year


@pytest.mark.parametrize("lines, year", [
    (["XX区人民政府办公室", "2026年2月10日"], 2026),
    (["发布时间：2026-01-12 09:30 来源：区政府办"], 2026),
    (["成文日期：2025-12-20"], 2026),  # a plan published in December is the next year's
    (["2025年11月28日"], 2026),
    (["请于2025年12月31日前报送。"], None),  # a date inside a sentence is no publication date
], ids=["signature date", "web page", "December", "November", "sentence"])
def test_year_of_the_publication_date(lines, year):
    found = context.published_year(lines)
    assert (found.value if found else None) == year


@pytest.mark.parametrize("above, kind", [
    (["附件1", "2026年度在线访谈计划", "（按时间排序）"], "online_interview"),
    (["关于印发新闻发布会和在线访谈计划的通知", "附件2", "新闻发布会计划"], "press_conference"),
    (["关于印发新闻发布会和在线访谈计划的通知"], None),  # both kinds: the header decides
], ids=["two lines up", "nearest title", "both"])
def test_kind_from_the_nearest_title_naming_one(above, kind):
    found = context.kind_from_titles(above)
    assert (found.value if found else None) == kind


@pytest.mark.parametrize("header, kind", [
    (["序号", "牵头发布单位", "拟发布时间", "发布主题", "发布人"], "press_conference"),
    (["访谈单位", "访谈主题", "访谈(播发)时间", "访谈嘉宾"], "online_interview"),
    (["单位", "主题", "时间"], None),
], ids=["export columns", "interview", "neutral"])
def test_kind_from_header_words(header, kind):
    found = context.kind_from_header(header)
    assert (found.value if found else None) == kind
