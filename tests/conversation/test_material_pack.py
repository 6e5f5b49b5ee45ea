"""The day before the event the material pack goes to the office: one .zip as a file message in
chat (WeCom media/upload + file message, DingTalk oapi upload + sampleFile) and by e-mail to a
local SMTP server (aiosmtpd)."""
from __future__ import annotations

import email
import email.policy
import io
import socket
import zipfile
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller

from bot.clock import DEFAULT_TZ
from store.models import EventChange
from tests.conversation.test_materials import DOCX, JPEG, RELEASE, plan_event


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SMTP_PORT = free_port()
OFFICE_MAIL = "zwgkb@example.gov.cn"
pytestmark = [pytest.mark.transports("wecom", "dingtalk"),
              pytest.mark.settings(PRESSBOT_MAIL_HOST="127.0.0.1", PRESSBOT_MAIL_PORT=str(SMTP_PORT),
                                   PRESSBOT_MAIL_FROM="pressbot@example.gov.cn", PRESSBOT_MAIL_TO=OFFICE_MAIL)]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield inbox
    controller.stop()


def zips_sent(bot) -> list[tuple[str, bytes]]:
    """The .zip files the platform delivered, as (file name, bytes)."""
    fake = bot.messenger.fake
    uploads = [u for _, u in fake.files()] if bot.platform == "dingtalk" else fake.files()
    return [(u.filename, u.content) for u in uploads if u.filename.endswith(".zip")]


async def test_the_pack_reaches_the_office_in_chat_and_by_mail(bot, smtp):
    await plan_event(bot)
    await bot.send_file("zhangsan", "现场.jpg", JPEG, "image/jpeg", msg_type="image")
    await bot.send_file("zhangsan", "新闻通稿.docx", RELEASE, DOCX)

    early = await bot.procedure_round()
    assert not early.packs and not smtp.messages  # six days ahead: not yet

    bot.clock.set(datetime(2026, 4, 19, 16, 0, tzinfo=DEFAULT_TZ))  # the day before, 23 h ahead
    report = await bot.procedure_round()

    assert len(report.packs) == 1 and report.mailed == report.packs
    [(name, content)] = zips_sent(bot)
    assert name == "区教育局《招生政策解读》材料（编号1）.zip"
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert "材料清单.txt" in names and "登记表（编号1）.docx" in names
    assert any("新闻通稿" in n for n in names) and any(n.startswith("01-图片") for n in names)
    told = "\n".join(bot.pushes_to("wangwu"))
    assert "【材料报送】" in told and "☑ 新闻通稿" in told and "☐ 图片（3张）：已收到1张" in told

    [mail] = smtp.messages
    assert smtp.recipients == [[OFFICE_MAIL]] and "招生政策解读" in mail["Subject"]
    [attachment] = [p for p in mail.walk() if p.get_filename()]
    assert attachment.get_filename() == name and attachment.get_payload(decode=True) == content

    again = await bot.procedure_round()
    assert not again.packs and not again.mailed and len(smtp.messages) == 1 and len(zips_sent(bot)) == 1
    facts = {c.field for c in await bot.all(EventChange)}
    assert {"materials_pack", "materials_mailed"} <= facts


async def test_a_mail_server_away_is_tried_again_next_round(bot, smtp):
    await plan_event(bot)
    await bot.send_file("zhangsan", "新闻通稿.docx", RELEASE, DOCX)
    bot.clock.set(datetime(2026, 4, 19, 16, 0, tzinfo=DEFAULT_TZ))

    async def refuse(mail, message):
        raise ConnectionRefusedError("smtp away")

    first = await bot.procedure_round(mailer=refuse)
    assert first.packs and not first.mailed and len(zips_sent(bot)) == 1

    bot.clock.advance(timedelta(minutes=5))
    second = await bot.procedure_round()
    assert second.mailed and not second.packs and len(smtp.messages) == 1
