"""The notices' rules, written once: chat, dashboard, reminders and exports all ask here.

- Labels: how kinds, statuses, roles and history fields read for a person.
- Status groups: which events are open, live (not cancelled) or done.
- "2·1+N": which units are key departments, a unit's yearly quota, whether it is met.
- Forms: which kinds need a registration form (登记表), and the query for those still missing one.
- Reporting periods: the half-years and their report deadlines (June 30 / December 30).
- The event a time names: of the windows a fuzzy time may mean, the one with the nearest event.

A deployment changes the numbers (the ``[reminders]`` table); the rules themselves live here.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol, TypeVar

from store.kinds import Kind, Role, Status

if TYPE_CHECKING:
    from sqlalchemy import Select

# ---- the years the register holds ---------------------------------------------------------------
# A yearly programme's events: no notice names a year outside these. A time beyond them
# ("9999年12月", "0001年1月") is a slip of the keyboard, and the date arithmetic of reminders and
# searches (the day after, a year before) would overflow at the ends of the calendar.
YEARS = range(2000, 2101)  # 2000 to 2100, both included


def in_register_years(*days: date) -> bool:
    """Whether every day (a date or a datetime) lies in ``YEARS``."""
    return all(day.year in YEARS for day in days)


def years_text() -> str:
    return f"{YEARS.start}—{YEARS.stop - 1}年"


# The largest id a row can have (a signed 64-bit column): a longer number a person typed names
# no row, and handing it to the database would overflow instead of finding nothing.
MAX_ROW_ID = 2**63 - 1


def row_id(text: str) -> int | None:
    """An id as typed ("12", " 012 "), or None when it is no number or too large to name a row."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if value <= MAX_ROW_ID else None


# ---- labels -----------------------------------------------------------------------------------
KIND_NAMES: dict[str, str] = {Kind.PRESS_CONFERENCE: "新闻发布会", Kind.ONLINE_INTERVIEW: "在线访谈"}
STATUS_NAMES: dict[str, str] = {
    Status.PLANNED: "计划", Status.SCHEDULED: "已定时间", Status.REGISTERED: "已报登记表",
    Status.APPROVED: "已审批", Status.HELD: "已举办", Status.REPORTED: "已报统计表",
    Status.CANCELLED: "已取消",
}
PLATFORM_NAMES: dict[str, str] = {"wecom": "企业微信", "dingtalk": "钉钉", "console": "终端或试用页"}
ROLE_NAMES: dict[str, str] = {Role.LIAISON: "联络员", Role.DIRECTOR: "主要负责同志", Role.OFFICE: "政务公开办",
                              Role.ADMIN: "管理员", Role.PROPAGANDA: "宣传部"}
# How a history row's field reads.
FIELD_NAMES: dict[str, str] = {
    "created": "创建", "kind": "类型", "subtype": "形式", "unit": "单位", "co_units": "联合单位",
    "topic": "主题", "window_start": "计划开始", "window_end": "计划结束", "window_text": "时间表述",
    "start_at": "举办时间", "location": "地点", "speaker": "发布人", "status": "状态",
    "plan_year": "计划年度", "plan_seq": "计划序号",
    # the procedure (bot/procedure)
    "material": "材料", "approval_step": "审批", "late_filing": "逾期报送", "materials_pack": "材料报送",
    "materials_mailed": "材料邮件", "outline": "访谈方案和提纲", "publication_preview": "预告",
    "publication_record": "实录", "publication_video": "视频",
    "principal_spoke": "主要负责同志出席", "principal_name": "出席的主要负责同志",
}
APPROVAL_NAMES: dict[str, str] = {"pending": "待审批", "approved": "已同意", "rejected": "未同意"}


def kind_name(kind: str | None, default: str = "活动") -> str:
    return KIND_NAMES.get(kind, default) if kind else default


def status_name(status: str | None) -> str:
    return STATUS_NAMES.get(status, status or "") if status else ""


def field_name(field: str) -> str:
    return FIELD_NAMES.get(field, field)


# ---- who is the office ------------------------------------------------------------------------
OFFICE_ROLES: tuple[str, ...] = (Role.OFFICE.value, Role.ADMIN.value)


def is_office_role(role: str | None) -> bool:
    return role in OFFICE_ROLES


# ---- status groups ----------------------------------------------------------------------------
OPEN_STATUSES: tuple[str, ...] = (Status.PLANNED, Status.SCHEDULED, Status.REGISTERED, Status.APPROVED)
HELD_STATUSES: tuple[str, ...] = (Status.HELD, Status.REPORTED)
LIVE_STATUSES: tuple[str, ...] = (*OPEN_STATUSES, *HELD_STATUSES)  # everything but cancelled
DONE_STATUSES: tuple[str, ...] = (*HELD_STATUSES, Status.CANCELLED)


