"""Outgoing e-mail through the SMTP server of KAZI_SMTP_*, sent off the event loop."""

import asyncio
import logging
import smtplib
from email.message import EmailMessage

from kazi.kit.config import Settings

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """The SMTP server refused the message or could not be reached."""


def mail_configured(settings: Settings) -> bool:
    return bool(settings.smtp_host and settings.public_url)


def _send(settings: Settings, message: EmailMessage) -> None:
    assert settings.smtp_host is not None
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_s
    ) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(message)


async def send_mail(settings: Settings, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        await asyncio.to_thread(_send, settings, message)
    except (OSError, smtplib.SMTPException) as exc:
        logger.warning("e-mail not sent (%s)", type(exc).__name__)
        raise MailNotSent from exc
