"""Plan files an office person (or an attacker with a session) might upload: a file name the
disk refuses ("..", 300 characters, a NUL byte) gave a 500 with a traceback, and a 5 KB Excel
file whose used range runs to XFD1048576 made the server build billions of cells (minutes,
gigabytes). Each is now a clear Chinese message or a normal preview, quickly."""
from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest

from tests.web.test_upload_download import snapshot

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

CSV = "序号,发布单位,发布主题,时间\n1,县教育局,招生政策解读,2026年5月\n".encode()
def form(name: str, content: bytes, **fields: str) -> tuple[bytes, dict[str, str]]:
    """A multipart body as curl sends it, the file name's bytes as they are (a NUL included)."""
    boundary = "pressbot-regression"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


async def upload(site, name: str, content: bytes, **fields: str):
    body, headers = form(name, content, **fields)
    return await site.client.post("/admin/upload", data=io.BytesIO(body), headers=headers)


NAMES = ["..", "%2e%2e", "a/..", "计" * 120 + ".csv", "a%00b.csv", "../../../etc/plan.csv", "a\x00b.csv"]


@pytest.mark.parametrize("name", NAMES, ids=["dotdot", "encoded-dotdot", "trailing-dotdot", "long", "encoded-nul",
                                             "traversal", "raw-nul"])
async def test_an_odd_file_name_is_a_message_not_a_crash(site, name):
    await site.sign_in()
    before = await snapshot(site)
    resp = await upload(site, name, CSV, year="2026")
    page = await resp.text()
    assert resp.status in (200, 422), page[:400]
    assert "Traceback" not in page and "Error" not in page
    if "\x00" in name:
        assert resp.status == 422 and "格式不对" in page  # the body itself is malformed
    elif name.endswith(".csv"):
        assert resp.status == 200 and "招生政策解读" in page  # a usable name still previews
    else:
        assert "不支持的文件类型" in page
    assert await snapshot(site) == before


def far_used_range(cell: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["发布单位", "发布主题", "时间"])
    sheet.append(["县教育局", "招生政策解读", "2026年5月"])
    sheet[cell] = " "  # a stray cell far away, as a whole formatted column leaves behind
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("cell", ["XFD1048576", "ZZ20000"])
async def test_an_excel_file_used_to_its_last_cell_previews_quickly(site, cell):
    await site.sign_in()
    started = time.monotonic()
    resp = await upload(site, "计划.xlsx", far_used_range(cell))
    page = await resp.text()
    assert time.monotonic() - started < 10
    assert resp.status == 200, page[:600]
    assert "招生政策解读" in page


def with_sheet_xml(change) -> bytes:
    """A small valid workbook (a header and one row) whose sheet XML is passed through ``change``."""
    book = openpyxl.Workbook()
    book.active.append(["发布单位", "发布主题", "时间"])
    book.active.append(["县教育局", "招生政策解读", "2026年5月"])
    plain, out = io.BytesIO(), io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, change(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def merged_down_the_sheet(xml: bytes) -> bytes:
    # openpyxl makes one object per merged cell while loading: this range never finished
    return xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="D1:XFD1048576"/>'
                                        b"</mergeCells>")


async def test_a_range_merged_down_the_whole_sheet_is_refused_quickly(site):
    await site.sign_in()
    started = time.monotonic()
    resp = await upload(site, "计划.xlsx", with_sheet_xml(merged_down_the_sheet))
    page = await resp.text()
    assert time.monotonic() - started < 10
    assert resp.status == 422 and "合并单元格的范围过大" in page


def padded(xml: bytes) -> bytes:
    """The sheet XML padded to 300 MB (a few hundred KB packed)."""
    return xml.replace(b"</sheetData>", b" " * 300_000_000 + b"</sheetData>")


async def test_a_file_that_unpacks_to_hundreds_of_megabytes_is_refused(site):
    await site.sign_in()
    started = time.monotonic()
    resp = await upload(site, "计划.xlsx", with_sheet_xml(padded))
    page = await resp.text()
    assert time.monotonic() - started < 10
    assert resp.status == 422 and "解压后" in page
