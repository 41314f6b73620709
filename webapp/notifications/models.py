from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.database import Base, utcnow


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), default="email")
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(250))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None]
    dead_at: Mapped[datetime | None]  # given up on after too many failures; an administrator decides


class ContactPreference(Base):
    """How a person wants to hear from us. Messages the law requires go out regardless.

    Someone who has not chosen gets `DEFAULTS`: e-mail, SMS and reminders all on."""

    DEFAULTS: ClassVar[dict[str, bool]] = {"email": True, "sms": True, "reminders": True}

    __tablename__ = "contact_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[bool] = mapped_column(default=DEFAULTS["email"])
    sms: Mapped[bool] = mapped_column(default=DEFAULTS["sms"])
    reminders: Mapped[bool] = mapped_column(default=DEFAULTS["reminders"])
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SentReminder(Base):
    """One row per reminder sent, so a reminder never goes out twice."""

    __tablename__ = "sent_reminders"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
