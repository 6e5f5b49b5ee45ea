"""Plan files of every shape the office receives, built from rows whose reading is known.

Each ``PlanCase`` writes one file (a Word notice with attachments, an Excel workbook, a CSV
export, text pasted from a government web page ...) and says what every row of it must import
as. The expected windows are written by hand from what the cell says, never computed by the
importer's code. ``python -m tests.store.plan_files OUT_DIR`` writes them all for a manual look.
"""
from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

D = date
PRESS, TALK = "press_conference", "online_interview"


@dataclass(frozen=True)
class Want:
    """One row as the import must read it."""

    kind: str
    unit: str
    topic: str
    start: date
    end: date
    speaker: str | None = None
    location: str | None = None
    co_units: tuple[str, ...] = ()
    subtype: str | None = None


@dataclass
class PlanCase:
    name: str  # file name, its extension says the format
    build: Callable[[Path], None]
    rows: list[Want]
    year: int
    year_source: str  # a word the importer's report on the year must contain
    notes: list[str] = field(default_factory=list)


def xl(y: int, m: int, d: int) -> datetime:
    """An Excel date cell's value (Excel dates have no time zone)."""
    return datetime.combine(date(y, m, d), time())


def month(y: int, m: int) -> tuple[date, date]:
    from calendar import monthrange

    return D(y, m, 1), D(y, m, monthrange(y, m)[1])


def months(y: int, a: int, b: int) -> tuple[date, date]:
    return month(y, a)[0], month(y, b)[1]


def quarter(y: int, q: int) -> tuple[date, date]:
    return months(y, 3 * q - 2, 3 * q)


def xun(y: int, m: int, part: str) -> tuple[date, date]:
    end = month(y, m)[1].day
    first, last = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, end), "上中旬": (1, 20),
                   "中下旬": (11, end)}[part]
    return D(y, m, first), D(y, m, last)


def whole(y: int) -> tuple[date, date]:
    return D(y, 1, 1), D(y, 12, 31)


# ---------------------------------------------------------------- Word notice with attachments

NOTICE_BODY = [
    "德庆县人民政府办公室",
    "德府办函〔2026〕5号",
    "德庆县人民政府办公室关于印发2026年度政务公开新闻发布会和在线访谈计划的通知",
    "各镇人民政府，县政府各部门、各直属机构：",
    "现将《2026年度政务公开新闻发布会计划》和《在线访谈计划》印发给你们，请认真组织实施。"
    "各单位要按照计划时间召开新闻发布会，提前3个工作日报送登记表，活动结束后及时填报统计表。",
    "联系人：李明，电话：0758-7771234。",
    "附件：1.新闻发布会计划 2.在线访谈计划 3.新闻发布会登记表 4.新闻发布会统计表",
    "德庆县人民政府办公室",
    "2026年1月20日",
]


def _docx_table(document, grid, merges=()):
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    table.style = "Table Grid"
    for r, values in enumerate(grid):
        for c, value in enumerate(values):
            if value is not None:
                table.cell(r, c).text = value
    for (r1, c1), (r2, c2) in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    return table


