"""Material files of an event: what kind each one is, what is counted in it, where its bytes go,
the checklist against the notices' limits, and the pack sent the day before.

Counting follows the notices: 通稿 ≤ 1,200 字 (from a .docx or a text file), ≥ 2 问答 with
answers ≤ 500 字, 3 photos, a video (optional). The limits are ``MaterialRules``.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.base import FetchedMedia
from bot.exports.materials import DEFAULT_RULES, DONE, TODO, MaterialRules, char_count
from store.models import Event, EventChange, Material, RegistrationForm

KIND_LABELS = {"press_release": "新闻通稿", "qa": "问答口径", "photo": "图片", "video": "视频",
               "outline": "访谈提纲", "plan": "访谈方案", "other": "其他材料"}
# (kind, words in the file name), first match wins: "问答" before the press release default
NAME_WORDS = (("qa", ("问答", "答问", "口径", "答记者问")), ("outline", ("提纲",)), ("plan", ("方案",)),
              ("press_release", ("通稿", "新闻稿")))
TEXT_EXTENSIONS = (".docx", ".txt")
DOCUMENT_EXTENSIONS = (".docx", ".doc", ".txt", ".pdf", ".wps")
QUESTION = re.compile(r"^\s*(?:问题?\s*\d*\s*[:：、.．]|Q\d*\s*[:：.]|\d+[.、．]\s*问\s*[:：]?)", re.I)
ANSWER = re.compile(r"^\s*(?:答\s*[:：]?|A\s*[:：.])", re.I)


def kind_of(name: str, media_type: str, sent_as: str) -> str:
    """What a received file is for the checklist: by how it was sent, its type, then its name."""
    lower = name.lower()
    if sent_as == "image" or media_type.startswith("image/"):
        return "photo"
    if sent_as == "video" or media_type.startswith("video/"):
        return "video"
    for kind, words in NAME_WORDS:
        if any(w in name for w in words):
            return kind
    return "press_release" if lower.endswith(DOCUMENT_EXTENSIONS) else "other"


def text_of(name: str, content: bytes) -> str | None:
    """The text of a .docx or .txt file (None for anything else, or a file that does not read)."""
    lower = name.lower()
    if lower.endswith(".txt"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                continue
        return None
    if not lower.endswith(".docx"):
        return None
    try:
        import docx

        doc = docx.Document(io.BytesIO(content))
    except Exception:  # noqa: BLE001 - a broken or mislabelled file is kept, just not counted
        return None
    lines = [p.text for p in doc.paragraphs]
    lines += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def qa_pairs(text: str) -> list[tuple[str, str]]:
    """(question, answer) pairs from lines starting 问/问题1/Q and 答/A."""
    pairs: list[list[str]] = []
    part = None
    for line in text.splitlines():
        if QUESTION.match(line):
            pairs.append([QUESTION.sub("", line, count=1), ""])
            part = 0
        elif ANSWER.match(line) and pairs:
            pairs[-1][1] += ANSWER.sub("", line, count=1)
            part = 1
        elif pairs and part is not None and line.strip():
            pairs[-1][part] += line
    return [(q.strip(), a.strip()) for q, a in pairs]


def facts_of(kind: str, name: str, content: bytes, rules: MaterialRules = DEFAULT_RULES) -> dict[str, Any]:
    """What the checklist counts in a file: characters of a release, pairs and long answers of a Q&A."""
    if kind not in ("press_release", "qa", "outline", "plan"):
        return {}
    text = text_of(name, content)
    if text is None:
        return {"readable": False}
    facts: dict[str, Any] = {"readable": True, "chars": char_count(text)}
    if kind == "qa":
        pairs = qa_pairs(text)
        facts["pairs"] = sum(1 for _, a in pairs if a)
        facts["long_answers"] = sum(1 for _, a in pairs if char_count(a) > rules.answer_max_chars)
    return facts


@dataclass(frozen=True)
class Stored:
    material: Material
    duplicate: bool  # the same file was already stored for this event


async def store_material(session: AsyncSession, event: Event, media: FetchedMedia, *, kind: str,
                         now: datetime, person_id: int | None, inbound_id: int | None, actor: str,
                         directory: str | None = None, rules: MaterialRules = DEFAULT_RULES) -> Stored:
    """Keep a received file with its event (bytes in the row, or in ``directory``) and its history row."""
    digest = hashlib.sha256(media.content).hexdigest()
    existing = (await session.execute(select(Material).where(
        Material.event_id == event.id, Material.sha256 == digest))).scalars().first()
    if existing is not None:
        return Stored(existing, True)
    row = Material(event_id=event.id, kind=kind, name=media.name[:200], media_type=media.media_type[:100],
                   size=len(media.content), sha256=digest, facts=facts_of(kind, media.name, media.content, rules),
                   person_id=person_id, inbound_id=inbound_id, received_at=now)
    if directory:
        row.path = write_file(directory, event.id, digest, media.name, media.content)
    else:
        row.content = media.content
    session.add(row)
    session.add(EventChange(event_id=event.id, at=now, person_id=person_id, actor=actor, field="material",
                            old_value=None, new_value=f"{KIND_LABELS[kind]}：{row.name}（{size_text(row.size)}）",
                            inbound_id=inbound_id))
    await session.flush()
    return Stored(row, False)


def write_file(directory: str, event_id: int, digest: str, name: str, content: bytes) -> str:
    """The bytes under ``directory/<event>/<sha256><ext>``, written whole or not at all; the
    path relative to ``directory``."""
    relative = f"{event_id}/{digest}{os.path.splitext(name)[1][:10].lower()}"
    target = Path(directory) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(content)
    os.replace(partial, target)
    return relative


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def material_bytes(row: Material, directory: str | None) -> bytes:
    if row.content is not None:
        return bytes(row.content)
    if not row.path or not directory:
        raise FileNotFoundError(f"material {row.id} has no bytes here")
    return (Path(directory) / row.path).read_bytes()


async def event_materials(session: AsyncSession, event_id: int) -> list[Material]:
    query = select(Material).where(Material.event_id == event_id).order_by(Material.received_at, Material.id)
    return list((await session.execute(query)).scalars())


# -- the checklist ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    item: str
    ok: bool
    state: str
    optional: bool = False

    def line(self) -> str:
        return f"{DONE if self.ok else TODO} {self.item}：{self.state}"


def checklist(materials: list[Material], form: RegistrationForm | None,
              rules: MaterialRules = DEFAULT_RULES) -> list[Check]:
    """The pack against the limits, from the files sent and what the 登记表 holds."""
    by_kind: dict[str, list[Material]] = {}
    for m in materials:
        by_kind.setdefault(m.kind, []).append(m)
    return [_release(by_kind.get("press_release", []), form, rules), _qa(by_kind.get("qa", []), form, rules),
            _photos(by_kind.get("photo", []), form, rules), _video(by_kind.get("video", []), form, rules)]


def _release(files: list[Material], form: RegistrationForm | None, rules: MaterialRules) -> Check:
    item = f"新闻通稿（不超过{rules.release_max_chars}字）"
    counted = [m for m in files if m.facts.get("chars") is not None]
    if counted:
        latest = counted[-1]
        n = latest.facts["chars"]
        over = n > rules.release_max_chars
        return Check(item, not over, f"{latest.name}，共{n}字" + ("，超出字数" if over else ""))
    if files:
        return Check(item, False, f"{files[-1].name}，无法读出字数（请发 .docx 或文字）")
    n = char_count(form.press_release if form else None)
    if n:
        over = n > rules.release_max_chars
        return Check(item, not over, f"登记表中已填，共{n}字" + ("，超出字数" if over else ""))
    return Check(item, False, "未提供")


def _qa(files: list[Material], form: RegistrationForm | None, rules: MaterialRules) -> Check:
    item = f"问答口径（至少{rules.min_questions}个，每个答复不超过{rules.answer_max_chars}字）"
    pairs = sum(m.facts.get("pairs", 0) for m in files)
    long_answers = sum(m.facts.get("long_answers", 0) for m in files)
    where = "、".join(m.name for m in files)
    if not pairs and form and form.questions:
        pairs = len(form.questions)
        long_answers = sum(1 for q in form.questions
                           if isinstance(q, dict) and char_count(str(q.get("a") or "")) > rules.answer_max_chars)
        where = "登记表中已填"
    if not pairs:
        return Check(item, False, f"{where}，未读出问答" if where else "未提供")
    state = f"{where}，{pairs}个"
    if pairs < rules.min_questions:
        state += f"，不足{rules.min_questions}个"
    if long_answers:
        state += f"，其中{long_answers}个答复超出字数"
    return Check(item, pairs >= rules.min_questions and not long_answers, state)


def _photos(files: list[Material], form: RegistrationForm | None, rules: MaterialRules) -> Check:
    item = f"图片（{rules.photos}张）"
    if files:
        n, said = len(files), f"已收到{len(files)}张"
    elif form is not None and form.photo_count:
        n, said = form.photo_count, f"登记表中填了{form.photo_count}张"
    else:
        return Check(item, False, "未提供")
    return Check(item, n >= rules.photos, said + (f"，还差{rules.photos - n}张" if n < rules.photos else ""))


def _video(files: list[Material], form: RegistrationForm | None, rules: MaterialRules) -> Check:
    item = "视频（可选）"
    if files:
        return Check(item, True, f"已收到{len(files)}段", optional=True)
    if form is not None and form.has_video:
        return Check(item, True, "登记表中填了有视频", optional=True)
    return Check(item, False, "未提供", optional=True)


def complete(checks: list[Check]) -> bool:
    return all(c.ok for c in checks if not c.optional)


# -- the pack --------------------------------------------------------------------------------
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def pack_name(event: Event) -> str:
    topic = UNSAFE.sub("", event.topic or "待定")[:40]
    return f"{event.unit.name}《{topic}》材料（编号{event.id}）.zip"


def build_pack(event: Event, materials: list[Material], checks: list[Check], *, directory: str | None,
               extra: dict[str, bytes] | None = None) -> bytes:
    """One .zip: 材料清单.txt, the files numbered by kind, and ``extra`` (the 登记表)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        lines = [f"{event.unit.name}《{event.topic}》材料清单", *[c.line() for c in checks], "",
                 *[f"{i:02d} {KIND_LABELS.get(m.kind, m.kind)}：{m.name}（{size_text(m.size)}）"
                   for i, m in enumerate(materials, 1)]]
        z.writestr("材料清单.txt", "\n".join(lines) + "\n")
        for i, m in enumerate(materials, 1):
            z.writestr(f"{i:02d}-{KIND_LABELS.get(m.kind, m.kind)}-{UNSAFE.sub('_', m.name)}",
                       material_bytes(m, directory))
        for name, content in (extra or {}).items():
            z.writestr(name, content)
    return buffer.getvalue()