# ---- "2·1+N" ----------------------------------------------------------------------------------
# Key departments by concept: any of the spellings in a unit's name (or its standard short form).
# The notices name these sectors; the office marks others (``pressbot units --set-key``).
KEY_CONCEPTS: dict[str, tuple[str, ...]] = {
    "发改": ("发改", "发展和改革", "发展改革"),
    "教育": ("教育局", "教育委员会", "教委", "教体局", "教育和体育"),
    "公安": ("公安",),
    "民政": ("民政",),
    "财政": ("财政",),
    "人社": ("人社", "人力资源和社会保障", "人力资源社会保障"),
    "自然资源": ("自然资源", "自规局"),
    "生态环境": ("生态环境", "环保局", "环境保护"),
    "住建": ("住建", "住房和城乡建设", "住房城乡建设"),
    "交通": ("交通",),
    "农业农村": ("农业农村", "农业局", "农委"),
    "商务": ("商务",),
    "文旅": ("文旅", "文化和旅游", "文化旅游"),
    "卫健": ("卫健", "卫生健康", "卫生和健康"),
    "应急": ("应急",),
    "市场监管": ("市场监管", "市场监督", "市监局", "市场局"),
    "统计": ("统计",),
    "医保": ("医保", "医疗保障"),
    "城管": ("城管", "城市管理"),
    "科技": ("科技局", "科学技术"),
    "经信": ("经信", "经济和信息化", "工信", "工业和信息化"),
    "水利": ("水利", "水务"),
    "林业": ("林业", "林草"),
    "体育": ("体育局",),
    "房产": ("房产", "房管", "房地产"),
    "乡村振兴": ("乡村振兴", "扶贫"),
    "税务": ("税务",),
}
# Towns, companies and the like are never key departments even if a word matches.
NOT_DEPARTMENT_SUFFIXES: tuple[str, ...] = ("镇", "乡", "街道", "公司", "中心", "学校", "医院")


def key_concept(name: str, short_form: str | None = None) -> str | None:
    """The "2·1+N" sector a unit's name belongs to, or None (what a new unit's flag starts from)."""
    if name.endswith(NOT_DEPARTMENT_SUFFIXES):
        return None
    forms = (name, short_form or name)
    for concept, spellings in KEY_CONCEPTS.items():
        if any(s in form for s in spellings for form in forms):
            return concept
    return None


def is_key_unit(flag: bool, name: str, aliases: Iterable[str] = (), extra_stems: Iterable[str] = ()) -> bool:
    """A key department: the unit's own flag (set from its name when it was created, changed by the
    office), or a name stem the deployment adds (``[reminders] key_departments``)."""
    if flag:
        return True
    stems = tuple(extra_stems)
    if not stems or name.endswith(NOT_DEPARTMENT_SUFFIXES):
        return False
    return any(stem in form for stem in stems for form in (name, *aliases))


@dataclass(frozen=True)
class QuotaRule:
    """The numbers of "2·1+N"; a deployment may change them (``[reminders] key_yearly_quota``)."""

    key_yearly: int = 2
    other_yearly: int = 1
    key_per_half: int = 1


DEFAULT_QUOTA = QuotaRule()


def unit_quota(is_key: bool, yearly_quota: int | None, rule: QuotaRule = DEFAULT_QUOTA) -> int:
    """Press conferences a unit must hold in a year: its own figure, else 2 (key) or 1."""
    if yearly_quota:
        return yearly_quota
    return rule.key_yearly if is_key else rule.other_yearly


def half_quota(is_key: bool, rule: QuotaRule = DEFAULT_QUOTA) -> int:
    """Per half-year: one for key departments, none for the others (a yearly target only)."""
    return rule.key_per_half if is_key else 0


@dataclass(frozen=True)
class Standing:
    """One unit's "2·1+N" for a year: press conferences held and still planned, per half."""

    is_key: bool
    quota: int
    held_h1: int = 0
    held_h2: int = 0
    planned_h1: int = 0  # not cancelled (held included)
    planned_h2: int = 0
    per_half: int = 0
    principal_spoke: bool = False  # the unit's principal leader spoke at one held this year

    @property
    def principal_due(self) -> bool:
        """A key department whose principal leader has not yet spoken this year ("…主要负责人每年
        至少出席一次"): a figure of its own beside ``met``, which counts conferences only."""
        return self.is_key and not self.principal_spoke

    @property
    def held(self) -> int:
        return self.held_h1 + self.held_h2

    @property
    def planned(self) -> int:
        return self.planned_h1 + self.planned_h2

    def _enough(self, h1: int, h2: int) -> bool:
        return h1 + h2 >= self.quota and h1 >= self.per_half and h2 >= self.per_half

    @property
    def met(self) -> bool:
        return self._enough(self.held_h1, self.held_h2)

    @property
    def state(self) -> str:
        """met (held enough) · on_track (enough planned) · short."""
        if self.met:
            return "met"
        return "on_track" if self._enough(self.planned_h1, self.planned_h2) else "short"


def standing(is_key: bool, yearly_quota: int | None, *, held: tuple[int, int], planned: tuple[int, int],
             rule: QuotaRule = DEFAULT_QUOTA, principal_spoke: bool = False) -> Standing:
    return Standing(is_key, unit_quota(is_key, yearly_quota, rule), held[0], held[1], planned[0], planned[1],
                    half_quota(is_key, rule), principal_spoke)