DOCX_PRESS = [
    # unit cell (None: merged with the one above), topic with a line break, time, speaker, place
    ("县教育局", "2026年义务教育招生\n入学政策解读", "3月上中旬", "副局长\n陈立新", "县政府新闻发布厅"),
    (None, "“双减”工作推进情况", "9月", "局长 黄志强", "县政府新闻发布厅"),
    ("县人力资源和社会保障局", "稳就业促创业\n政策措施", "4月-5月", "副局长 梁秀英", "县人社局三楼会议室"),
    ("县市场监督管理局", "食品安全“两个责任”落实情况", "一季度", "副局长 莫家豪", "县政府新闻发布厅"),
    ("县财政局\n县农业农村局", "惠农补贴资金发放情况", "三季度", "副局长 谭伟", "县政府新闻发布厅"),
    ("悦城镇", "由发布单位确定", "下半年", "镇长 欧阳明", "悦城镇政府会议室"),
    ("县卫生健康局", "基层医疗卫生服务能力提升", "6月至7月", "党组成员 冯丽", "县政府新闻发布厅"),
]
DOCX_PRESS_WANT = [
    Want(PRESS, "县教育局", "2026年义务教育招生入学政策解读", *xun(2026, 3, "上中旬"), "副局长 陈立新",
         "县政府新闻发布厅", subtype="政策解读"),
    Want(PRESS, "县教育局", "“双减”工作推进情况", *month(2026, 9), "局长 黄志强", "县政府新闻发布厅"),
    Want(PRESS, "县人力资源和社会保障局", "稳就业促创业政策措施", *months(2026, 4, 5), "副局长 梁秀英",
         "县人社局三楼会议室"),
    Want(PRESS, "县市场监督管理局", "食品安全“两个责任”落实情况", *quarter(2026, 1), "副局长 莫家豪",
         "县政府新闻发布厅"),
    Want(PRESS, "县财政局", "惠农补贴资金发放情况", *quarter(2026, 3), "副局长 谭伟", "县政府新闻发布厅",
         co_units=("县农业农村局",)),
    Want(PRESS, "悦城镇", "待定", D(2026, 7, 1), D(2026, 12, 31), "镇长 欧阳明", "悦城镇政府会议室"),
    Want(PRESS, "县卫生健康局", "基层医疗卫生服务能力提升", *months(2026, 6, 7), "党组成员 冯丽", "县政府新闻发布厅"),
]
DOCX_TALK = [
    ("县交通运输局", "农村公路“四好”建设", "5月中旬", "副局长 何明"),
    ("县应急管理局", "由访谈单位确定", "6月", "局长 陆建国"),
    ("官圩镇", "砂糖桔产业助力乡村振兴", "11-12月", "镇党委书记 林海"),
    ("县医疗保障局", "城乡居民医保参保缴费", "由访谈单位确定", "副局长 刘芳"),
]
DOCX_TALK_WANT = [
    Want(TALK, "县交通运输局", "农村公路“四好”建设", *xun(2026, 5, "中旬"), "副局长 何明"),
    Want(TALK, "县应急管理局", "待定", *month(2026, 6), "局长 陆建国"),
    Want(TALK, "官圩镇", "砂糖桔产业助力乡村振兴", *months(2026, 11, 12), "镇党委书记 林海"),
    Want(TALK, "县医疗保障局", "城乡居民医保参保缴费", *whole(2026), "副局长 刘芳"),
]


def build_docx_notice(path: Path) -> None:
    import docx

    document = docx.Document()
    for text in NOTICE_BODY:
        document.add_paragraph(text)
    document.add_page_break()
    document.add_paragraph("附件1")
    document.add_paragraph("德庆县2026年度政务公开新闻发布会计划")
    document.add_paragraph("（按计划时间先后排列，共7场）")
    grid = [["序号", "发布单位", "发布主题", "拟发布时间", "发布人", "发布地点"]]
    grid += [[str(i), *(cell if cell is not None else "" for cell in row)] for i, row in enumerate(DOCX_PRESS, 1)]
    _docx_table(document, grid, merges=[((1, 1), (2, 1))])
    document.add_paragraph("注：发布时间如有调整，请提前5个工作日报县政务公开办备案。")
    document.add_paragraph("附件2")
    document.add_paragraph("德庆县2026年度在线访谈计划")
    grid = [["序号", "访谈单位", "访谈主题", "访谈时间", "访谈嘉宾"]]
    grid += [[str(i), *row] for i, row in enumerate(DOCX_TALK, 1)]
    _docx_table(document, grid)
    document.add_paragraph("附件3")
    document.add_paragraph("德庆县政务公开新闻发布会登记表")
    _docx_table(document, [
        ["全称", "", "", ""],
        ["举办单位", "", "负责人", ""],
        ["职务", "", "联系电话", ""],
        ["内容", "", "", ""],
        ["举办时间", "", "举办地点", ""],
        ["拟邀请领导及来宾", "", "", ""],
        ["拟邀请新闻单位", "", "", ""],
        ["审批意见", "", "", ""],
    ], merges=[((0, 1), (0, 3)), ((3, 1), (3, 3))])
    document.add_paragraph("附件4")
    document.add_paragraph("新闻发布会统计表")
    document.add_paragraph("填报单位（盖章）：            填报日期：    年  月  日")
    _docx_table(document, [
        ["序号", "时间", "地点", "单位", "参加发布会的媒体单位", "发布主题", "发布人姓名、职务", "是否设记者提问",
         "记者提问个数"],
        *[[str(i), "", "", "", "", "", "", "", ""] for i in range(1, 6)],
    ])
    document.save(path)


