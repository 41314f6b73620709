"""Queue e-mail in the caller's transaction; send what is due, retrying failures with backoff."""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=1)
FIRST_BACKOFF = timedelta(seconds=30)


def render_email(template: str, locale: str, **context: Any) -> tuple[str, str]:
    """Render `emails/<template>.txt` in the recipient's standard. Its first line is the subject."""
    with force_locale(locale):
        text = render_template(f"emails/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def queue_email(recipient: str, template: str, locale: str, **context: Any) -> OutboxMessage:
    """Add a message to the outbox. The caller commits it together with the change that caused it."""
    subject, body = render_email(template, locale, **context)
    message = OutboxMessage(recipient=recipient, subject=subject, body=body)
    db.session.add(message)
    return message


def backoff(attempts: int) -> timedelta:
    return min(FIRST_BACKOFF * (2 ** min(max(attempts - 1, 0), 16)), MAX_BACKOFF)


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0


def _deliver(message: OutboxMessage) -> None:
    config = current_app.config
    if not config["MAIL_SERVER"]:
        log.info("E-mail to %s: %s\n%s", message.recipient, message.subject, message.body)
        return
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email.set_content(message.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def due_messages(now: datetime, limit: int) -> list[OutboxMessage]:
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(db.session.scalars(query))


def send_due(now: datetime | None = None, limit: int = 100) -> SendResult:
    """Send every due message once. A failure is kept and tried again later; nothing is dropped."""
    now = now or utcnow()
    result = SendResult()
    for message in due_messages(now, limit):
        try:
            _deliver(message)
        except (OSError, smtplib.SMTPException) as exc:
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:500]
            message.next_attempt_at = now + backoff(message.attempts)
            result.failed += 1
        else:
            message.attempts += 1
            message.sent_at = utcnow()
            result.sent += 1
        db.session.commit()
    return result


def pending_count() -> int:
    return db.session.scalar(
        select(db.func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    ) or 0
