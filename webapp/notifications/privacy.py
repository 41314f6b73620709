"""Notifications' part of what the service holds about a person (see `webapp.personal_data`):
how they want to hear from us, the messages sent to them, and their name in messages to others."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import delete, func, or_, select

from webapp import personal_data
from webapp.extensions import db
from webapp.notifications.models import ContactPreference, OutboxMessage
from webapp.notifications.sms import normalise_number
from webapp.personal_data import Part, Traces

ERASED = "***"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _variants(trace: str) -> set[str]:
    """A trace as it may stand in a message: a number also without spaces and as +47…."""
    found = {trace}
    if normalise_number(trace):
        compact = re.sub(r"[\s().-]", "", trace)
        found |= {compact, normalise_number(trace) or "", compact[-8:]}
    return {v for v in found if len(v) >= 3}


def _addresses(traces: Traces) -> set[str]:
    """Where messages to the person went: their e-mail addresses and mobile numbers."""
    return {t.lower() for t in traces if "@" in t} | {n for t in traces if (n := normalise_number(t))}


def _to_them(traces: Traces):
    return func.lower(OutboxMessage.recipient).in_(_addresses(traces) or {""})


def export(user: Any) -> dict[str, Any]:
    preference = db.session.get(ContactPreference, user.id)
    messages = db.session.scalars(
        select(OutboxMessage)
        .where(_to_them(personal_data.traces_of(user)))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return {
        "contact_preferences": {"email": preference.email, "sms": preference.sms, "reminders": preference.reminders}
        if preference
        else None,
        "messages": [
            {
                "channel": m.channel,
                "to": m.recipient,
                "subject": m.subject,
                "body": m.body,
                "queued_at": _iso(m.created_at),
                "sent_at": _iso(m.sent_at),
            }
            for m in messages
        ],
    }


def erase(user: Any, traces: Traces) -> None:
    """Drop the preferences and every message to the person (a message not yet sent has nobody to
    go to any more); in messages to others, put *** for the person's name, address and number."""
    db.session.execute(delete(ContactPreference).where(ContactPreference.user_id == user.id))
    db.session.execute(delete(OutboxMessage).where(_to_them(traces)), execution_options={"synchronize_session": False})
    variants = sorted({v for t in traces for v in _variants(t)}, key=len, reverse=True)
    if not variants:
        return
    patterns = [re.compile(rf"(?<!\w){re.escape(v)}(?!\w)", re.IGNORECASE) for v in variants]
    mentions = or_(
        *(
            column.icontains(v, autoescape=True)
            for v in variants
            for column in (OutboxMessage.subject, OutboxMessage.body)
        )
    )
    for message in db.session.scalars(select(OutboxMessage).where(mentions)):
        for pattern in patterns:
            message.subject = pattern.sub(ERASED, message.subject)
            message.body = pattern.sub(ERASED, message.body)
    db.session.flush()


PART = Part(
    "messages",
    export=export,
    erase=erase,
    tables=("outbox_messages", "contact_preferences"),
    not_personal={"sent_reminders": "Which reminders went out, by the ids of what they were about."},
)
