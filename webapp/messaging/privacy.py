"""Messaging's part of what the service holds about a person (see `webapp.personal_data`): the
messages to groups they were in, and those they wrote.

On erasure the person leaves the recipient lists, a message they wrote no longer names its
writer, and their name, address or number in a message's text becomes ***."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select

from webapp.extensions import db
from webapp.messaging.models import GroupMessage, GroupMessageRecipient
from webapp.personal_data import Part, Traces

ERASED = "***"
TEXTS = ("subject", "body_nb", "body_nn")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _message(message: GroupMessage) -> dict[str, Any]:
    return {
        "group": message.group_title,
        "subject": message.subject,
        "body_nb": message.body_nb,
        "body_nn": message.body_nn,
        "sent_at": _iso(message.sent_at),
    }


def export(user: Any) -> dict[str, Any]:
    received = db.session.execute(
        select(GroupMessage, GroupMessageRecipient.channel)
        .join(GroupMessageRecipient, GroupMessageRecipient.message_id == GroupMessage.id)
        .where(GroupMessageRecipient.user_id == user.id)
        .order_by(GroupMessage.sent_at, GroupMessage.id)
    )
    written = db.session.scalars(
        select(GroupMessage).where(GroupMessage.sender_id == user.id).order_by(GroupMessage.sent_at, GroupMessage.id)
    )
    return {
        "received": [{**_message(m), "channel": channel} for m, channel in received],
        "written": [{**_message(m), "recipients": len(m.recipients)} for m in written],
    }


def erase(user: Any, traces: Traces) -> None:
    db.session.execute(
        # Also the rows from sign-ups made without logging in, under a name the person has used.
        delete(GroupMessageRecipient).where(
            or_(
                GroupMessageRecipient.user_id == user.id,
                GroupMessageRecipient.user_id.is_(None) & GroupMessageRecipient.name.in_(sorted(traces) or [""]),
            )
        ),
        execution_options={"synchronize_session": False},
    )
    for message in db.session.scalars(select(GroupMessage).where(GroupMessage.sender_id == user.id)):
        message.sender_id = None
    words = sorted({t for t in traces if len(t) >= 3}, key=len, reverse=True)
    if words:
        mentions = or_(
            *(getattr(GroupMessage, column).icontains(w, autoescape=True) for w in words for column in TEXTS)
        )
        for message in db.session.scalars(select(GroupMessage).where(mentions)):
            for column in TEXTS:
                text = getattr(message, column)
                for word in words:
                    text = _replace(text, word)
                setattr(message, column, text)
    db.session.flush()


def _replace(text: str, word: str) -> str:
    lowered, needle, out, start = text.lower(), word.lower(), [], 0
    while (found := lowered.find(needle, start)) >= 0:
        out += [text[start:found], ERASED]
        start = found + len(word)
    return "".join([*out, text[start:]])


PART = Part(
    "group_messages",
    export=export,
    erase=erase,
    tables=("group_messages", "group_message_recipients"),
)
