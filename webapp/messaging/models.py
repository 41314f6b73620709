"""A message to a group, and who it went to by which channel."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import User
from webapp.database import Base, utcnow
from webapp.enums import TitledEnum, one_of


class GroupKind(TitledEnum):
    OFFER = "offer", _l("Signed up for an offer")
    SESSION = "session", _l("Signed up for one session")
    WAITING = "waiting", _l("On the waiting list of an offer")
    ROLE = "role", _l("Volunteers in a role")
    AREA = "area", _l("Volunteers in an area")
    WEEK = "week", _l("Volunteers with a task this week")


# The groups an offer's editor may write to; a volunteer coordinator may write to every group.
OFFER_KINDS = (GroupKind.OFFER, GroupKind.SESSION, GroupKind.WAITING)


class Channel(TitledEnum):
    EMAIL = "email", _l("E-mail")
    SMS = "sms", _l("SMS")
    BOTH = "both", _l("E-mail and SMS")
    NONE = "none", _l("Cannot be reached")


class GroupMessage(Base):
    __tablename__ = "group_messages"
    __table_args__ = (one_of("group_kind", GroupKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    group_kind: Mapped[str] = mapped_column(String(20))
    group_key: Mapped[str] = mapped_column(String(60), default="")  # the offer, session, role or area
    group_title: Mapped[str] = mapped_column(String(300), default="")  # as the sender saw it
    subject: Mapped[str] = mapped_column(String(200))
    body_nb: Mapped[str] = mapped_column(Text, default="")
    body_nn: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    sender: Mapped[User | None] = relationship()
    recipients: Mapped[list[GroupMessageRecipient]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="GroupMessageRecipient.id"
    )

    @property
    def kind_title(self) -> str:
        return GroupKind(self.group_kind).title

    @property
    def reached(self) -> int:
        return sum(1 for r in self.recipients if r.channel != Channel.NONE)


class GroupMessageRecipient(Base):
    """One person in the group when the message went: by which channel, or that they could not be reached."""

    __tablename__ = "group_message_recipients"
    __table_args__ = (one_of("channel", Channel),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("group_messages.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    locale: Mapped[str] = mapped_column(String(5), default="nb")
    channel: Mapped[str] = mapped_column(String(10))

    message: Mapped[GroupMessage] = relationship(back_populates="recipients")

    @property
    def channel_title(self) -> str:
        return Channel(self.channel).title
