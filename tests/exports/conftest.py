"""A register to export: a 2026 plan in the notices' shape, held events with and without
their forms, and the edge cases a period boundary and a time zone bring."""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.clock import DEFAULT_TZ
from store.models import Event, RegistrationForm, StatisticsForm, Unit
from store.repo import add_event

NOW = datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ)
PRESS, INTERVIEW = "press_conference", "online_interview"


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=DEFAULT_TZ)


# The 铜官区 2024 plan moved to 2026: (序号, unit, window, 发布主题, 发布人).
PRESS_PLAN = [
    (1, "区发改委", (1, 1, 3, 31), "充电基础设施建设新闻发布会", "党组成员 刘琦"),
    (2, "区市监局", (1, 1, 3, 31), "铜官区消费维权情况发布会", "党工委成员、副局长 章功进"),
    (3, "区人社局", (4, 1, 4, 30), "稳就业工作发布会", "区人社局党组成员 朱永争"),
    (4, "区教育局", (5, 1, 5, 31), "铜官区教师公开招聘新闻发布会", "党工委委员、总督学 王胜利"),
    (5, "区卫健委", (5, 1, 5, 31), "2025年铜官区疾病预防控制中心工作情况", "区疾控中心主任 钱丹"),
    (6, "区统计局", (5, 1, 5, 31), "一季度全区经济运行情况发布会", "副局长 马超"),
    (7, "区发改委", (4, 1, 6, 30), "服务业发展新闻发布会", "党组成员 刘琦"),
    (8, "区市监局", (4, 1, 6, 30), "铜官区特种设备使用管理情况发布会", "党工委成员、副局长 崔飞鹤"),
    (9, "区民政局", (7, 1, 7, 31), "铜官区居家和社区基本养老服务提升行动", "区民政局社会事务办公室主任 张倩"),
    (10, "区卫健委", (7, 1, 7, 31), "铜官区打造托育新特色——医育融合，开展中医适宜技术进托育机构活动",
     "区卫健委家庭发展办分管领导 吴江秀"),
    (11, "区应急管理局", (7, 1, 7, 31), "2026年上半年安全生产工作新闻发布会", "副局长 汪超"),
    (12, "区教育局", (7, 1, 7, 31), "铜官区中小学招生工作新闻发布会", "党工委委员、副局长 谷运东"),
    (13, "区教育局", (8, 1, 8, 31), "润泽花园幼儿园项目新闻发布会", "党工委委员、副局长 潘睿"),
    (14, "区统计局", (8, 1, 8, 31), "上半年全区经济运行情况发布会", "副局长 马超"),
    (15, "区人社局", (9, 1, 9, 30), "城乡居民养老保险", "区人社局党组成员、社保中心主任 朱永争"),
    (16, "区发改委", (7, 1, 9, 30), "社会信用体系建设新闻发布会", "副主任 于金标"),
    (17, "区市监局", (7, 1, 9, 30), "铜官区食品安全监管情况发布会", "党工委成员、区食安办主任 阮德伟"),
    (18, "区农业农村水利局", (10, 1, 10, 31), "和美乡村精品示范村建设", "党组书记、局长 刘军"),
    (19, "区住建局", (10, 1, 10, 31), "物业管理工作", "铜官区物管中心 吴冰"),
    (20, "区教育局", (10, 1, 10, 31), "“安心托幼”民生实事新闻发布会", "早期教育指导中心主任 陈冬云"),
    (21, "区城市管理行政执法局", (10, 1, 10, 31), "规范城区摊群点管理，实现“三赢”局面",
     "区城管执法大队副大队长 洪贺"),
    (22, "区住建局", (11, 1, 11, 30), "老旧小区改造工作", "铜官区住建局副局长 任龙"),
    (23, "区统计局", (11, 1, 11, 30), "三季度全区经济运行情况发布会", "副局长 马超"),
    (24, "区人社局", (12, 1, 12, 31), "根治欠薪工作", "区劳动保障监察大队大队长 张启文"),
    (25, "区应急管理局", (12, 1, 12, 31), "2026年应急管理工作新闻发布会", "副局长 汪超"),
    (26, "区财政局", (12, 1, 12, 31), "2025年财政管理改革新闻发布会", "区财政局政府债务管理办公室主任 刘祥"),
    (27, "区发改委", (10, 1, 12, 31), "重点项目建设新闻发布会", "副主任 石伟"),
    (28, "区市监局", (10, 1, 12, 31), "铜官区知识产权情况发布会", "党工委成员、副局长 崔飞鹤"),
]
# The 濉溪县 2021 interview plan's shape: parts of months.
INTERVIEW_PLAN = [
    (1, "区教育局", (3, 11, 3, 20), "教育系统常态化防控措施及亮点"),
    (2, "区城管局", (4, 1, 4, 10), "推进生活垃圾分类，助推生态文明建设"),
    (3, "区卫健委", (4, 21, 4, 30), "省级健康促进工作开展情况"),
    (4, "韩村镇", (5, 11, 5, 20), "传承红色基因，弘扬时代新风"),
]


