"""What staff did on a person's behalf, for someone who phoned in."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import User
from webapp.database import Base, utcnow
from webapp.enums import TitledEnum, one_of


class AssistedKind(TitledEnum):
    REGISTERED = "registered", _l("Registered you")
    OFFER_SIGNUP = "offer_signup", _l("Signed you up for an offer")
    VOLUNTEER = "volunteer", _l("Registered you as a volunteer")
    RESPITE_BOOKING = "respite_booking", _l("Booked a respite stay")


class AssistedChannel(TitledEnum):
    PHONE = "phone", _l("by phone")


class AssistedAction(Base):
    """One action a coordinator or the allocation office took for the person, and how they were
    asked. `subject_id` is the sign-up, volunteer or booking it made (in the table `kind` names)."""

    __tablename__ = "assisted_actions"
    __table_args__ = (one_of("kind", AssistedKind), one_of("channel", AssistedChannel))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Who acted; None once that account is gone (the person still sees that it was done for them).
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10), default=AssistedChannel.PHONE.value)
    subject_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(String(200), default="")  # e.g. the offer's title, the stay's dates
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    staff: Mapped[User | None] = relationship(foreign_keys=[staff_id])

    @property
    def kind_title(self) -> str:
        return AssistedKind(self.kind).title

    @property
    def channel_title(self) -> str:
        return AssistedChannel(self.channel).title
