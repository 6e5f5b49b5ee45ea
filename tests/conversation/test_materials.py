"""Material files by chat, through both platforms: a photo, a .docx and a video are fetched from
the platform (WeCom media/get, DingTalk messageFiles/download), stored with the unit's next event
and counted against the checklist."""
from __future__ import annotations

import hashlib
import io

import docx
import pytest

from store.models import EventChange, Material, Reminder

pytestmark = pytest.mark.transports("wecom", "dingtalk")  # files come only through a platform

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"photo-bytes" * 50
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"video-bytes" * 200


def docx_bytes(*paragraphs: str) -> bytes:
    doc = docx.Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


RELEASE = docx_bytes("区教育局召开春季招生政策解读新闻发布会", "今年全区新增学位三千个。" * 20)
QA = docx_bytes("问：今年招生有什么变化？", "答：新增两所学校。", "问：怎么报名？", "答：网上报名。")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def plan_event(bot):
    await bot.say("zhangsan", "我局4月20日下午3点在教育局三楼会议室开招生政策解读发布会")


async def test_a_photo_a_docx_and_a_video_are_stored_and_counted(bot):
    await plan_event(bot)

    photo = await bot.send_file("zhangsan", "现场.jpg", JPEG, "image/jpeg", msg_type="image")
    assert "已收到图片" in photo and "招生政策解读" in photo
    assert "☐ 图片（3张）：已收到1张，还差2张" in photo

    release = await bot.send_file("zhangsan", "新闻通稿.docx", RELEASE, DOCX)
    assert "已收到新闻通稿：新闻通稿.docx" in release
    assert "☑ 新闻通稿（不超过1200字）：新闻通稿.docx，共259字" in release

    video = await bot.send_file("zhangsan", "宣传片.mp4", MP4, "video/mp4", msg_type="video")
    assert "已收到视频" in video and "☑ 视频（可选）：已收到1段" in video

    rows = {m.kind: m for m in await bot.all(Material)}
    assert set(rows) == {"photo", "press_release", "video"}
    assert bytes(rows["photo"].content) == JPEG and rows["photo"].size == len(JPEG)
    assert rows["video"].sha256 == hashlib.sha256(MP4).hexdigest()
    assert rows["press_release"].facts["chars"] == 259
    history = [c.new_value for c in await bot.all(EventChange, field="material")]
    assert len(history) == 3 and any("新闻通稿.docx" in h for h in history)


async def test_qa_pairs_are_read_and_the_list_shows_everything(bot):
    await plan_event(bot)
    await bot.send_file("zhangsan", "答记者问口径.docx", QA, DOCX)
    for n in range(3):
        await bot.send_file("zhangsan", f"照片{n}.jpg", JPEG + bytes([n]), "image/jpeg", msg_type="image")

    listing = await bot.say("zhangsan", "我局的材料")

    assert "1. 问答口径：答记者问口径.docx" in listing
    assert listing.count("图片：") == 3  # a picture has no name of its own on either platform
    assert "☑ 问答口径（至少2个，每个答复不超过500字）：答记者问口径.docx，2个" in listing
    assert "☑ 图片（3张）：已收到3张" in listing
    assert "☐ 新闻通稿（不超过1200字）：未提供" in listing


async def test_the_same_file_twice_is_kept_once(bot):
    await plan_event(bot)
    await bot.send_file("zhangsan", "现场.jpg", JPEG, "image/jpeg", msg_type="image")

    again = await bot.send_file("zhangsan", "现场.jpg", JPEG, "image/jpeg", msg_type="image")

    assert "已经收到过" in again
    assert len(await bot.all(Material)) == 1


async def test_a_file_without_an_event_is_not_stored(bot):
    answer = await bot.send_file("zhangsan", "新闻通稿.docx", RELEASE, DOCX)

    assert "没有待举办" in answer and not await bot.all(Material)


async def test_a_complete_pack_sent_as_files_is_no_longer_reminded(bot):
    await plan_event(bot)
    assert [r.status for r in await bot.all(Reminder, rule="materials_due")] == ["pending"]

    await bot.send_file("zhangsan", "新闻通稿.docx", RELEASE, DOCX)
    await bot.send_file("zhangsan", "问答.docx", QA, DOCX)
    for n in range(3):
        await bot.send_file("zhangsan", f"照片{n}.jpg", JPEG + bytes([n]), "image/jpeg", msg_type="image")

    assert not await bot.all(Reminder, rule="materials_due", status="pending")