@dataclass
class Register:
    units: dict[str, Unit] = field(default_factory=dict)
    plan: list[Event] = field(default_factory=list)  # the imported plan, in 序号 order
    events: dict[str, Event] = field(default_factory=dict)  # named events for the held cases
    stats: dict[str, StatisticsForm] = field(default_factory=dict)
    registrations: dict[str, RegistrationForm] = field(default_factory=dict)


async def _unit(session, reg: Register, name: str) -> Unit:
    if name not in reg.units:
        reg.units[name] = Unit(name=name, aliases=[])
        session.add(reg.units[name])
        await session.flush()
    return reg.units[name]


async def _event(session, reg: Register, unit: str, kind: str, window: tuple[int, int, int, int],
                 topic: str, **extra) -> Event:
    m1, d1, m2, d2 = window
    return await add_event(
        session, unit=await _unit(session, reg, unit), kind=kind, topic=topic, now=NOW,
        actor="test", window_start=date(2026, m1, d1), window_end=date(2026, m2, d2), **extra)


async def build_register(session) -> Register:
    reg = Register()
    for seq, unit, window, topic, speaker in PRESS_PLAN:
        reg.plan.append(await _event(session, reg, unit, PRESS, window, topic, speaker=speaker,
                                     source="plan", plan_year=2026, plan_seq=seq))
    for seq, unit, window, topic in INTERVIEW_PLAN:
        reg.plan.append(await _event(session, reg, unit, INTERVIEW, window, topic, subtype="网上访谈",
                                     source="plan", plan_year=2026, plan_seq=seq))
    await _held_events(session, reg)
    await session.commit()
    return reg


async def _held_events(session, reg: Register) -> None:
    e = reg.events
    # Held and reported, with both forms filed.
    e["education"] = await _event(
        session, reg, "区教育局", PRESS, (3, 18, 3, 18), "2026年秋季招生政策解读", subtype="政策解读",
        start_at=local(2026, 3, 18, 15, 0), location="区政府新闻发布厅", speaker="副局长 潘睿",
        status="reported")
    # Held, but the statistics form is still missing.
    e["statistics"] = await _event(
        session, reg, "区统计局", PRESS, (4, 20, 4, 20), "一季度经济运行情况", start_at=local(2026, 4, 20, 9, 30),
        location="区统计局三楼会议室", speaker="副局长 马超", status="held")
    # Two units; held on the evening of June 30 local time, which is still June 30 in UTC.
    e["finance"] = await _event(
        session, reg, "区财政局", PRESS, (6, 1, 6, 30), "2026年民生工程政策解读", status="reported",
        co_units=[await _unit(session, reg, "区农业农村局")], start_at=local(2026, 6, 25, 10, 0))
    # Held at 00:30 on July 1 local time = June 30 16:30 UTC: belongs to the second half.
    e["july"] = await _event(
        session, reg, "区人社局", PRESS, (7, 1, 7, 1), "稳就业政策解读", start_at=local(2026, 7, 1, 0, 30),
        status="held")
    # Held without any time recorded: counted by its window.
    e["no_time"] = await _event(session, reg, "区民政局", PRESS, (2, 1, 2, 28), "困难群众救助", status="held")
    e["planned"] = await _event(session, reg, "区住建局", PRESS, (5, 11, 5, 20), "老旧小区改造")
    e["cancelled"] = await _event(session, reg, "区卫健委", PRESS, (3, 1, 3, 31), "取消的发布会",
                                  status="cancelled")
    e["last_year"] = await _event(session, reg, "区教育局", PRESS, (1, 5, 1, 5), "去年的活动", status="held")
    e["last_year"].window_start = e["last_year"].window_end = date(2025, 12, 28)
    e["last_year"].start_at = local(2025, 12, 28, 10, 0)
    e["interview"] = await _event(
        session, reg, "区城管局", INTERVIEW, (4, 8, 4, 8), "垃圾分类在线访谈", subtype="网上访谈",
        start_at=local(2026, 4, 8, 15, 0), location="区政府网站访谈间", speaker="局长 洪贺", status="reported")
    e["video"] = await _event(session, reg, "区卫健委", INTERVIEW, (5, 6, 5, 6), "健康促进微视频",
                              subtype="微视频访谈", start_at=local(2026, 5, 6, 10, 0), status="held")
    await _forms(session, reg)