# ---------------------------------------------------------------- Excel workbook

def build_xlsx_workbook(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "说明"
    first.append(["填表说明"])
    first.append(["1.时间一栏填写到月；2.主题未定的写“待定”。"])
    for title, sheet_title, rows, note in (
        ("发布会（上半年）", "2025年某区政府新闻发布会计划（上半年）", XLSX_PRESS_H1,
         "注：以上时间为计划时间，可根据工作需要调整。"),
        ("发布会（下半年）", "2025年某区政府新闻发布会计划（下半年）", XLSX_PRESS_H2, None),
    ):
        sheet = book.create_sheet(title)
        sheet.append([sheet_title])
        sheet.merge_cells("A1:E1")
        sheet.append(["责任单位", "发布内容", "时间", "发布人", "备注"])
        _xlsx_rows(sheet, rows)
        if note:
            sheet.append([note])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=5)
    talk = book.create_sheet("在线访谈")
    talk.append(["2025年某区在线访谈计划"])
    talk.merge_cells("A1:E1")
    talk.append(["访谈单位", "访谈主题", "访谈(播发)时间", "访谈嘉宾", "形式"])
    _xlsx_rows(talk, XLSX_TALK)
    talk.merge_cells("E3:E5")  # 微视频访谈 for three rows
    talk.merge_cells("E6:E7")
    book.save(path)


def _xlsx_rows(sheet, rows) -> None:
    start = sheet.max_row + 1
    for values, _ in rows:
        cells = [v[0] if isinstance(v, tuple) else v for v in values]
        sheet.append(cells)
        for col, value in enumerate(values, 1):
            if isinstance(value, tuple):  # (datetime, number format)
                sheet.cell(sheet.max_row, col).number_format = value[1]
    for r, (_, merge_down) in enumerate(rows):
        if merge_down:
            sheet.merge_cells(start_row=start + r, start_column=1, end_row=start + r + merge_down, end_column=1)


