"""Plan upload: the command line's importer (``store.plan``), its error report on the page.

Like ``pressbot import-plan``: a file with any row that cannot be read changes nothing, and the
import itself is one transaction.
"""
from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from urllib.parse import unquote

from aiohttp import BodyPartReader, web

from bot.keys import CLOCK, DB
from bot.web.auth import VIEWER
from bot.web.config import WEB
from bot.web.pages import page
from store.plan.importer import ImportResult, import_plan
from store.plan.rows import ReadPlan, read_plan
from store.plan.tables import PlanFileError, read_tables

MAX_UPLOAD = 20 * 1024 * 1024
KINDS = ("press_conference", "online_interview")


@dataclass
class Outcome:
    filename: str
    errors: list[str] = field(default_factory=list)
    result: ImportResult | None = None
    years: list[int] = field(default_factory=list)


class UploadError(Exception):
    """The upload itself is unusable; the message is shown as is."""


async def upload_form(request: web.Request) -> web.Response:
    return page("upload.html", viewer=request[VIEWER], outcome=None, kinds=KINDS, tz=request.app[WEB].tz)


async def upload_post(request: web.Request) -> web.Response:
    try:
        with tempfile.TemporaryDirectory(prefix="pressbot-upload-") as tmp:
            path, fields = await _receive(request, Path(tmp))
            outcome = await _import(request, path, fields)
    except UploadError as exc:
        outcome = Outcome(filename="", errors=[str(exc)])
    status = 200 if not outcome.errors else 422
    return page("upload.html", status=status, viewer=request[VIEWER], outcome=outcome, kinds=KINDS,
                tz=request.app[WEB].tz)


async def _receive(request: web.Request, folder: Path) -> tuple[Path, dict[str, str]]:
    """Stream the multipart form: the file to ``folder`` (size-capped), the other fields as text."""
    if not request.content_type.startswith("multipart/"):
        raise UploadError("请选择计划文件后再上传。")
    reader, path, fields = await request.multipart(), None, {}
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):  # a nested multipart: no browser sends one
            continue
        if part.name == "file" and part.filename:
            # browsers send the name as UTF-8; some clients percent-encode it
            name = unquote(part.filename).replace("\\", "/")
            path = folder / (PurePath(name).name or "plan")
            size = 0
            with path.open("wb") as out:
                while chunk := await part.read_chunk():
                    size += len(chunk)
                    if size > MAX_UPLOAD:
                        raise UploadError(f"文件超过 {MAX_UPLOAD // 1024 // 1024} MB，未导入。")
                    out.write(chunk)
        elif part.name:
            fields[part.name] = (await part.text()).strip()
    if path is None:
        raise UploadError("请选择计划文件后再上传。")
    return path, fields


def _read(path: Path, year: int | None, kind: str | None) -> ReadPlan:
    return read_plan(read_tables(path), year=year, kind=kind)


async def _import(request: web.Request, path: Path, fields: dict[str, str]) -> Outcome:
    outcome = Outcome(filename=path.name)
    year_text, kind = fields.get("year", ""), fields.get("kind") or None
    if year_text and not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
        outcome.errors.append(f"年度“{year_text}”无效，应为四位年份，如 2026。")
        return outcome
    try:
        plan = await asyncio.to_thread(_read, path, int(year_text) if year_text else None,
                                       kind if kind in KINDS else None)
    except PlanFileError as exc:
        outcome.errors.append(f"{path.name}：{exc}")
        return outcome
    if plan.errors:
        outcome.errors = [str(error) for error in plan.errors]
        outcome.errors.append(f"有 {len(plan.errors)} 行读不懂，未导入任何内容（改正后重新上传）。")
        return outcome
    try:
        async with request.app[DB].writing() as session:
            outcome.result = await import_plan(session, plan.rows, now=request.app[CLOCK].now(), note=path.name)
    except Exception as exc:  # noqa: BLE001 - rolled back: say why, change nothing
        outcome.errors.append(f"{path.name}：导入失败，数据库未作任何改动（{exc}）")
        outcome.result = None
    outcome.years = sorted({row.plan_year for row in plan.rows})
    return outcome


def routes() -> list[web.RouteDef]:
    return [web.get("/admin/upload", upload_form), web.post("/admin/upload", upload_post)]
