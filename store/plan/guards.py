"""Limits checked before a plan file is opened, so that one file cannot stall the server.

A plan is a few hundred rows. A .docx/.xlsx is a zip: a small one may unpack to gigabytes, and
openpyxl builds one object per cell of a merged range while loading, so a range merged down
the whole sheet never finishes. Both are measured from the zip's own directory and the sheets'
``<mergeCell>`` lines, without loading the workbook. File names sent by a browser or a chat are
cut to one harmless path part.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePath

from store.plan.errors import PlanFileError

MAX_UNPACKED = 64 * 1024 * 1024  # bytes, all members of a .docx/.xlsx together
MAX_MERGED_CELLS = 100_000  # cells covered by merged ranges, all sheets together
MAX_CELLS = 1_000_000  # rows × columns holding text, per sheet
MAX_NAME = 60  # characters of a file name's stem (a CJK character is 3 bytes; disks allow 255)
MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def safe_file_name(name: str) -> str:
    """The last part of ``name`` without control characters, its stem cut to ``MAX_NAME``;
    "plan" when nothing usable is left ("", ".", "..")."""
    base = "".join(ch for ch in PurePath(name.replace("\\", "/")).name if ch.isprintable())
    if base.strip(". ") == "":
        return "plan"
    path = PurePath(base)
    suffix = path.suffix if len(path.suffix) <= 8 else ""
    stem = base[: len(base) - len(suffix)] if suffix else base
    return stem[:MAX_NAME] + suffix


def column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def merged_cells(sheet_xml: bytes) -> int:
    total = 0
    for first_col, first_row, last_col, last_row in MERGE.findall(sheet_xml):
        rows = abs(int(last_row) - int(first_row)) + 1
        cols = abs(column_number(last_col) - column_number(first_col)) + 1
        total += rows * cols
    return total


def check_package(path: Path) -> None:
    """Refuse a .docx/.xlsx that unpacks too large or merges too many cells (a damaged zip is
    left for the reader to report)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > MAX_UNPACKED:
            raise PlanFileError(f"文件解压后超过 {MAX_UNPACKED // 1024 // 1024} MB，"
                                "不像一份计划表，未导入（请只保留计划表格后另存再上传）")
        merged = sum(merged_cells(archive.read(m)) for m in members
                     if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml"))
    if merged > MAX_MERGED_CELLS:
        raise PlanFileError(f"文件中合并单元格的范围过大（共 {merged} 格），未导入"
                            "（请取消整列或整行的合并后另存再上传）")
