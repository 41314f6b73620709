"""Respite (avlasting/avlastning): units' capacity, decisions, bookings, applications, audit log.

This is health data. No other domain reads these models; they go through respite's services."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Column, ColumnElement, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import User
from webapp.database import Base, Timestamped, utcnow
from webapp.enums import TitledEnum, one_of
from webapp.municipalities.models import Unit


class RespiteKind(TitledEnum):
    INSTITUTION = "institution", _l("Stay at a care home or health centre")
    DAY = "day", _l("Day respite at a day centre")
    HOME = "home", _l("Respite in the home")
    CHILD_HOME = "child_home", _l("Respite home for children and young people")

    @property
    def counts_nights(self) -> bool:
        return self in (RespiteKind.INSTITUTION, RespiteKind.CHILD_HOME)


class QuotaUnit(enum.StrEnum):
    NIGHTS = "nights"
    DAYS = "days"
    WEEKENDS = "weekends"


class PeriodKind(enum.StrEnum):
    ROLLING = "rolling"  # repeating blocks of N days from the decision's first day
    MONTH = "month"  # calendar months


class DecisionStatus(enum.StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class BookingStatus(TitledEnum):
    PENDING = "pending", _l("Waiting for approval")
    CONFIRMED = "confirmed", _l("Confirmed")
    DECLINED = "declined", _l("Declined")
    CANCELLED = "cancelled", _l("Cancelled")


ACTIVE_BOOKING = (BookingStatus.PENDING.value, BookingStatus.CONFIRMED.value)


class WaitStatus(enum.StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    LEFT = "left"


class ApplicationStatus(TitledEnum):
    RECEIVED = "received", _l("Received")
    IN_REVIEW = "in_review", _l("Being considered")
    GRANTED = "granted", _l("Granted")
    REJECTED = "rejected", _l("Not granted")
    WITHDRAWN = "withdrawn", _l("Withdrawn")


OPEN_APPLICATION = (ApplicationStatus.RECEIVED.value, ApplicationStatus.IN_REVIEW.value)


class RespiteUnit(Base):
    """Respite data of a foundation unit (care home, respite home, day centre)."""

    __tablename__ = "respite_units"
    __table_args__ = (one_of("kind", RespiteKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254), default="")

    unit: Mapped[Unit] = relationship(lazy="joined")
    capacities: Mapped[list[CapacityPeriod]] = relationship(
        back_populates="respite_unit",
        order_by="CapacityPeriod.valid_from",
        cascade="all, delete-orphan",
    )
    closures: Mapped[list[ClosedPeriod]] = relationship(order_by="ClosedPeriod.start", cascade="all, delete-orphan")

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def kind_title(self) -> str:
        return RespiteKind(self.kind).title

    @property
    def counts_nights(self) -> bool:
        return RespiteKind(self.kind).counts_nights


class CapacityPeriod(Base):
    """From `valid_from` the unit has `places` per night (or per day), until a later period."""

    __tablename__ = "respite_capacity_periods"
    __table_args__ = (UniqueConstraint("respite_unit_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    respite_unit_id: Mapped[int] = mapped_column(ForeignKey("respite_units.id", ondelete="CASCADE"))
    valid_from: Mapped[date]
    places: Mapped[int]
    note: Mapped[str] = mapped_column(String(200), default="")

    respite_unit: Mapped[RespiteUnit] = relationship(back_populates="capacities")


class ClosedPeriod(Base):
    __tablename__ = "respite_closed_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    respite_unit_id: Mapped[int] = mapped_column(ForeignKey("respite_units.id", ondelete="CASCADE"), index=True)
    start: Mapped[date]
    end: Mapped[date]  # inclusive
    reason: Mapped[str] = mapped_column(String(200), default="")


class StaffUnit(Base):
    """Which units a unit-staff user works at (they see only those)."""

    __tablename__ = "respite_staff_units"
    __table_args__ = (UniqueConstraint("user_id", "respite_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    respite_unit_id: Mapped[int] = mapped_column(ForeignKey("respite_units.id", ondelete="CASCADE"))


class SchoolHoliday(Base):
    __tablename__ = "respite_school_holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    start: Mapped[date]
    end: Mapped[date]  # inclusive


class CareReceiver(Timestamped, Base):
    """The person cared for. Least data: no diagnosis; the national identity number, when the
    office registers it, only as a keyed hash and its last five digits (shown masked to the office)."""

    __tablename__ = "respite_care_receivers"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int]
    pid_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    pid_tail: Mapped[str | None] = mapped_column(String(5))


decision_units = Table(
    "respite_decision_units",
    Base.metadata,
    Column("decision_id", ForeignKey("respite_decisions.id", ondelete="CASCADE"), primary_key=True),
    Column("respite_unit_id", ForeignKey("respite_units.id", ondelete="CASCADE"), primary_key=True),
)


class Decision(Timestamped, Base):
    """A vedtak: how much respite the person cared for has, where, and for which period."""

    __tablename__ = "respite_decisions"
    __table_args__ = (one_of("kind", RespiteKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    care_receiver_id: Mapped[int] = mapped_column(ForeignKey("respite_care_receivers.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("respite_applications.id"))
    kind: Mapped[str] = mapped_column(String(20))
    quota_amount: Mapped[int]
    quota_unit: Mapped[str] = mapped_column(String(10), default=QuotaUnit.NIGHTS.value)
    period_kind: Mapped[str] = mapped_column(String(10), default=PeriodKind.ROLLING.value)
    period_days: Mapped[int] = mapped_column(default=28)
    valid_from: Mapped[date]
    valid_to: Mapped[date]
    horizon_days: Mapped[int] = mapped_column(default=90)
    cancel_hours: Mapped[int] = mapped_column(default=48)
    max_stay: Mapped[int] = mapped_column(default=7)
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    weekend_cap: Mapped[int | None]
    holiday_cap: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(10), default=DecisionStatus.ACTIVE.value)
    changed_at: Mapped[datetime | None]

    care_receiver: Mapped[CareReceiver] = relationship(lazy="joined")
    units: Mapped[list[RespiteUnit]] = relationship(secondary=decision_units, order_by="RespiteUnit.id")
    relatives: Mapped[list[DecisionRelative]] = relationship(back_populates="decision", cascade="all, delete-orphan")

    @property
    def counts_nights(self) -> bool:
        return RespiteKind(self.kind).counts_nights

    @property
    def is_active(self) -> bool:
        return self.status == DecisionStatus.ACTIVE


class DecisionRelative(Base):
    """A relative allowed to book for the person cared for, with the consent that allows it."""

    __tablename__ = "respite_decision_relatives"
    __table_args__ = (UniqueConstraint("decision_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("respite_decisions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    consent_given_by: Mapped[str] = mapped_column(String(120))
    consent_date: Mapped[date]
    consent_method: Mapped[str] = mapped_column(String(20))
    # The last five digits of the identity number the office registered the relative by.
    pid_tail: Mapped[str | None] = mapped_column(String(5))

    decision: Mapped[Decision] = relationship(back_populates="relatives")
    user: Mapped[User] = relationship()


class Booking(Timestamped, Base):
    """A stay from arrival to departure. Nights count arrival..departure-1; days count every day
    from arrival to departure."""

    __tablename__ = "respite_bookings"
    __table_args__ = (
        Index("ix_respite_bookings_unit_dates", "respite_unit_id", "arrival", "departure"),
        one_of("status", BookingStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("respite_decisions.id"), index=True)
    respite_unit_id: Mapped[int] = mapped_column(ForeignKey("respite_units.id"))
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    arrival: Mapped[date]
    departure: Mapped[date]
    status: Mapped[str] = mapped_column(String(12), default=BookingStatus.CONFIRMED.value)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    # Cancelled after the deadline: the place is free again, but the quota is still used.
    late_cancel: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    decision: Mapped[Decision] = relationship()
    respite_unit: Mapped[RespiteUnit] = relationship()
    booked_by: Mapped[User | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKING

    @property
    def is_pending(self) -> bool:
        return self.status == BookingStatus.PENDING

    @property
    def status_title(self) -> str:
        return BookingStatus(self.status).title


class WaitingListEntry(Timestamped, Base):
    __tablename__ = "respite_waiting_list"
    __table_args__ = (
        Index("ix_respite_waiting_unit_day", "respite_unit_id", "day", "status"),
        one_of("status", WaitStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("respite_decisions.id"), index=True)
    respite_unit_id: Mapped[int] = mapped_column(ForeignKey("respite_units.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date]
    status: Mapped[str] = mapped_column(String(10), default=WaitStatus.WAITING.value)
    offered_at: Mapped[datetime | None]
    offer_expires_at: Mapped[datetime | None]

    decision: Mapped[Decision] = relationship()
    respite_unit: Mapped[RespiteUnit] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_offered(self) -> bool:
        return self.status == WaitStatus.OFFERED

    @classmethod
    def open_offer(cls, now: datetime) -> ColumnElement[bool]:
        """An offered place whose time is not up: it holds the place, even before the hourly job
        closes the ones that ran out."""
        return (cls.status == WaitStatus.OFFERED) & (cls.offer_expires_at > now)


class Application(Timestamped, Base):
    """A søknad about respite. Plain questions about the care work; no medical record."""

    __tablename__ = "respite_applications"
    __table_args__ = (one_of("status", ApplicationStatus), one_of("kind_wanted", RespiteKind))

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    receiver_name: Mapped[str] = mapped_column(String(120))
    receiver_birth_year: Mapped[int]
    relation: Mapped[str] = mapped_column(String(80))
    care_work: Mapped[str] = mapped_column(Text, default="")
    hours_per_week: Mapped[str] = mapped_column(String(20), default="")
    what_would_help: Mapped[str] = mapped_column(Text, default="")
    kind_wanted: Mapped[str] = mapped_column(String(20))
    consent: Mapped[str] = mapped_column(String(20))
    consent_by: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(12), default=ApplicationStatus.RECEIVED.value)

    applicant: Mapped[User | None] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(order_by="ApplicationEvent.id", cascade="all, delete-orphan")

    @property
    def status_title(self) -> str:
        return ApplicationStatus(self.status).title

    @property
    def kind_title(self) -> str:
        return RespiteKind(self.kind_wanted).title

    @property
    def is_open(self) -> bool:
        """Received or being considered: not yet decided or withdrawn."""
        return self.status in OPEN_APPLICATION


class ApplicationEvent(Base):
    __tablename__ = "respite_application_events"
    __table_args__ = (one_of("status", ApplicationStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("respite_applications.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(500), default="")

    @property
    def status_title(self) -> str:
        return ApplicationStatus(self.status).title


class AuditEntry(Base):
    """A staff read of a person's respite data: who, whom, what, when, why."""

    __tablename__ = "respite_audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    care_receiver_id: Mapped[int | None] = mapped_column(ForeignKey("respite_care_receivers.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("respite_applications.id"), index=True)
    what: Mapped[str] = mapped_column(String(40))
    why: Mapped[str] = mapped_column(String(200), default="")

    actor: Mapped[User | None] = relationship()


class StayReconfirmation(Base):
    """The relative's answer to the re-confirmation of a stay."""

    __tablename__ = "respite_reconfirmations"

    booking_id: Mapped[int] = mapped_column(ForeignKey("respite_bookings.id", ondelete="CASCADE"), primary_key=True)
    answer: Mapped[str] = mapped_column(String(10))  # "confirmed" or "cancelled"
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
