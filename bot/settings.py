"""Deployment settings, read once in the CLI from ``PRESSBOT_*`` variables or a TOML file.

A channel is a group of settings: all of its required names absent means the channel is off,
some present and some absent is a configuration error that names what is missing (a
half-configured channel would otherwise fail at the first message, hours later).

TOML keys are the variable names lower-cased without the prefix (``wecom_corp_id = "ww…"``),
or the same split into a section (``[wecom] corp_id = "ww…"``). Environment variables win.
The ``[reminders]`` table is the deployment's policy (``bot.reminders.policy``), nested as is.
A key nobody knows is an error that names it: a typo must not turn a channel off silently.
Environment variables are looser: only the ``PRESSBOT_*`` names below are read, others are
left to the programs that use them (tests, CI).
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.nlp.holidays import CalendarGaps, gaps_from_config
from bot.procedure.config import Approval, Mail, ProcedureConfigError, approval_settings, mail_settings
from bot.reminders.policy import Policy, PolicyError, load_policy
from store import DEFAULT_DATABASE_URL

PREFIX = "PRESSBOT_"


class ConfigError(Exception):
    """A setting is missing or wrong; the message is shown to the operator as is."""


@dataclass(frozen=True)
class WeComApp:
    corp_id: str
    agent_id: int
    secret: str
    token: str
    aes_key: str
    api_base: str = "https://qyapi.weixin.qq.com"


@dataclass(frozen=True)
class WeComBot:
    token: str
    aes_key: str


@dataclass(frozen=True)
class WeComWebhook:
    key: str
    api_base: str = "https://qyapi.weixin.qq.com"


@dataclass(frozen=True)
class DingTalk:
    app_key: str
    app_secret: str
    robot_code: str
    mode: str = "stream"
    api_base: str = "https://api.dingtalk.com"
    oapi_base: str = "https://oapi.dingtalk.com"


@dataclass(frozen=True)
class DingTalkWebhook:
    token: str
    secret: str
    oapi_base: str = "https://oapi.dingtalk.com"


@dataclass(frozen=True)
class ChannelSpec:
    """One channel: (setting name, field) pairs, required ones first; optional ones keep the default."""

    attr: str
    kind: type
    required: tuple[tuple[str, str], ...]
    optional: tuple[tuple[str, str], ...] = ()


CHANNELS = (
    ChannelSpec("wecom", WeComApp,
                (("wecom_corp_id", "corp_id"), ("wecom_agent_id", "agent_id"),
                 ("wecom_secret", "secret"), ("wecom_token", "token"), ("wecom_aes_key", "aes_key")),
                (("wecom_api_base", "api_base"),)),
    ChannelSpec("wecom_bot", WeComBot,
                (("wecom_bot_token", "token"), ("wecom_bot_aes_key", "aes_key"))),
    ChannelSpec("wecom_webhook", WeComWebhook, (("wecom_webhook_key", "key"),),
                (("wecom_api_base", "api_base"),)),
    ChannelSpec("dingtalk", DingTalk,
                (("dingtalk_app_key", "app_key"), ("dingtalk_app_secret", "app_secret")),
                (("dingtalk_robot_code", "robot_code"), ("dingtalk_mode", "mode"),
                 ("dingtalk_api_base", "api_base"), ("dingtalk_oapi_base", "oapi_base"))),
    ChannelSpec("dingtalk_webhook", DingTalkWebhook,
                (("dingtalk_webhook_token", "token"), ("dingtalk_webhook_secret", "secret")),
                (("dingtalk_oapi_base", "oapi_base"),)),
)


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    timezone: str = "Asia/Shanghai"
    wecom: WeComApp | None = None
    wecom_bot: WeComBot | None = None
    wecom_webhook: WeComWebhook | None = None
    dingtalk: DingTalk | None = None
    dingtalk_webhook: DingTalkWebhook | None = None
    # Our replay policy: WeCom documents no window, so ±5 minutes is ours (protocols.md W3).
    wecom_timestamp_window: int = 300
    dingtalk_timestamp_window: int = 3600
    body_limit: int = 64 * 1024
    outbox_max_attempts: int = 8
    outbox_backoff_base: float = 2.0
    handling_concurrency: int = 2  # messages of different people handled at once (bot.delivery.inbox)
    # serve: "process" handles messages in a process beside the web one (bot.delivery.handler_process),
    # so acknowledgements never wait for handling; "inline" does everything in one process
    handling: str = "process"
    handlers: int = 1  # serve: handler processes, each for its share of the people (bot.delivery.handler_process)
    # The web side (bot/web): dashboard sign-in, signed links, the try-it page.
    admin_token: str | None = None  # signs in to /admin without a link from the bot
    secret_key: str | None = None  # signs cookies and download links; random per process if unset
    public_url: str = "http://127.0.0.1:8080"  # how people reach this server, for links in chat
    playground: str = "auto"  # on / off / auto (on when no messenger channel is configured)
    log_level: str = "INFO"
    # The notices' rules as this deployment has them: the ``[reminders]`` table.
    reminders: Policy = field(default_factory=Policy)
    # Rest days and make-up working days for years chinesecalendar does not know: ``[calendar]``.
    calendar: CalendarGaps = field(default_factory=CalendarGaps)
    # The office's procedure (bot/procedure): approval chain, material files, the pack by mail.
    approval: Approval = Approval()
    mail: Mail | None = None
    materials_dir: str | None = None  # material files in this directory; None: in the database
    # messages acknowledged while the database was away wait here (bot.delivery.spool); None:
    # beside the SQLite file, else ./pressbot-spool
    spool_dir: str | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def enabled_channels(self) -> list[str]:
        return [spec.attr for spec in CHANNELS if getattr(self, spec.attr) is not None]

    def playground_enabled(self) -> bool:
        # anyone who reaches the page may speak as anyone: never on by itself beside real channels
        if self.playground == "auto":
            return not self.enabled_channels()
        return self.playground == "on"


# Settings that are plain values: name → how the text is read.
SCALARS: dict[str, str] = {
    "database_url": "text", "timezone": "text", "admin_token": "text", "secret_key": "text",
    "public_url": "url", "playground": "playground", "log_level": "text",
    "wecom_timestamp_window": "int", "dingtalk_timestamp_window": "int", "body_limit": "int",
    "outbox_max_attempts": "int", "outbox_backoff_base": "number", "materials_dir": "text",
    "spool_dir": "text",
    "handling_concurrency": "int", "handling": "handling", "handlers": "int",
}
# Tables kept whole (not flattened into names): table → its loader.
TABLES = ("reminders", "calendar", "approval")
# [mail] (bot.procedure.config.mail_settings); PRESSBOT_APPROVAL: the [approval] table as JSON
PROCEDURE_NAMES = ("mail_host", "mail_port", "mail_from", "mail_to", "mail_user", "mail_password",
                   "mail_starttls", "approval")


def known_names() -> set[str]:
    names = set(SCALARS) | set(PROCEDURE_NAMES)
    for spec in CHANNELS:
        names.update(name for name, _ in spec.required + spec.optional)
    return names


def load_settings(env: Mapping[str, str], config_file: str | Path | None = None) -> Settings:
    """Build the settings from a config file (optional) overridden by the environment."""
    values, tables = _read_toml(Path(config_file)) if config_file else ({}, {})
    names = known_names()
    for name, value in env.items():
        key = name[len(PREFIX):].lower()
        if name.startswith(PREFIX) and value != "" and key in names:
            values[key] = value
    return _build(values, tables)


def _read_toml(path: Path) -> tuple[dict[str, str], dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"配置文件不存在：{path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"配置文件 {path} 格式错误：{exc}") from None
    flat: dict[str, str] = {}
    tables: dict[str, Any] = {}
    for key, value in data.items():
        key = key.lower()
        if key in TABLES:
            tables[key] = value
        elif isinstance(value, dict):
            flat.update({f"{key}_{k}".lower(): str(v) for k, v in value.items()})
        else:
            flat[key] = str(value)
    unknown = sorted(set(flat) - known_names())
    if unknown:
        raise ConfigError(f"配置文件 {path} 中有不认识的项：{'、'.join(unknown)}")
    return flat, tables


def _build(values: dict[str, str], tables: Mapping[str, Any] | None = None) -> Settings:
    kwargs: dict[str, Any] = {}
    try:
        approval = (tables or {}).get("approval", values.get("approval"))
        if approval is not None:
            kwargs["approval"] = approval_settings(approval)
        kwargs["mail"] = mail_settings(values)
    except ProcedureConfigError as exc:
        raise ConfigError(str(exc)) from None
    for spec in CHANNELS:
        kwargs[spec.attr] = _channel(spec, values)
    readers = {"text": lambda n, v: v, "url": lambda n, v: v.rstrip("/"), "int": _integer, "number": _number,
               "playground": lambda n, v: _choice(n, v, ("on", "off", "auto")),
               "handling": lambda n, v: _choice(n, v, ("process", "inline"))}
    for name, how in SCALARS.items():
        if name in values:
            kwargs[name] = readers[how](name, values[name])
    try:
        kwargs["reminders"] = load_policy((tables or {}).get("reminders") or {})
    except PolicyError as exc:
        raise ConfigError(str(exc)) from None
    try:
        kwargs["calendar"] = gaps_from_config((tables or {}).get("calendar") or {})
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    settings = Settings(**kwargs)
    _check_timezone(settings.timezone)
    return settings


def _channel(spec: ChannelSpec, values: dict[str, Any]) -> Any:
    present = [name for name, _ in spec.required if name in values]
    if not present:
        return None
    missing = [name for name, _ in spec.required if name not in values]
    if missing:
        names = "、".join(PREFIX + name.upper() for name in missing)
        raise ConfigError(f"通道 {spec.attr} 配置不完整，缺少 {names}")
    kwargs = {attr: values[name] for name, attr in spec.required + spec.optional if name in values}
    return _finish(spec, kwargs)


def _finish(spec: ChannelSpec, kwargs: dict[str, Any]) -> Any:
    if spec.kind is WeComApp:
        kwargs["agent_id"] = _integer("wecom_agent_id", kwargs["agent_id"])
        _check_aes_key("wecom_aes_key", kwargs["aes_key"])
    if spec.kind is WeComBot:
        _check_aes_key("wecom_bot_aes_key", kwargs["aes_key"])
    if spec.kind is DingTalk:
        kwargs.setdefault("robot_code", kwargs["app_key"])  # internal-app robots use the AppKey
        if kwargs.setdefault("mode", "stream") not in ("http", "stream"):
            raise ConfigError("PRESSBOT_DINGTALK_MODE 只能是 http 或 stream")
    for key in [k for k in kwargs if k.endswith("_base")]:
        kwargs[key] = kwargs[key].rstrip("/")
    return spec.kind(**kwargs)


def _check_aes_key(name: str, key: str) -> None:
    if len(key) != 43:
        raise ConfigError(f"{PREFIX}{name.upper()} 应为 43 个字符（企业微信后台的 EncodingAESKey）")


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"未知的时区：{name}") from None


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value.strip().lower() not in allowed:
        raise ConfigError(f"{PREFIX}{name.upper()} 只能是 {' / '.join(allowed)}，实际为 {value!r}")
    return value.strip().lower()


def _integer(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{PREFIX}{name.upper()} 应为整数，实际为 {value!r}") from None


def _number(name: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"{PREFIX}{name.upper()} 应为数字，实际为 {value!r}") from None