YM = 'yyyy"年"m"月"'
XLSX_PRESS_H1 = [
    (["区发展和改革局", "2024年全区经济社会发展情况", (xl(2025, 1, 1), "yyyy-mm-dd h:mm:ss"), "局长 张卫东", None],
     1),
    ([None, "重点项目建设推进情况", (xl(2025, 3, 1), YM), "副局长 王琳", "与区住建局联合发布"], 0),
    (["区住房和城乡建设局", "老旧小区改造工作", "2025年4月", "副局长 赵刚", None], 0),
    (["区统计局", "一季度全区经济运行情况", "2025年5月上旬", "副局长 孙浩", None], 0),
    (["区城市管理局", "城区停车秩序整治", (xl(2025, 6, 1), YM), "副局长 周敏", None], 0),
]
XLSX_PRESS_H1_WANT = [
    Want(PRESS, "区发展和改革局", "2024年全区经济社会发展情况", *month(2025, 1), "局长 张卫东"),
    Want(PRESS, "区发展和改革局", "重点项目建设推进情况", *month(2025, 3), "副局长 王琳"),
    Want(PRESS, "区住房和城乡建设局", "老旧小区改造工作", *month(2025, 4), "副局长 赵刚"),
    Want(PRESS, "区统计局", "一季度全区经济运行情况", *xun(2025, 5, "上旬"), "副局长 孙浩"),
    Want(PRESS, "区城市管理局", "城区停车秩序整治", *month(2025, 6), "副局长 周敏"),
]
XLSX_PRESS_H2 = [
    (["区统计局", "上半年全区经济运行情况", (xl(2025, 8, 1), YM), "副局长 孙浩", None], 0),
    (["区民政局", "养老服务体系建设", (xl(2025, 9, 18), "yyyy/m/d"), "局长 钱晓红", None], 0),
    (["区司法局", "“八五”普法工作成效", "四季度", "副局长 吴斌", None], 0),
]
XLSX_PRESS_H2_WANT = [
    Want(PRESS, "区统计局", "上半年全区经济运行情况", *month(2025, 8), "副局长 孙浩"),
    Want(PRESS, "区民政局", "养老服务体系建设", D(2025, 9, 18), D(2025, 9, 18), "局长 钱晓红"),
    Want(PRESS, "区司法局", "“八五”普法工作成效", *quarter(2025, 4), "副局长 吴斌"),
]
XLSX_TALK = [
    (["区文化旅游体育局", "全域旅游示范区创建", (xl(2025, 5, 1), YM), "副局长 郑洁", "微视频访谈"], 0),
    (["区退役军人事务局", "退役军人就业创业服务", (xl(2025, 7, 1), YM), "局长 冯军", None], 0),
    (["区残联", "残疾人两项补贴政策", (xl(2025, 8, 1), YM), "理事长 许静", None], 0),
    (["东城街道", "老旧小区“微改造”", "2025年10月", "街道办主任 何磊", "网上访谈"], 0),
    (["区数据资源管理局", "“一网通办”办事指南", "2025年11月", "副局长 宋佳", None], 0),
]
XLSX_TALK_WANT = [
    Want(TALK, "区文化旅游体育局", "全域旅游示范区创建", *month(2025, 5), "副局长 郑洁", subtype="微视频访谈"),
    Want(TALK, "区退役军人事务局", "退役军人就业创业服务", *month(2025, 7), "局长 冯军", subtype="微视频访谈"),
    Want(TALK, "区残联", "残疾人两项补贴政策", *month(2025, 8), "理事长 许静", subtype="微视频访谈"),
    Want(TALK, "东城街道", "老旧小区“微改造”", *month(2025, 10), "街道办主任 何磊", subtype="网上访谈"),
    Want(TALK, "区数据资源管理局", "“一网通办”办事指南", *month(2025, 11), "副局长 宋佳", subtype="网上访谈"),
]


# ---------------------------------------------------------------- CSV

EXPORT_ROWS = [
    ("市教育局", "2026年3月", "中考改革政策解读", "副局长 林静"),
    ("市人社局", "2026年4月中旬", "技能人才评价改革", "副局长 高远"),
    ("市市场监管局", "2026年二季度", "知识产权保护工作", "副局长 邓超"),
    ("市医保局", "2026年9月", "医保支付方式改革", "局长 胡斌"),
    ("市应急局", "2026年12月", "安全生产专项整治成效", None),
]
EXPORT_WANT = [
    Want(PRESS, "市教育局", "中考改革政策解读", *month(2026, 3), "副局长 林静", subtype="政策解读"),
    Want(PRESS, "市人社局", "技能人才评价改革", *xun(2026, 4, "中旬"), "副局长 高远"),
    Want(PRESS, "市市场监管局", "知识产权保护工作", *quarter(2026, 2), "副局长 邓超"),
    Want(PRESS, "市医保局", "医保支付方式改革", *month(2026, 9), "局长 胡斌"),
    Want(PRESS, "市应急局", "安全生产专项整治成效", *month(2026, 12)),
]


def build_csv_export(path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["序号", "牵头发布单位", "拟发布时间", "发布主题", "发布人"])
        for i, (unit, when, topic, speaker) in enumerate(EXPORT_ROWS, 1):
            writer.writerow([i, unit, when, topic, speaker or ""])


