"""The try-it page: chat as a directory person through the real inbox, dispatcher and outbox.

What the page says is an ``Incoming`` like any channel's; the outbox worker delivers the
answers, pushes and reminders to ``PlaygroundSender``, which keeps them per person for the
page to show. The page is only served when ``settings.playground_enabled()``, and only people
whose platform has no real sender may be picked (their messages would otherwise really go out).
"""
from __future__ import annotations

import ipaddress
import socket
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from aiohttp import web
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.channels.base import SINGLE, Incoming, Outgoing
from bot.collate import pinyin_key
from bot.keys import CLOCK, DB, INBOX, SENDERS, SETTINGS, WORKER
from bot.markdown import to_html
from bot.web.config import WEB
from bot.web.pages import local_time, message_page, page
from store.models import Person
from store.people import PLATFORMS

KEEP = 300  # messages kept per person
MAX_TEXT = 4000


@dataclass
class ChatLine:
    seq: int
    who: str  # "me" (typed on the page), "bot" (a reply), "push" (a push or a reminder)
    text: str
    at: str
    markdown: bool = False

    @property
    def html(self) -> Markup:
        """The text as the page shows it: escaped, links clickable, Markdown's bold as bold."""
        return to_html(self.text, markdown=self.markdown)

    def as_json(self) -> dict:
        return {"seq": self.seq, "who": self.who, "text": self.text, "html": str(self.html), "at": self.at}


@dataclass
class PlaygroundHub:
    """Everything said on the page and delivered to its people, per (platform, user id)."""

    lines: dict[tuple[str, str], deque] = field(default_factory=lambda: defaultdict(lambda: deque(maxlen=KEEP)))
    seq: int = 0

    def add(self, platform: str, user_id: str, who: str, text: str, at: datetime, *,
            markdown: bool = False) -> ChatLine:
        self.seq += 1
        line = ChatLine(self.seq, who, text, f"{at:%H:%M}", markdown)
        self.lines[(platform, user_id)].append(line)
        return line

    def since(self, platform: str, user_id: str, after: int) -> list[ChatLine]:
        return [line for line in self.lines.get((platform, user_id), ()) if line.seq > after]


class PlaygroundSender:
    """A Sender for a platform that has no real one: keeps what the outbox delivers."""

    max_bytes = 64 * 1024

    def __init__(self, platform: str, hub: PlaygroundHub) -> None:
        self.platform = platform
        self.hub = hub

    async def send(self, item: Outgoing, now: datetime) -> None:
        user = item.target.get("user_id") or item.target.get("chat_id") or ""
        who = "bot" if item.idempotency_key.startswith("reply:") else "push"
        self.hub.add(item.platform, str(user), who, item.body, now, markdown=item.content_type == "markdown")


HUB = web.AppKey("playground_hub", PlaygroundHub)


def setup_playground(app: web.Application) -> None:
    app[HUB] = PlaygroundHub()
    app.cleanup_ctx.append(_install_senders)
    app.router.add_routes(routes())


async def _install_senders(app: web.Application):
    # runs after the delivery context built app[SENDERS]; the worker reads that same dict
    for platform in PLATFORMS:
        app[SENDERS].setdefault(platform, PlaygroundSender(platform, app[HUB]))
    yield


def _open_platforms(app: web.Application) -> list[str]:
    return [p for p in PLATFORMS if isinstance(app[SENDERS].get(p), PlaygroundSender)]


async def _people(app: web.Application) -> list[Person]:
    async with app[DB].sessions() as session:
        query = (select(Person).options(selectinload(Person.unit))
                 .where(Person.active.is_(True), Person.platform.in_(_open_platforms(app))))
        people = list((await session.execute(query)).scalars())
    return sorted(people, key=_listing_order)


ROLE_ORDER = {"office": 0, "admin": 1, "liaison": 2, "director": 3}