async def _forms(session, reg: Register) -> None:
    e = reg.events
    reg.stats["education"] = StatisticsForm(
        event_id=e["education"].id, held_at=local(2026, 3, 18, 15, 5), location="区政府新闻发布厅（二楼）",
        unit_name="区教育局", media=["铜陵日报", "铜陵广播电视台", "铜陵新闻网"], topic="2026年秋季招生政策解读",
        speaker="区教育局副局长 潘睿", has_reporter_questions=True, reporter_question_count=4)
    reg.stats["finance"] = StatisticsForm(
        event_id=e["finance"].id, held_at=local(2026, 6, 30, 23, 30), media=["铜陵日报"],
        has_reporter_questions=False, reporter_question_count=0)
    reg.stats["interview"] = StatisticsForm(
        event_id=e["interview"].id, held_at=local(2026, 4, 8, 15, 0), media=["区融媒体中心"],
        speaker="区城管局局长 洪贺", interview_form="网上", netizen_question_count=12,
        link="https://www.tongguan.gov.cn/zxft/2026/0408.html", has_reporter_questions=None)
    reg.registrations["education"] = RegistrationForm(
        event_id=e["education"].id, title="2026年秋季招生政策解读新闻发布会", host_unit="区教育局",
        contact_name="王丽", contact_title="办公室主任", contact_phone="0562-2812345",
        summary="介绍2026年秋季义务教育阶段招生政策。\n解读划片、报名和录取的时间安排。",
        held_at=local(2026, 3, 18, 15, 0), location="区政府新闻发布厅",
        invited_leaders=["副区长 李明", {"name": "张强", "title": "区政府办副主任"}],
        invited_media=["铜陵日报", "铜陵广播电视台"], press_release="招" * 980,
        questions=[{"q": "划片有变化吗？", "a": "今年划片范围与去年一致。"}, {"q": "何时报名？", "a": "答" * 520}],
        photo_count=3, has_video=False, submitted_at=local(2026, 3, 14, 16, 0),
        remarks="发布会后安排记者实地采访两所学校。",
        approval="approved", approval_opinion="同意召开，请做好舆情预案。", approved_at=local(2026, 3, 15, 9, 0))
    session.add_all([*reg.stats.values(), *reg.registrations.values()])
    await session.flush()


@pytest.fixture
async def register(session) -> Register:
    return await build_register(session)


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice for the PDF checks; skipped with the reason unless services are required."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    tools = [shutil.which(t) for t in ("pdfinfo", "pdftotext")]
    if path and all(tools):
        return path
    reason = ("LibreOffice (soffice) or poppler-utils (pdfinfo, pdftotext) not installed: "
              "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils")
    if os.environ.get("PRESSBOT_REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def soffice_calc(soffice) -> str:
    """LibreOffice with Calc, for the .xlsx documents."""
    program = Path(os.path.realpath(soffice)).parent
    if any(program.glob("libsclo.so*")) or any(program.glob("libsc*lo.*")):
        return soffice
    reason = "LibreOffice Calc not installed: apt-get install libreoffice-calc-nogui"
    if os.environ.get("PRESSBOT_REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def to_pdf(soffice: str, files: list[Path], outdir: Path) -> list[Path]:
    """Convert with a private profile, so that parallel runs never share LibreOffice's lock."""
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=180)
    return [outdir / (f.stem + ".pdf") for f in files]