TYPED_ROWS = [
    ("新闻发布会", "区水利局", "防汛抗旱准备工作", "5月", ""),
    ("在线访谈", "区林业局", "森林防火知识", "3月", "邀请林业专家"),
    ("新闻发布会", "区商务局", "促消费活动安排", "7月上旬", ""),
    ("在线访谈", "区税务局", "个人所得税汇算清缴", "3-4月", "与区财政局联合"),
    ("微视频访谈", "区妇联", "家庭教育促进法宣传", "10月", ""),
    ("政策吹风会", "区科技局", "科技创新券政策", "8月", ""),
]
TYPED_WANT = [
    Want(PRESS, "区水利局", "防汛抗旱准备工作", *month(2026, 5)),
    Want(TALK, "区林业局", "森林防火知识", *month(2026, 3)),
    Want(PRESS, "区商务局", "促消费活动安排", *xun(2026, 7, "上旬")),
    Want(TALK, "区税务局", "个人所得税汇算清缴", *months(2026, 3, 4)),
    Want(TALK, "区妇联", "家庭教育促进法宣传", *month(2026, 10), subtype="微视频访谈"),
    Want(PRESS, "区科技局", "科技创新券政策", *month(2026, 8), subtype="政策解读"),
]


def build_csv_typed(path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["某区2026年政务公开新闻发布和在线访谈安排"])
        writer.writerow(["类型", "单位", "主题", "时间", "备注"])
        writer.writerows(TYPED_ROWS)


# ---------------------------------------------------------------- text pasted from web pages

PAGE_HEAD = [
    "无障碍 | 长者模式 | 简体版 | 繁體版",
    "首页 政务公开 政务服务 互动交流 走进{place}",
    "当前位置：首页 > 政务公开 > 通知公告",
    "{title}",
    "发布时间：{published}    来源：{place}人民政府办公室    浏览次数：1289",
    "【字体：大 中 小】 【打印本页】 【关闭窗口】",
]
PAGE_FOOT = [
    "扫一扫在手机打开当前页",
    "上一篇：关于开展2025年度政府网站自查工作的通知",
    "下一篇：{place}2026年第一季度政务公开工作要点",
    "网站地图 | 联系我们 | 隐私声明",
    "主办单位：{place}人民政府办公室 承办单位：{place}数据资源管理局",
    "网站标识码：3408220001 皖ICP备05012345号-1 皖公网安备 34082202000123号",
]


def _page(lines: list[str], **values: str) -> str:
    return "\n".join(line.format(**values) for line in [*PAGE_HEAD, *lines, *PAGE_FOOT]) + "\n"


WEB_TALK = [
    # (unit, topic lines, time cell, guest, form) — a form of None was a merged cell: not repeated
    ("区教育局", ["义务教育阶段学校招生", "入学政策"], "20263", "副局长 唐敏", "网上访谈"),
    ("区人力资源和社会保障局", ["高校毕业生就业服务"], "2026年4月", "副局长 韦强", None),
    ("区住建局", ["由访谈单位确定"], "20267", "局长 黎明", "微视频访谈"),
    ("区文旅局", ["文旅融合发展"], "202611", "副局长 蒙丽", None),
    ("区卫健委", ["家庭医生签约服务"], "9月至10月", "副主任 覃海", None),
    ("区农业农村局", ["高标准农田建设与", "耕地保护"], "6月上中旬", "副局长 卢勇", "网上访谈"),
]
WEB_TALK_WANT = [
    Want(TALK, "区教育局", "义务教育阶段学校招生入学政策", *month(2026, 3), "副局长 唐敏", subtype="网上访谈"),
    Want(TALK, "区人力资源和社会保障局", "高校毕业生就业服务", *month(2026, 4), "副局长 韦强", subtype="网上访谈"),
    Want(TALK, "区住建局", "待定", *month(2026, 7), "局长 黎明", subtype="微视频访谈"),
    Want(TALK, "区文旅局", "文旅融合发展", *month(2026, 11), "副局长 蒙丽", subtype="微视频访谈"),
    Want(TALK, "区卫健委", "家庭医生签约服务", *months(2026, 9, 10), "副主任 覃海", subtype="微视频访谈"),
    Want(TALK, "区农业农村局", "高标准农田建设与耕地保护", *xun(2026, 6, "上中旬"), "副局长 卢勇",
         subtype="网上访谈"),
]


