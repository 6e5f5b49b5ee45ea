"""The reminder policy: the notices' deadlines as data, overridable per deployment.

Defaults come from the notices (see the domain notes): registration form 3 days before, material
pack 1 day before, an interview's outline 30 days before, postponement at most one month,
statistics by June 30 and December 30, "2·1+N" key departments twice a year. A deployment
changes them in the ``[reminders]`` table of its TOML config.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, time
from pathlib import Path
from typing import Any

from store.rules import DEFAULT_LEAD_DAYS, QuotaRule


class PolicyError(ValueError):
    """A bad ``[reminders]`` table; the message is shown to the operator as is."""


@dataclass(frozen=True)
class Policy:
    lead_days: dict[str, dict[str, int]] = field(default_factory=lambda: {
        form: dict(kinds) for form, kinds in DEFAULT_LEAD_DAYS.items()})
    escalate_after_days: int = 1  # registration still missing this long after due → office
    statistics_after_days: int = 1  # held, no statistics form this long after → liaison
    postpone_limit_months: int = 1
    report_dates: tuple[tuple[int, int], ...] = ((6, 30), (12, 30))  # (month, day)
    report_notice_days: int = 10
    # name stems that make a unit a key department beyond its own flag (``store.rules``)
    key_departments: tuple[str, ...] = ()
    key_yearly_quota: int = 2
    quota_notice_months: int = 1
    change_copy_roles: tuple[str, ...] = ("propaganda",)  # also told of cancellations and new topics ("抄送宣传部")
    send_time: time = time(9, 0)
    quiet_days: frozenset[date] = frozenset()
    lease_seconds: int = 300
    batch_size: int = 20_000
    preview_days_before: int = 1  # 预告 published at the latest this many days before the event
    record_days_after: int = 3  # 实录 published within this many days after it

    def lead(self, form: str, kind: str) -> int | None:
        return self.lead_days.get(form, {}).get(kind)

    @property
    def quota(self) -> QuotaRule:
        return QuotaRule(key_yearly=self.key_yearly_quota)


def load_policy(mapping: Mapping[str, Any] | None = None) -> Policy:
    """A Policy from a config mapping: the whole config or just its ``[reminders]`` table."""
    table = dict(mapping or {})
    if isinstance(table.get("reminders"), Mapping):
        table = dict(table["reminders"])
    known = {f.name for f in fields(Policy)} | {"send_hour"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise PolicyError(f"提醒配置中有不认识的项：{'、'.join(unknown)}")
    values = {name: _convert(name, value) for name, value in table.items()}
    if "send_hour" in values:
        values["send_time"] = values.pop("send_hour")
    return Policy(**values)


def load_policy_file(path: str | Path) -> Policy:
    try:
        with open(path, "rb") as fh:
            return load_policy(tomllib.load(fh))
    except OSError as exc:
        raise PolicyError(f"读不到配置文件 {path}：{exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"配置文件 {path} 格式有误：{exc}") from exc


def _convert(name: str, value: Any) -> Any:
    try:
        return _CONVERTERS.get(name, _non_negative_int)(value)
    except (TypeError, ValueError) as exc:
        raise PolicyError(f"提醒配置项 {name} 的值 {value!r} 无效：{exc}") from exc


def _non_negative_int(value: Any) -> int:
    if isinstance(value, bool) or int(value) != value or value < 0:
        raise ValueError("应为非负整数")
    return int(value)


def _lead_days(value: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    merged = {form: dict(kinds) for form, kinds in DEFAULT_LEAD_DAYS.items()}
    for form, kinds in value.items():
        if form not in DEFAULT_LEAD_DAYS:
            raise ValueError(f"表单只能是 {'、'.join(DEFAULT_LEAD_DAYS)}")
        merged[form].update({kind: _non_negative_int(days) for kind, days in kinds.items()})
    return merged


def _send_time(value: Any) -> time:
    """``9``, ``"9:00"`` or ``"09:30"``."""
    if isinstance(value, time):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return time(value)
    hour, _, minute = str(value).partition(":")
    return time(int(hour), int(minute or 0))


def _report_dates(value: Any) -> tuple[tuple[int, int], ...]:
    """``["06-30", "12-30"]``; the year is the current one."""
    out = []
    for item in value:
        month, day = (int(x) for x in str(item).split("-"))
        date(2024, month, day)  # validates, leap year so 02-29 passes
        out.append((month, day))
    if len(out) != 2 or out[0][0] > 6 or out[1][0] <= 6:
        raise ValueError("应为两个日期，上半年一个、下半年一个，如 [\"06-30\", \"12-30\"]")
    return tuple(out)


def _quiet_days(value: Any) -> frozenset[date]:
    return frozenset(v if isinstance(v, date) else date.fromisoformat(str(v)) for v in value)


def _key_departments(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not all(isinstance(v, str) and v for v in value):
        raise ValueError("应为单位名称关键字列表")
    return tuple(value)


def _roles(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not all(isinstance(v, str) and v for v in value):
        raise ValueError("应为角色名列表，如 [\"propaganda\"]")
    return tuple(value)


_CONVERTERS = {
    "lead_days": _lead_days,
    "send_time": _send_time,
    "send_hour": _send_time,
    "report_dates": _report_dates,
    "quiet_days": _quiet_days,
    "key_departments": _key_departments,
    "change_copy_roles": _roles,
}
