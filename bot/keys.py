"""The application's typed keys (``app[DB]``), apart from the app factory so that the pages,
the channels and the app can all import them without importing each other."""
from __future__ import annotations

import aiohttp
from aiohttp import web

from bot.channels.base import Sender
from bot.clock import Clock
from bot.delivery.database import Database
from bot.delivery.inbox import Inbox
from bot.delivery.limits import Limits
from bot.delivery.tasks import TaskTracker
from bot.delivery.worker import OutboxWorker
from bot.metrics import Metrics
from bot.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
CLOCK = web.AppKey("clock", Clock)
METRICS = web.AppKey("metrics", Metrics)
TASKS = web.AppKey("tasks", TaskTracker)
LIMITS = web.AppKey("limits", Limits)
DB = web.AppKey("db", Database)
HTTP = web.AppKey("http", aiohttp.ClientSession)
INBOX = web.AppKey("inbox", Inbox)
WORKER = web.AppKey("worker", OutboxWorker)
SENDERS = web.AppKey("senders", dict[str, Sender])
