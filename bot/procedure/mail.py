"""The material pack by e-mail: stdlib ``smtplib`` in a worker thread (no extra dependency; a
send takes a second or two and happens once per event)."""
from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage

from bot.procedure.config import Mail

SMTP_TIMEOUT = 30


def build_message(mail: Mail, *, subject: str, body: str, filename: str, content: bytes) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = mail.sender, mail.to, subject
    message.set_content(body)
    message.add_attachment(content, maintype="application", subtype="zip", filename=filename)
    return message


def _send(mail: Mail, message: EmailMessage) -> None:
    with smtplib.SMTP(mail.host, mail.port, timeout=SMTP_TIMEOUT) as smtp:
        if mail.starttls:
            smtp.starttls()
        if mail.user:
            smtp.login(mail.user, mail.password or "")
        smtp.send_message(message)


async def send_mail(mail: Mail, message: EmailMessage) -> None:
    """Raises ``OSError`` / ``smtplib.SMTPException`` when the server refuses or is away."""
    await asyncio.to_thread(_send, mail, message)
