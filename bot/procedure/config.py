"""``[approval]``, ``[mail]`` and the procedure's numbers, read from the deployment's settings.

``[approval]`` keeps its TOML structure (lists of steps)::

    [approval]
    remind_after_hours = 24
    steps = [                                   # any kind of event
      {name = "单位负责人", role = "director"},
      {name = "分管领导", people = ["liuba"]},
      {name = "政务公开办", role = "office", confidentiality = true},
      {name = "宣传部", people = ["xuanchuan"], copy = true},
    ]
    online_interview = [ ... ]                  # a kind with a chain of its own
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

PREFIX = "PRESSBOT_"


class ProcedureConfigError(ValueError):
    """A bad ``[approval]`` or ``[mail]`` setting; ``bot.settings`` shows it as a ConfigError."""


@dataclass(frozen=True)
class Mail:
    """``[mail]``: where the material pack is e-mailed (SMTP, sent with stdlib smtplib)."""

    host: str
    to: str  # the office's mailbox
    sender: str  # From:
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool = False


@dataclass(frozen=True)
class ApprovalStepSpec:
    """One step of an approval chain: who answers (a role or named people), or only informed."""

    name: str  # 单位负责人 / 分管领导 / 政务公开办 / 宣传部
    role: str | None = None  # director (the event's unit) / office / liaison
    people: tuple[str, ...] = ()  # user ids or names from the directory
    copy: bool = False  # kept informed (抄送), answers nothing
    confidentiality: bool = False  # must confirm 国家秘密、商业秘密、个人隐私 were checked


@dataclass(frozen=True)
class Approval:
    """``[approval]``: the chain per kind of event ("steps" for any kind), and when to remind."""

    steps: tuple[ApprovalStepSpec, ...] = (ApprovalStepSpec("政务公开办", role="office"),)
    by_kind: tuple[tuple[str, tuple[ApprovalStepSpec, ...]], ...] = ()
    remind_after_hours: int = 24

    def chain(self, kind: str) -> tuple[ApprovalStepSpec, ...]:
        return dict(self.by_kind).get(kind, self.steps)



ROLES = ("director", "office", "liaison")
KINDS = ("press_conference", "online_interview")
STEP_KEYS = {"name", "role", "people", "copy", "confidentiality"}


def approval_settings(raw: Any) -> Approval:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise ProcedureConfigError(f"{PREFIX}APPROVAL 应为 JSON：{exc}") from None
    if not isinstance(raw, dict):
        raise ProcedureConfigError("[approval] 应为一个表")
    unknown = set(raw) - {"steps", "remind_after_hours", *KINDS}
    if unknown:
        raise ProcedureConfigError(f"[approval] 中有不认识的项：{'、'.join(sorted(unknown))}")
    by_kind = tuple((kind, _steps(kind, raw[kind])) for kind in KINDS if kind in raw)
    steps = _steps("steps", raw["steps"]) if "steps" in raw else Approval().steps
    hours = raw.get("remind_after_hours", 24)
    if not isinstance(hours, int) or isinstance(hours, bool) or hours <= 0:
        raise ProcedureConfigError("[approval] remind_after_hours 应为正整数")
    return Approval(steps=steps, by_kind=by_kind, remind_after_hours=hours)


def _steps(where: str, value: Any) -> tuple[ApprovalStepSpec, ...]:
    if not isinstance(value, list) or not value:
        raise ProcedureConfigError(f"[approval] {where} 应为非空的步骤列表")
    steps = tuple(_step(where, i, item) for i, item in enumerate(value, 1))
    if all(s.copy for s in steps):
        raise ProcedureConfigError(f"[approval] {where}：至少要有一步需要审批（不全是抄送）")
    if not any(s.confidentiality for s in steps):
        raise ProcedureConfigError(f"[approval] {where}：须有一步确认保密审查（confidentiality = true）")
    return steps


def _step(where: str, n: int, item: Any) -> ApprovalStepSpec:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
        raise ProcedureConfigError(f"[approval] {where} 第{n}步应有 name")
    unknown = set(item) - STEP_KEYS
    if unknown:
        raise ProcedureConfigError(f"[approval] {where} 第{n}步有不认识的项：{'、'.join(sorted(unknown))}")
    role, people = item.get("role"), item.get("people", [])
    if role is not None and role not in ROLES:
        raise ProcedureConfigError(f"[approval] {where} 第{n}步 role 只能是 {' / '.join(ROLES)}")
    if not isinstance(people, list) or not all(isinstance(p, str) and p for p in people):
        raise ProcedureConfigError(f"[approval] {where} 第{n}步 people 应为人员列表")
    if role is None and not people:
        raise ProcedureConfigError(f"[approval] {where} 第{n}步须有 role 或 people")
    return ApprovalStepSpec(item["name"], role, tuple(people), bool(item.get("copy", False)),
                            bool(item.get("confidentiality", False)))


def mail_settings(values: dict[str, Any]) -> Mail | None:
    """``[mail]`` host / port / from / to / user / password / starttls; off without a host."""
    if "mail_host" not in values:
        return None
    missing = [n for n in ("mail_to", "mail_from") if n not in values]
    if missing:
        raise ProcedureConfigError(f"邮件配置不完整，缺少 {'、'.join(PREFIX + n.upper() for n in missing)}")
    try:
        port = int(values.get("mail_port", 25))
    except ValueError:
        raise ProcedureConfigError(f"{PREFIX}MAIL_PORT 应为整数") from None
    starttls = str(values.get("mail_starttls", "false")).strip().lower() in ("1", "true", "yes", "on")
    return Mail(host=str(values["mail_host"]), to=str(values["mail_to"]), sender=str(values["mail_from"]),
                port=port, user=values.get("mail_user"), password=values.get("mail_password"),
                starttls=starttls)


@dataclass(frozen=True)
class Procedure:
    """What the chat handlers and the rounds need to know about the deployment's procedure."""

    approval: Approval = field(default_factory=Approval)
    materials_dir: str | None = None
    mail: Mail | None = None
    registration_days: int = 3  # the 登记表 this many days before ([reminders.lead_days.registration])
    materials_days: int = 1  # the material pack
    outline_days: int = 30  # an interview's plan and outline
    preview_days_before: int = 1  # 预告 at the latest this many days before ([reminders])
    record_days_after: int = 3  # 实录 within this many days after


def procedure_of(settings: Any = None, policy: Any = None) -> Procedure:
    """The procedure from the settings and the reminder policy (either may be None: defaults)."""
    values: dict[str, Any] = {}
    if settings is not None:
        values.update(approval=settings.approval, materials_dir=settings.materials_dir, mail=settings.mail)
    if policy is not None:
        values.update(registration_days=policy.lead("registration", "press_conference") or 3,
                      materials_days=policy.lead("materials", "press_conference") or 1,
                      outline_days=policy.lead("outline", "online_interview") or 30,
                      preview_days_before=policy.preview_days_before,
                      record_days_after=policy.record_days_after)
    return Procedure(**values)
