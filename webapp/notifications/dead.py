"""Messages the sender gave up on: listed for administrators, who send them again or drop them.

The list shows what an administrator needs to decide, not the message: the recipient is masked,
and the body (which may hold a link that works once) is never shown."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import Select, select, update

from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.transactions import atomic

log = logging.getLogger(__name__)
MASK = "•••"


class OutboxError(Exception):
    """An administrator's action on a message that cannot be done; the message is translated."""


@dataclass(frozen=True)
class DeadMessage:
    id: int
    channel: str
    recipient: str  # masked
    subject: str
    created_at: datetime
    dead_at: datetime
    attempts: int
    error: str  # with the recipient masked


def mask(channel: str, recipient: str) -> str:
    """ "kari.nordmann@example.no" → "k•••@example.no"; "+4791234567" → "+47•••567"."""
    if channel == "sms":
        return recipient[:3] + MASK + recipient[-3:] if len(recipient) > 6 else MASK
    local, at, domain = recipient.rpartition("@")
    return f"{local[:1]}{MASK}@{domain}" if at else MASK


def _shown(message: OutboxMessage) -> DeadMessage:
    masked = mask(message.channel, message.recipient)
    error = message.last_error.replace(message.recipient, masked) if message.recipient else message.last_error
    return DeadMessage(
        id=message.id,
        channel=message.channel,
        recipient=masked,
        subject=message.subject,
        created_at=message.created_at,
        dead_at=message.dead_at or message.created_at,
        attempts=message.attempts,
        error=error,
    )


def _dead() -> Select:
    return select(OutboxMessage).where(OutboxMessage.dead_at.is_not(None), OutboxMessage.sent_at.is_(None))


def dead_messages(limit: int = 200) -> list[DeadMessage]:
    query = _dead().order_by(OutboxMessage.dead_at.desc(), OutboxMessage.id.desc()).limit(limit)
    return [_shown(m) for m in db.session.scalars(query)]


def dead_count() -> int:
    return db.session.scalar(_dead().with_only_columns(db.func.count())) or 0


def _get_dead(message_id: int) -> OutboxMessage:
    message = db.session.scalar(_dead().where(OutboxMessage.id == message_id))
    if message is None:
        raise OutboxError(
            _("The message is not among those that could not be sent. Someone may have handled it already.")
        )
    return message


def retry(message_id: int, by_user_id: int) -> None:
    """Back in the queue, with a fresh count of tries; the sender takes it on its next run."""
    with atomic():
        message = _get_dead(message_id)
        message.dead_at, message.attempts, message.next_attempt_at = None, 0, utcnow()
    log.info("outbox message %s put back in the queue by user %s", message_id, by_user_id)


def retry_all(by_user_id: int) -> int:
    with atomic():
        result = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.dead_at.is_not(None), OutboxMessage.sent_at.is_(None))
            .values(dead_at=None, attempts=0, next_attempt_at=utcnow())
        )
    log.info("%s dead outbox messages put back in the queue by user %s", result.rowcount, by_user_id)
    return result.rowcount


def discard(message_id: int, by_user_id: int) -> None:
    """Deleted, body and all: it is not sent, and its personal data does not linger."""
    with atomic():
        db.session.delete(_get_dead(message_id))
    log.info("dead outbox message %s discarded by user %s", message_id, by_user_id)
