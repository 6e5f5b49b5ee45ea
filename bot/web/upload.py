"""Plan upload: the command line's importer (``store.plan``), previewed before anything is written.

Uploading shows the preview (tables with their kind and year and where each was read from,
every row, new units, rows that cannot be read); the file waits in a folder of its own under
a random token until the office presses 确认导入, which imports the readable rows in one
transaction and creates the listed new units. A waiting file expires after ``KEEP_SECONDS``.
"""
from __future__ import annotations

import asyncio
import json
import logging
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from bot.keys import CLOCK, DB
from bot.web.auth import VIEWER
from bot.web.config import WEB
from bot.web.pages import page
from store import rules
from store.plan.guards import safe_file_name
from store.plan.importer import ImportResult, import_plan
from store.plan.preview import Preview, preview_plan, row_units, unit_text, when_text
from store.plan.rows import ReadPlan, read_plan
from store.plan.tables import PlanFileError, read_tables
from store.units import UnitIndex

log = logging.getLogger("pressbot.web")
MAX_UPLOAD = 20 * 1024 * 1024
KEEP_SECONDS = 30 * 60
KINDS = ("press_conference", "online_interview")
TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass
class Outcome:
    filename: str
    errors: list[str] = field(default_factory=list)
    result: ImportResult | None = None
    years: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # rows not imported, with the reason


@dataclass
class Pending:
    """A previewed upload waiting for 确认导入."""

    token: str
    filename: str
    preview: Preview


class UploadError(Exception):
    """The upload itself is unusable; the message is shown as is."""


def uploads_dir() -> Path:
    folder = Path(tempfile.gettempdir()) / "pressbot-uploads"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _forget_old(folder: Path) -> None:
    limit = time.time() - KEEP_SECONDS
    for entry in folder.iterdir():
        if entry.is_dir() and entry.stat().st_mtime < limit:
            shutil.rmtree(entry, ignore_errors=True)


def _render(request: web.Request, *, status: int = 200, outcome=None, pending=None) -> web.Response:
    return page("upload.html", status=status, viewer=request[VIEWER], outcome=outcome, pending=pending,
                kinds=KINDS, row_units=row_units, unit_text=unit_text, when_text=when_text, tz=request.app[WEB].tz)


async def upload_form(request: web.Request) -> web.Response:
    return _render(request)


async def upload_post(request: web.Request) -> web.Response:
    """Receive the file and show the preview; nothing is written to the register."""
    folder = uploads_dir()
    _forget_old(folder)
    token = secrets.token_urlsafe(18)
    work = folder / token
    work.mkdir(mode=0o700)
    try:
        path, fields = await _receive(request, work)
        options = _options(fields)
    except UploadError as exc:
        shutil.rmtree(work, ignore_errors=True)
        return _render(request, status=422, outcome=Outcome(filename="", errors=[str(exc)]))
    try:
        plan = await asyncio.to_thread(_read, path, options)
    except PlanFileError as exc:
        shutil.rmtree(work, ignore_errors=True)
        return _render(request, status=422, outcome=Outcome(filename=path.name, errors=[f"{path.name}：{exc}"]))
    if not plan.rows:
        shutil.rmtree(work, ignore_errors=True)
        outcome = Outcome(filename=path.name, errors=[str(e) for e in plan.errors])
        outcome.errors.append("没有一行能读懂，未导入任何内容（改正后重新上传）。")
        return _render(request, status=422, outcome=outcome)
    (work / "upload.json").write_text(json.dumps({**options, "file": path.name, "by": request[VIEWER].person_id}))
    async with request.app[DB].sessions() as session:
        preview = preview_plan(plan, await UnitIndex.load(session))
    return _render(request, pending=Pending(token, path.name, preview))


async def upload_confirm(request: web.Request) -> web.Response:
    """确认导入: import the previewed file's readable rows, creating the new units it listed."""
    form = await request.post()
    token = str(form.get("token", ""))
    work = uploads_dir() / token
    meta_path = work / "upload.json"
    if not token or not set(token) <= TOKEN_CHARS or not meta_path.is_file():
        return _render(request, status=410, outcome=Outcome(
            filename="", errors=["这次上传已过期或已导入，请重新上传计划文件。"]))
    meta = json.loads(meta_path.read_text())
    if meta.get("by") != request[VIEWER].person_id:
        return _render(request, status=403, outcome=Outcome(filename="", errors=["只能确认自己上传的计划。"]))
    path = work / meta["file"]
    try:
        plan = await asyncio.to_thread(_read, path, meta)
        outcome = await _import(request, path.name, plan)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _render(request, status=200 if not outcome.errors else 422, outcome=outcome)


async def _receive(request: web.Request, folder: Path) -> tuple[Path, dict[str, str]]:
    """Stream the multipart form: the file to ``folder`` (size-capped), the other fields as text."""
    if not request.content_type.startswith("multipart/"):
        raise UploadError("请选择计划文件后再上传。")
    try:
        path, fields = await _parts(await request.multipart(), folder)
    except (HttpProcessingError, ValueError) as exc:  # a malformed body (a NUL in a header …)
        raise UploadError("上传的内容不完整或格式不对，未导入。请重新选择文件上传。") from exc
    if path is None:
        raise UploadError("请选择计划文件后再上传。")
    return path, fields


async def _parts(reader, folder: Path) -> tuple[Path | None, dict[str, str]]:
    path, fields = None, {}
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "file" and part.filename:
            # browsers send the name as UTF-8; some clients percent-encode it
            path = folder / safe_file_name(unquote(part.filename))
            size = 0
            with path.open("wb") as out:
                while chunk := await part.read_chunk():
                    size += len(chunk)
                    if size > MAX_UPLOAD:
                        raise UploadError(f"文件超过 {MAX_UPLOAD // 1024 // 1024} MB，未导入。")
                    out.write(chunk)
        elif part.name:
            fields[part.name] = (await part.text()).strip()
    return path, fields


def _options(fields: dict[str, str]) -> dict:
    year_text, kind = fields.get("year", ""), fields.get("kind") or None
    if year_text and not (year_text.isdigit() and int(year_text) in rules.YEARS):
        raise UploadError(f"年度“{year_text}”无效，应为四位年份，如 2026。")
    return {"year": int(year_text) if year_text else None, "kind": kind if kind in KINDS else None}


def _read(path: Path, options: dict) -> ReadPlan:
    return read_plan(read_tables(path), year=options.get("year"), kind=options.get("kind"))


async def _import(request: web.Request, filename: str, plan: ReadPlan) -> Outcome:
    outcome = Outcome(filename=filename, skipped=[str(error) for error in plan.errors])
    try:
        async with request.app[DB].writing() as session:
            outcome.result = await import_plan(session, plan.rows, now=request.app[CLOCK].now(), note=filename)
    except Exception:  # noqa: BLE001 - rolled back: the cause goes to the log, the page says what happened
        log.exception("plan upload %s: import failed", filename)
        outcome.errors.append(f"{filename}：导入时出错，数据库未作任何改动。请稍后重试；仍不行请把文件交给技术人员查看日志。")
        outcome.result = None
    outcome.years = sorted({row.plan_year for row in plan.rows})
    return outcome


def routes() -> list[web.RouteDef]:
    return [web.get("/admin/upload", upload_form), web.post("/admin/upload", upload_post),
            web.post("/admin/upload/confirm", upload_confirm)]
