"""The people directory, imported from a CSV: ``platform,user_id,name,unit,role,mobile``.

Every row is checked before anything is written; one bad row stops the whole file, with its
line number, so that the directory is never half-imported. Re-importing updates people
found by (platform, user_id).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Person, Role
from store.units import UnitIndex, resolve_unit

HEADER = ("platform", "user_id", "name", "unit", "role", "mobile")
PLATFORMS = ("wecom", "dingtalk", "console")
ROLES = tuple(r.value for r in Role)


class PeopleFileError(ValueError):
    """A file that cannot be imported; the message says where and why, in Chinese."""


@dataclass
class PersonRow:
    line: int
    platform: str
    user_id: str
    name: str
    unit: str
    role: str
    mobile: str | None


@dataclass
class PeopleResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise PeopleFileError(f"无法读取文件 {path}：找不到这个文件（请检查路径和文件名）") from exc
    except IsADirectoryError as exc:
        raise PeopleFileError(f"无法读取文件 {path}：这是一个文件夹，不是人员名单 CSV 文件") from exc
    except PermissionError as exc:
        raise PeopleFileError(f"无法读取文件 {path}：没有读取权限") from exc
    except OSError as exc:
        raise PeopleFileError(f"无法读取文件 {path}：系统错误 {exc.errno}") from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PeopleFileError(f"文件 {path} 不是 UTF-8 或 GBK 编码的 CSV")


def _check_row(line: int, cells: dict[str, str]) -> PersonRow:
    where = f"第 {line} 行"
    values = {k: (cells.get(k) or "").strip() for k in HEADER}
    for required in ("platform", "user_id", "name"):
        if not values[required]:
            raise PeopleFileError(f"{where}：缺少 {required}")
    if values["platform"] not in PLATFORMS:
        raise PeopleFileError(f"{where}：平台“{values['platform']}”无效，应为 {' / '.join(PLATFORMS)}")
    role = values["role"] or Role.LIAISON.value
    if role not in ROLES:
        raise PeopleFileError(f"{where}：角色“{role}”无效，应为 {' / '.join(ROLES)}")
    if role in (Role.LIAISON, Role.DIRECTOR) and not values["unit"]:
        raise PeopleFileError(f"{where}：联络员和负责人必须填写单位")
    mobile = values["mobile"] or None
    if mobile and not mobile.replace("-", "").replace("+", "").replace(" ", "").isdigit():
        raise PeopleFileError(f"{where}：手机号“{mobile}”无效")
    return PersonRow(line, values["platform"], values["user_id"], values["name"], values["unit"], role, mobile)


def parse_people(text: str) -> list[PersonRow]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [h for h in HEADER if h not in (reader.fieldnames or [])]
    if missing:
        raise PeopleFileError(f"第 1 行：表头应为 {','.join(HEADER)}，缺少 {','.join(missing)}")
    rows: list[PersonRow] = []
    seen: dict[tuple[str, str], int] = {}
    for cells in reader:
        if not any((v or "").strip() for v in cells.values() if isinstance(v, str)):
            continue
        row = _check_row(reader.line_num, cells)
        key = (row.platform, row.user_id)
        if key in seen:
            raise PeopleFileError(f"第 {row.line} 行：{row.platform} 用户 {row.user_id} 与第 {seen[key]} 行重复")
        seen[key] = row.line
        rows.append(row)
    if not rows:
        raise PeopleFileError("文件中没有人员数据")
    return rows


def read_people(path: Path) -> list[PersonRow]:
    if path.suffix.lower() != ".csv":
        raise PeopleFileError(f"不支持的文件类型“{path.suffix or path.name}”：人员名单请用 CSV 文件")
    return parse_people(_read_text(path))


async def import_people(session: AsyncSession, rows: list[PersonRow]) -> PeopleResult:
    """Create or update each person (the caller commits, or rolls back on error)."""
    result, units = PeopleResult(), await UnitIndex.load(session)
    existing = {
        (p.platform, p.user_id): p for p in (await session.execute(select(Person))).scalars()
    }
    for row in rows:
        unit = await resolve_unit(session, row.unit, index=units) if row.unit else None
        values = {"name": row.name, "unit_id": unit.id if unit else None, "role": row.role,
                  "mobile": row.mobile, "active": True}
        person = existing.get((row.platform, row.user_id))
        if person is None:
            session.add(Person(platform=row.platform, user_id=row.user_id, **values))
            result.created.append(row.name)
        elif any(getattr(person, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(person, k, v)
            result.updated.append(row.name)
        else:
            result.unchanged.append(row.name)
    await session.flush()
    return result


async def people_in_roles(session: AsyncSession, roles: tuple[str, ...] | list[str]) -> list[Person]:
    """Active people holding any of ``roles`` (the office, 宣传部 ...), in a stable order."""
    if not roles:
        return []
    query = select(Person).where(Person.role.in_(list(roles)), Person.active.is_(True)).order_by(Person.id)
    return list((await session.execute(query)).scalars())
