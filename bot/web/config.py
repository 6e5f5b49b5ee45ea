"""What the web side needs from the settings, worked out once at start-up."""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.settings import Settings

log = logging.getLogger("pressbot.web")

LOGIN_LINK_TTL = timedelta(minutes=15)
SESSION_TTL = timedelta(hours=12)
DOWNLOAD_TTL = timedelta(minutes=30)


@dataclass(frozen=True)
class WebConfig:
    secret: bytes
    admin_token: str | None
    public_url: str
    tz: ZoneInfo
    secure_cookies: bool  # behind https the session cookie is never sent in clear
    playground: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> WebConfig:
        if settings.secret_key:
            secret = settings.secret_key.encode("utf-8")
        else:
            log.warning("未设置 PRESSBOT_SECRET_KEY：使用随机密钥，重启后已登录的会话和下载链接失效")
            secret = secrets.token_bytes(32)
        return cls(secret=secret, admin_token=settings.admin_token or None,
                   public_url=settings.public_url.rstrip("/"), tz=settings.tz,
                   secure_cookies=settings.public_url.startswith("https://"),
                   playground=settings.playground_enabled())


WEB = web.AppKey("web", WebConfig)

