"""The senders a deployment's settings call for, by platform (``serve``'s web process and
its handler process both build them)."""
from __future__ import annotations

from typing import Any

import aiohttp

from bot.channels.base import Sender
from bot.delivery.limits import Limits
from bot.settings import Settings


def build_senders(settings: Settings, http: aiohttp.ClientSession, limits: Limits) -> dict[str, Sender]:
    from bot.channels.dingtalk_send import DingTalkSender, DingTalkWebhookSender
    from bot.channels.wecom_aibot import WeComAibotSender
    from bot.channels.wecom_send import WeComAppSender, WeComWebhookSender

    senders: dict[str, Any] = {}
    if settings.wecom:
        senders["wecom"] = WeComAppSender(settings.wecom, http, limits)
    if settings.wecom_bot:
        senders["wecom_aibot"] = WeComAibotSender(http, fallback=senders.get("wecom"))
    if settings.wecom_webhook:
        senders["wecom_webhook"] = WeComWebhookSender(settings.wecom_webhook, http, limits)
    if settings.dingtalk:
        senders["dingtalk"] = DingTalkSender(settings.dingtalk, http, limits)
    if settings.dingtalk_webhook:
        senders["dingtalk_webhook"] = DingTalkWebhookSender(settings.dingtalk_webhook, http, limits)
    return senders