def _listing_order(person: Person) -> tuple:
    """The office first, then each unit in pinyin order, its liaison before its director."""
    unit = pinyin_key(person.unit.name) if person.unit else ((), "")
    return (person.unit is not None, unit, ROLE_ORDER.get(person.role, 9), pinyin_key(person.name))


async def playground_page(request: web.Request) -> web.Response:
    people = await _people(request.app)
    chosen = next((p for p in people if str(p.id) == request.query.get("as")), people[0] if people else None)
    lines = request.app[HUB].since(chosen.platform, chosen.user_id, 0) if chosen else []
    return page("playground.html", people=people, chosen=chosen, lines=lines,
                now=local_time(request.app[CLOCK].now(), request.app[CLOCK].now().tzinfo))


async def _person(request: web.Request, person_id: str) -> Person | None:
    people = await _people(request.app)
    return next((p for p in people if str(p.id) == person_id), None)


async def say(request: web.Request) -> web.Response:
    form = await request.post()
    person = await _person(request, str(form.get("person", "")))
    text = str(form.get("text", "")).strip()[:MAX_TEXT]
    if person is None:
        return message_page("无法发送", "请先选择一位人员。", status=400, link=("/playground", "返回试用页"))
    if text:
        now = request.app[CLOCK].now()
        request.app[HUB].add(person.platform, person.user_id, "me", text, now)
        await request.app[INBOX].accept(Incoming(
            platform=person.platform, chat_id=person.user_id, chat_type=SINGLE, user_id=person.user_id,
            user_name=person.name, text=text, message_id=f"playground-{uuid.uuid4().hex}", mentioned=True,
            reply_handle={"web_base": f"{request.scheme}://{request.host}"}))
    if request.headers.get("Accept") == "application/json":
        return web.json_response({"ok": True})
    raise web.HTTPSeeOther(f"/playground?as={person.id}")


async def messages(request: web.Request) -> web.Response:
    person = await _person(request, request.query.get("person", ""))
    after = request.query.get("after", "0")
    if person is None or not after.isdigit():
        return web.json_response({"lines": []}, status=400)
    lines = request.app[HUB].since(person.platform, person.user_id, int(after))
    return web.json_response({"lines": [line.as_json() for line in lines]})


async def remind(request: web.Request) -> web.Response:
    """One reminders round as of now (what ``pressbot remind`` does), then wake the outbox."""
    from bot.reminders.delivery import run_round
    from bot.reminders.reconcile import recompute

    now, maker = request.app[CLOCK].now(), request.app[DB].sessions
    policy = request.app[SETTINGS].reminders  # the deployment's, as serve's scheduler has it
    async with maker() as session, session.begin():
        await recompute(session, now, policy)
    sent = await run_round(maker, now, policy, worker_id=f"playground-{socket.gethostname()}")
    request.app[WORKER].wake()
    form = await request.post()
    if request.headers.get("Accept") == "application/json":
        return web.json_response({"sent": len(sent)})
    raise web.HTTPSeeOther(f"/playground?as={form.get('person', '')}&reminded={len(sent)}")


def own_name(request: web.Request) -> bool:
    """Reached under this machine's name (an IP address, localhost) or the public URL's. Another
    name resolving here is DNS rebinding: a foreign page made same-origin with the playground."""
    host = (urlsplit(f"//{request.host}").hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost") or host == urlsplit(request.app[WEB].public_url).hostname:
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def by_own_name(handler):
    async def guarded(request: web.Request) -> web.StreamResponse:
        if not own_name(request):
            return message_page("试用页只能从本机地址打开", "请用 http://127.0.0.1:端口/playground 打开试用页；"
                                "用域名访问时，把这个域名写进 PRESSBOT_PUBLIC_URL。", status=403)
        return await handler(request)
    return guarded


def routes() -> list[web.RouteDef]:
    return [web.get("/playground", by_own_name(playground_page)), web.post("/playground/say", by_own_name(say)),
            web.get("/playground/messages", by_own_name(messages)),
            web.post("/playground/remind", by_own_name(remind))]