def principal_spoke_at(kind: str, status: str, principal_spoke: bool | None) -> bool:
    """Whether an event counts as the principal leader's appearance: a press conference held with
    the leader speaking (as the statistics form says). A joint event counts for its lead unit."""
    return kind == Kind.PRESS_CONFERENCE and status in HELD_STATUSES and bool(principal_spoke)


def half_standing(full: Standing, half: int) -> tuple[int, int, bool]:
    """(quota, held, met) for one half-year of a unit's standing."""
    quota = full.per_half
    held = full.held_h1 if half == 1 else full.held_h2
    return quota, held, held >= quota


# ---- the event a time names -------------------------------------------------------------------
class Dated(Protocol):
    window_start: date
    window_end: date


D = TypeVar("D", bound=Dated)


def days_from(start: date, end: date, today: date) -> int:
    """How far [start, end] is from today, either way (0 when today is inside)."""
    if start <= today <= end:
        return 0
    return (start - today).days if start > today else (today - end).days


def nearest_named(found: Sequence[Sequence[D]], today: date, preferred: int = 0) -> list[D]:
    """The events a time that names an existing event means ("10月份的发布会改到…", "取消…4月份的
    发布会", "12月30日开的那场"), given the matching events of each window the time may mean: the
    window whose nearest event is nearest to today, in either direction (ties: the ``preferred``
    window, the parser's own reading, then the later one). [] when no window has one."""
    scored = [(min(days_from(e.window_start, e.window_end, today) for e in events), i != preferred, -i)
              for i, events in enumerate(found) if events]
    if not scored:
        return []
    return list(found[-min(scored)[2]])


# ---- postponement ---------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def postpone_limit(original_end: date, months: int) -> date:
    """The latest day a postponed event may move to: "不超过1个月" past the planned window."""
    return add_months(original_end, months)


def postponed_too_long(original_end: date, new_end: date, months: int) -> bool:
    return new_end > postpone_limit(original_end, months)


# ---- reporting periods ------------------------------------------------------------------------
REPORT_DATES: tuple[tuple[int, int], ...] = ((6, 30), (12, 30))  # (month, day): statistics due
HALF_NAMES: dict[int, str] = {1: "上半年", 2: "下半年"}


def half_of(day: date) -> int:
    return 1 if day.month <= 6 else 2


def period(year: int, half: int | None = None) -> tuple[date, date]:
    """A year, or its first (1) or second (2) half."""
    if half is None:
        return date(year, 1, 1), date(year, 12, 31)
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    if half == 2:
        return date(year, 7, 1), date(year, 12, 31)
    raise ValueError("half must be 1 or 2")


def current_half(today: date) -> tuple[date, date]:
    return period(today.year, half_of(today))


def report_deadline(year: int, half: int, report_dates: tuple[tuple[int, int], ...] = REPORT_DATES) -> date:
    month, day = report_dates[half - 1]
    return date(year, month, day)


# ---- forms ------------------------------------------------------------------------------------
# form → event kind → days before the event the form is due; a kind missing means "not needed".
DEFAULT_LEAD_DAYS: dict[str, dict[str, int]] = {
    "registration": {Kind.PRESS_CONFERENCE.value: 3},
    "materials": {Kind.PRESS_CONFERENCE.value: 1},
    "outline": {Kind.ONLINE_INTERVIEW.value: 30},
}


def kinds_needing(form: str, lead_days: Mapping[str, Mapping[str, int]] = DEFAULT_LEAD_DAYS) -> tuple[str, ...]:
    return tuple(lead_days.get(form, {}))


def needs_registration(kind: str, lead_days: Mapping[str, Mapping[str, int]] = DEFAULT_LEAD_DAYS) -> bool:
    return kind in lead_days.get("registration", {})


# The queries below import the models when first called: the rest of this module is plain data
# and arithmetic, which the settings and ``pressbot parse`` load without a database library.
def submitted_registrations() -> Select:
    """Event ids with a registration form sent to the office."""
    from sqlalchemy import select

    from store.models import RegistrationForm

    return select(RegistrationForm.event_id).where(RegistrationForm.submitted_at.is_not(None))


def submitted_statistics() -> Select:
    from sqlalchemy import select

    from store.models import StatisticsForm

    return select(StatisticsForm.event_id).where(StatisticsForm.submitted_at.is_not(None))


def registration_missing(query: Select, kinds: Iterable[str]) -> Select:
    """Narrow an event query to those still owing a 登记表: a kind that needs one, not done, none sent."""
    from store.models import Event

    return query.where(Event.kind.in_(list(kinds)), Event.status.not_in(DONE_STATUSES),
                       Event.id.not_in(submitted_registrations()))


def statistics_missing(query: Select) -> Select:
    """Narrow an event query to those held with no 统计表 sent."""
    from store.models import Event

    return query.where(Event.status.in_(HELD_STATUSES), Event.id.not_in(submitted_statistics()))


REGISTRATION_LOOKAHEAD_DAYS = 7  # "哪些单位还没报登记表": the coming week


def registration_lookahead(today: date, days: int) -> tuple[date, date]:
    """The window "哪些单位还没报登记表" looks at: events that may be held within ``days``."""
    return today, today + timedelta(days=days)
