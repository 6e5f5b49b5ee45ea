"""The annual plan sent in chat: the office sends the .xlsx/.csv/.docx/.txt plan to the bot, sees
the import's preview (the command line's ``store.plan.preview.preview_lines``) and picks
"1. 确认导入" / "2. 取消".

Which file is a plan: one sent by the office (办公室) as a file (not a picture or video) that is
a .xlsx, .xls or .csv — always a plan, so a plan that cannot be read says why — or a .docx/.txt
in which ``read_plan`` finds plan rows. Any other file is a material (``bot.handlers.materials``).

Between the preview and the answer the file's bytes wait in the choice's conversation state
(a database row, base64), never in memory: a restart between the two steps loses nothing. The
choice expires after ``KEEP`` (30 minutes, as the dashboard's upload). Confirming reads the same
bytes again and imports exactly the rows the preview showed in one transaction, creating the
new units it listed (``--create-units``); if the directory changed so that the file would now
need a unit the preview did not list, nothing is imported and the file is to be sent again.
"""
from __future__ import annotations

import asyncio
import base64
import logging
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import Any

from bot.channels.base import FetchedMedia
from bot.conversation.replies import Say
from bot.conversation.turn import Turn
from bot.handlers import choice, materials
from bot.handlers.common import open_state
from store.plan.importer import import_plan
from store.plan.preview import Preview, preview_lines, preview_plan
from store.plan.rows import ReadPlan, read_plan
from store.plan.tables import PlanFileError, read_tables_of
from store.units import UnitIndex

log = logging.getLogger(__name__)

KEEP = timedelta(minutes=30)
ALWAYS_PLAN = (".xlsx", ".xls", ".csv")  # from the office, a spreadsheet is the plan
PLAN_IF_READ = (".docx", ".txt")  # a plan when plan rows are found in it, else a material
CONFIRM, CANCEL = "plan_import.confirm", "plan_import.cancel"


def suffix_of(name: str) -> str:
    return PurePath(name).suffix.lower()


def may_be_plan(turn: Turn) -> bool:
    """Only the office imports the plan, and only a file (not a picture) of a plan's type."""
    ref = turn.incoming.media
    if ref is None or ref.type != "file" or not turn.actor.is_office:
        return False
    return ref.name is None or suffix_of(ref.name) in (*ALWAYS_PLAN, *PLAN_IF_READ)


async def receive(turn: Turn) -> list[Say]:
    """A file sent in chat: the plan's preview, or (anything else) a material."""
    if not may_be_plan(turn):
        return await materials.receive(turn)
    media = await materials.fetch(turn)
    if media is None:
        return [turn.reply("conversation/materials/fetch_failed.j2")]
    suffix = suffix_of(media.name)
    if suffix not in (*ALWAYS_PLAN, *PLAN_IF_READ):
        return await materials.receive(turn, media)
    try:
        plan = await asyncio.to_thread(_read, media.name, media.content)
    except PlanFileError as exc:
        if suffix in PLAN_IF_READ:
            return await materials.receive(turn, media)
        return [turn.reply("conversation/plan/unreadable.j2", name=media.name, errors=[str(exc)])]
    if not plan.rows:
        if suffix in PLAN_IF_READ:
            return await materials.receive(turn, media)
        return [turn.reply("conversation/plan/unreadable.j2", name=media.name,
                           errors=[str(e) for e in plan.errors])]
    return await offer(turn, media, plan)


def _read(name: str, content: bytes) -> ReadPlan:
    return read_plan(read_tables_of(name, content))


async def _preview(turn: Turn, plan: ReadPlan) -> Preview:
    return preview_plan(plan, await UnitIndex.load(turn.session))


async def offer(turn: Turn, media: FetchedMedia, plan: ReadPlan) -> list[Say]:
    preview = await _preview(turn, plan)
    person = turn.actor.person
    args = {"name": media.name, "content": base64.b64encode(media.content).decode("ascii"),
            "at": turn.now.isoformat(), "by": person.id if person else None,
            "rows": len(plan.rows), "new_units": preview.new_units}
    options = [choice.Option("确认导入", CONFIRM, args), choice.Option("取消", CANCEL, {"name": media.name})]
    return await choice.offer(turn, "conversation/plan/preview.j2", options, ttl=KEEP, name=media.name,
                              lines=preview_lines(preview), row_count=len(plan.rows), new_units=preview.new_units,
                              problems=len(plan.errors), minutes=int(KEEP.total_seconds() // 60))


def is_plan_choice(turn: Turn) -> bool:
    """The open state is this module's 确认导入 / 取消 question."""
    state = open_state(turn)
    return state.form == choice.FORM and any(o.get("action") == CONFIRM for o in state.data.get("options", []))


async def confirm(turn: Turn, args: dict[str, Any]) -> list[Say]:
    """确认导入: the previewed rows, in one transaction, with the new units the preview listed."""
    name = str(args["name"])
    person = turn.actor.person
    if turn.now - datetime.fromisoformat(args["at"]) > KEEP or args.get("by") != (person.id if person else None):
        return [turn.reply("conversation/plan/expired.j2", name=name)]
    plan = await asyncio.to_thread(_read, name, base64.b64decode(args["content"]))
    preview = await _preview(turn, plan)
    if len(plan.rows) != args.get("rows") or set(preview.new_units) - set(args.get("new_units") or []):
        return [turn.reply("conversation/plan/changed.j2", name=name)]
    try:
        async with turn.session.begin_nested():
            result = await import_plan(turn.session, plan.rows, now=turn.now, note=name,
                                       create_units=bool(preview.new_units))
    except Exception as exc:  # noqa: BLE001 - rolled back to the savepoint: say why, change nothing
        log.exception("importing the plan %s sent in chat failed", name)
        return [turn.reply("conversation/plan/failed.j2", name=name, reason=str(exc))]
    return [turn.reply("conversation/plan/imported.j2", name=name, created=len(result.created),
                       updated=len(result.updated), unchanged=len(result.unchanged),
                       new_units=preview.new_units, skipped=[str(e) for e in plan.errors],
                       years=sorted({row.plan_year for row in plan.rows}))]


async def cancel(turn: Turn, args: dict[str, Any]) -> list[Say]:
    return [turn.reply("conversation/plan/cancelled.j2", name=args.get("name", ""))]


async def expired(turn: Turn) -> list[Say]:
    """The question went unanswered past ``KEEP``: said once, before the answer to the new message."""
    options = open_state(turn).data.get("options", [])
    name = next((o["args"].get("name", "") for o in options if o.get("action") == CONFIRM), "")
    await turn.clear()
    return [turn.reply("conversation/plan/expired.j2", name=name)]