def build_web_talk(path: Path) -> None:
    lines = ["为进一步做好政府网站在线访谈工作，现将2026年在线访谈工作方案公布如下。",
             "2026年宿松县在线访谈工作方案", "序号", "访谈单位", "访谈主题", "访谈(播发)时间", "访谈嘉宾", "访谈形式"]
    for i, (unit, topic, when, guest, form) in enumerate(WEB_TALK, 1):
        lines += [str(i), unit, *topic, when, guest] + ([form] if form else [])
    lines.append("注：访谈时间如有变动，另行通知。")
    path.write_text(_page(lines, place="宿松县", title="关于印发2026年宿松县在线访谈工作方案的通知",
                          published="2026-01-12 09:30"), encoding="utf-8")


WEB_PRESS = [  # no 序号 column; the year only in the publication date under the text
    ("区自然资源和规划局", "国土空间总体规划", "3月"),
    ("区生态环境分局", "中央环保督察反馈问题整改", "4月下旬"),
    ("区公安分局", "“夏季行动”打击整治成果", "8月"),
    ("区交通运输局", "城乡公交一体化", "二季度"),
    ("区审计局", "2025年度区级预算执行审计", "7月"),
    ("区市场监管局", "“诚信兴商”示范创建", "10月中下旬"),
]
WEB_PRESS_WANT = [
    Want(PRESS, "区自然资源和规划局", "国土空间总体规划", *month(2026, 3)),
    Want(PRESS, "区生态环境分局", "中央环保督察反馈问题整改", *xun(2026, 4, "下旬")),
    Want(PRESS, "区公安分局", "“夏季行动”打击整治成果", *month(2026, 8)),
    Want(PRESS, "区交通运输局", "城乡公交一体化", *quarter(2026, 2)),
    Want(PRESS, "区审计局", "2025年度区级预算执行审计", *month(2026, 7)),
    Want(PRESS, "区市场监管局", "“诚信兴商”示范创建", *xun(2026, 10, "中下旬")),
]


def build_web_press(path: Path) -> None:
    lines = ["各街道、区直各单位：", "现将区政府新闻发布会计划印发给你们，请按时组织召开。",
             "区政府新闻发布会计划", "发布单位", "发布主题", "时间"]
    for unit, topic, when in WEB_PRESS:
        lines += [unit, topic, when]
    lines += ["庐阳区人民政府办公室", "2026年2月10日"]
    text = _page(lines, place="庐阳区", title="关于印发区政府新闻发布会计划的通知", published="")
    path.write_text(text.replace("发布时间：    ", "发布时间：—    "), encoding="utf-8")


TAB_TALK = [  # pasted from Excel: tab-separated, time first, one time cell with a typo
    ("5月上中旬", "区司法局", "《民法典》进社区", "副局长 吕红"),
    ("202611", "区档案馆", "红色档案里的故事", "馆长 何平"),
    ("7月-8月", "区气象局", "汛期气象服务", "局长 庞磊"),
    ("9月中询", "区红十字会", "应急救护培训进万家", "常务副会长 邱雪"),
]
TAB_TALK_WANT = [
    Want(TALK, "区司法局", "《民法典》进社区", *xun(2026, 5, "上中旬"), "副局长 吕红"),
    Want(TALK, "区档案馆", "红色档案里的故事", *month(2026, 11), "馆长 何平"),
    Want(TALK, "区气象局", "汛期气象服务", *months(2026, 7, 8), "局长 庞磊"),
    Want(TALK, "区红十字会", "应急救护培训进万家", *xun(2026, 9, "中旬"), "常务副会长 邱雪"),
]


def build_tab_talk(path: Path) -> None:
    lines = ["2026年鸠江区政府网站在线访谈工作方案", "", "时间安排\t访谈单位\t访谈主题\t访谈嘉宾"]
    lines += ["\t".join(row) for row in TAB_TALK]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


PDF_PRESS = [  # pasted from a PDF: space-separated, wrapped topics, title two lines above
    ("县数据局", "政务服务“一网通办”", "改革成效", "3月"),
    ("县商务局", "县域商业体系建设", None, "5月"),
    ("县城管局", "城市精细化管理与", "背街小巷整治", "一季度"),
    ("县统计局", "2025年全县经济运行情况", None, "2月"),
]
PDF_PRESS_WANT = [
    Want(PRESS, "县数据局", "政务服务“一网通办”改革成效", *month(2026, 3)),
    Want(PRESS, "县商务局", "县域商业体系建设", *month(2026, 5)),
    Want(PRESS, "县城管局", "城市精细化管理与背街小巷整治", *quarter(2026, 1)),
    Want(PRESS, "县统计局", "2025年全县经济运行情况", *month(2026, 2)),
]


def build_pdf_press(path: Path) -> None:
    lines = ["附件2", "", "2026年某县政府新闻发布会计划", "（第一批）", "", "序 号 牵头单位 发布主题 时间安排"]
    for i, (unit, topic, wrapped, when) in enumerate(PDF_PRESS, 1):
        if wrapped:
            lines += [f"{i} {unit} {topic}", wrapped, when]
        else:
            lines.append(f"{i} {unit} {topic} {when}")
    lines += ["", "注：各单位可根据工作实际增加发布场次。", "— 3 —"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


BROWSER_ROWS = [  # a web page's table copied from the browser: tab-separated, <br> in a cell, rowspan cells
    ("1", "区教育局", "义务教育招生\n入学政策", "3月", "网上访谈"),
    ("2", "区人社局", "就业服务", "4月", None),
    ("3", "区民政局", "养老服务", "5月", "微视频访谈"),
    ("4", None, "养老服务补贴申领", "6月", None),
]
BROWSER_WANT = [
    Want(TALK, "区教育局", "义务教育招生入学政策", *month(2026, 3), subtype="网上访谈"),
    Want(TALK, "区人社局", "就业服务", *month(2026, 4), subtype="网上访谈"),
    Want(TALK, "区民政局", "养老服务", *month(2026, 5), subtype="微视频访谈"),
    Want(TALK, "区民政局", "养老服务补贴申领", *month(2026, 6), subtype="微视频访谈"),
]


def build_browser_copy(path: Path) -> None:
    lines = ["当前位置：首页 > 政务公开 > 工作计划", "2026年花山区在线访谈计划", "发布日期：2026-01-05",
             "序号\t访谈单位\t访谈主题\t访谈时间\t访谈形式"]
    lines += ["\t".join(cell for cell in row if cell is not None) for row in BROWSER_ROWS]
    lines.append("【打印本页】【关闭窗口】")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


CASES: list[PlanCase] = [
    PlanCase("德庆县通知.docx", build_docx_notice, DOCX_PRESS_WANT + DOCX_TALK_WANT, 2026, "表题"),
    PlanCase("某区计划.xlsx", build_xlsx_workbook, XLSX_PRESS_H1_WANT + XLSX_PRESS_H2_WANT + XLSX_TALK_WANT,
             2025, "表题"),
    PlanCase("计划导出.csv", build_csv_export, EXPORT_WANT, 2026, "时间"),
    PlanCase("活动安排.csv", build_csv_typed, TYPED_WANT, 2026, "表题"),
    PlanCase("宿松县访谈方案.txt", build_web_talk, WEB_TALK_WANT, 2026, "表题"),
    PlanCase("庐阳区发布会.txt", build_web_press, WEB_PRESS_WANT, 2026, "发布日期"),
    PlanCase("鸠江区访谈.txt", build_tab_talk, TAB_TALK_WANT, 2026, "表题"),
    PlanCase("某县发布会.txt", build_pdf_press, PDF_PRESS_WANT, 2026, "表题"),
    PlanCase("花山区访谈.txt", build_browser_copy, BROWSER_WANT, 2026, "表题"),
]


def build_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in CASES:
        case.build(folder / case.name)
        paths.append(folder / case.name)
    return paths


if __name__ == "__main__":
    for written in build_all(Path(sys.argv[1] if len(sys.argv) > 1 else "plan_files")):
        print(written)
