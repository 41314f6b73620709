"""Offers modelled on Open Referral HSDS 3.0: organization, service (= offer), location, schedule.

Texts live in nynorsk and bokmål side by side (`*_nn`, `*_nb`); `Localised.text(name)` picks the
reader's standard and falls back to the other one. Enum-like columns are strings validated here."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import Base, Timestamped, utcnow
from webapp.enums import TitledEnum, one_of
from webapp.municipalities.models import Municipality


def new_uuid() -> str:
    return str(uuid.uuid4())


class Localised:
    """Mixin: `text("title")` gives title_nn or title_nb in the reader's standard."""

    def text(self, name: str, locale: str | None = None) -> str:
        locale = locale or str(get_locale() or "nb")
        first, second = ("nn", "nb") if locale == "nn" else ("nb", "nn")
        return getattr(self, f"{name}_{first}") or getattr(self, f"{name}_{second}") or ""

    def fallback_lang(self, name: str) -> str:
        """The other standard's code when `text(name)` falls back to it, else "" (WCAG 3.1.2)."""
        locale = str(get_locale() or "nb")
        if getattr(self, f"{name}_{locale}", None):
            return ""
        return "nb" if locale == "nn" else "nn"


class Category(TitledEnum):
    TRAINING = "training", _l("Exercise group")
    WALKING = "walking", _l("Walking group")
    DANCE = "dance", _l("Seated dance")
    MEETING_PLACE = "meeting_place", _l("Meeting place")
    CAFE = "cafe", _l("Café")
    DAY_CENTRE = "day_centre", _l("Day centre")
    HEALTHY_LIFE = "healthy_life", _l("Healthy life centre course")
    RELATIVES = "relatives", _l("For relatives")
    DIGITAL = "digital", _l("Digital skills")
    MENTAL_HEALTH = "mental_health", _l("Mental health")


class Status(TitledEnum):
    ACTIVE = "active", _l("Active")
    NEW = "new", _l("New")
    PAUSED = "paused", _l("Paused for now")
    REESTABLISHING = "reestablishing", _l("Being started again")


class JoinMode(TitledEnum):
    DROP_IN = "drop_in", _l("Drop in, no sign-up")
    SIGN_UP = "sign_up", _l("Sign up")
    REFERRAL = "referral", _l("Needs a referral")
    DECISION = "decision", _l("Needs a decision from the allocation office")


class TargetGroup(TitledEnum):
    EVERYONE = "everyone", _l("Everyone")
    SENIORS = "seniors", _l("Older people living at home")
    DEMENTIA = "dementia", _l("People with dementia")
    RELATIVES = "relatives", _l("Relatives")
    MENTAL_HEALTH = "mental_health", _l("People with mental health problems")
    DISABILITIES = "disabilities", _l("People with disabilities")


class WalkingAid(TitledEnum):
    ANY = "any", _l("With or without a walking aid")
    WITHOUT = "without", _l("For those who do not use a walking aid")
    WITH = "with", _l("For those who use a walking aid")


class OrganizationKind(TitledEnum):
    MUNICIPALITY = "municipality", _l("The municipality")
    VOLUNTEER_CENTRE = "volunteer_centre", _l("Volunteer centre")
    RED_CROSS = "red_cross", _l("Red Cross")
    ASSOCIATION = "association", _l("Local association")


class StaircaseLevel(Localised, Base):
    """One step of a municipality's own staircase (meistringstrapp / innsatstrapp)."""

    __tablename__ = "staircase_levels"
    __table_args__ = (UniqueConstraint("municipality_id", "rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    title_nb: Mapped[str] = mapped_column(String(200))
    title_nn: Mapped[str] = mapped_column(String(200))
    description_nb: Mapped[str] = mapped_column(Text, default="")
    description_nn: Mapped[str] = mapped_column(Text, default="")
    needs_decision: Mapped[bool] = mapped_column(Boolean, default=False)


class Organization(Localised, Base):
    __tablename__ = "offer_organizations"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(30), default=OrganizationKind.MUNICIPALITY.value)
    description_nb: Mapped[str] = mapped_column(Text, default="")
    description_nn: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    website: Mapped[str] = mapped_column(String(300), default="")

    @property
    def kind_title(self) -> str:
        return OrganizationKind(self.kind).title


class Location(Localised, Base):
    __tablename__ = "offer_locations"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    place: Mapped[str] = mapped_column(String(80), default="")  # tettstad or grend, for the filter
    step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    hearing_loop: Mapped[bool] = mapped_column(Boolean, default=False)
    accessibility_nb: Mapped[str] = mapped_column(Text, default="")
    accessibility_nn: Mapped[str] = mapped_column(Text, default="")
    transport_nb: Mapped[str] = mapped_column(Text, default="")
    transport_nn: Mapped[str] = mapped_column(Text, default="")


class Offer(Localised, Timestamped, Base):
    """An HSDS service: an activity or offer a citizen can join."""

    __tablename__ = "offers"
    __table_args__ = (one_of("status", Status),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    open_to_region: Mapped[bool] = mapped_column(Boolean, default=False)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("offer_organizations.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("offer_locations.id"))
    staircase_level_id: Mapped[int | None] = mapped_column(ForeignKey("staircase_levels.id"))
    published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    category: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default=Status.ACTIVE.value)
    join_mode: Mapped[str] = mapped_column(String(20), default=JoinMode.DROP_IN.value)
    target_group: Mapped[str] = mapped_column(String(30), default=TargetGroup.EVERYONE.value)
    walking_aid: Mapped[str] = mapped_column(String(10), default=WalkingAid.ANY.value)
    title_nb: Mapped[str] = mapped_column(String(160), default="")
    title_nn: Mapped[str] = mapped_column(String(160), default="")
    description_nb: Mapped[str] = mapped_column(Text, default="")
    description_nn: Mapped[str] = mapped_column(Text, default="")
    eligibility_nb: Mapped[str] = mapped_column(Text, default="")
    eligibility_nn: Mapped[str] = mapped_column(Text, default="")
    price_nok: Mapped[int] = mapped_column(Integer, default=0)
    price_note_nb: Mapped[str] = mapped_column(String(200), default="")
    price_note_nn: Mapped[str] = mapped_column(String(200), default="")
    languages: Mapped[str] = mapped_column(String(40), default="nn,nb")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Folded, nn→nb-normalised text for search, computed on save (see offers.search).
    search_text: Mapped[str] = mapped_column(Text, default="")
    search_title: Mapped[str] = mapped_column(String(400), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    municipality: Mapped[Municipality] = relationship()
    organization: Mapped[Organization | None] = relationship(lazy="joined")
    location: Mapped[Location | None] = relationship(lazy="joined")
    staircase_level: Mapped[StaircaseLevel | None] = relationship(lazy="joined")
    schedule: Mapped[Schedule | None] = relationship(
        back_populates="offer", cascade="all, delete-orphan", uselist=False, lazy="joined"
    )

    @property
    def is_free(self) -> bool:
        return self.price_nok == 0

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    @property
    def takes_sign_ups(self) -> bool:
        return self.join_mode == JoinMode.SIGN_UP and self.status != Status.PAUSED

    def missing_texts(self) -> list[str]:
        """Names of the required text fields that are empty, e.g. ['title_nn']."""
        return [
            f"{name}_{lang}"
            for name in ("title", "description")
            for lang in ("nn", "nb")
            if not (getattr(self, f"{name}_{lang}") or "").strip()
        ]


class Schedule(Base):
    """When an offer meets: an RFC 5545 RRULE from a first date, in Europe/Oslo wall time."""

    __tablename__ = "offer_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), unique=True)
    rrule: Mapped[str] = mapped_column(String(300))  # e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU
    dtstart: Mapped[date] = mapped_column(Date)
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)
    until: Mapped[date | None] = mapped_column(Date)
    weekdays: Mapped[str] = mapped_column(String(30), default="")  # "TU,TH": for the filter
    exdates: Mapped[str] = mapped_column(Text, default="")  # ISO dates, comma separated
    skip_public_holidays: Mapped[bool] = mapped_column(Boolean, default=True)

    offer: Mapped[Offer] = relationship(back_populates="schedule")

    @property
    def exception_dates(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.exdates.split(",") if d.strip()]


class SignUpStatus(TitledEnum):
    CONFIRMED = "confirmed", _l("Signed up")
    WAITING = "waiting", _l("On the waiting list")
    CANCELLED = "cancelled", _l("Sign-up cancelled")


class OfferSession(Base):
    """One meeting of an offer, created when someone signs up for it alone."""

    __tablename__ = "offer_sessions"
    __table_args__ = (UniqueConstraint("offer_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    drop_ins: Mapped[int | None] = mapped_column(Integer)  # came without signing up; None: not counted


class Attendance(Base):
    """Whether one signed-up person came to one session, as marked on the attendance list."""

    __tablename__ = "offer_attendance"
    __table_args__ = (UniqueConstraint("session_id", "signup_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("offer_sessions.id", ondelete="CASCADE"), index=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("offer_signups.id", ondelete="CASCADE"), index=True)
    present: Mapped[bool] = mapped_column(Boolean, default=False)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignUp(Timestamped, Base):
    """A place (or a place on the waiting list) for the whole series (session_id NULL) or one session."""

    __tablename__ = "offer_signups"
    __table_args__ = (one_of("status", SignUpStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("offer_sessions.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    locale: Mapped[str] = mapped_column(String(5), default="nb")
    status: Mapped[str] = mapped_column(String(12), index=True)
    needs_escort: Mapped[bool] = mapped_column(Boolean, default=False)
    promoted_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    # A keyed hash of the network address it came from: organisers see many sign-ups from one place.
    client_hash: Mapped[str] = mapped_column(String(16), default="", server_default="")

    offer: Mapped[Offer] = relationship()
    session: Mapped[OfferSession | None] = relationship()

    @property
    def status_title(self) -> str:
        return SignUpStatus(self.status).title

    @property
    def is_confirmed(self) -> bool:
        return self.status == SignUpStatus.CONFIRMED


class EscortRequest(Timestamped, Base):
    """ "I need someone to come with me / transport", ticked at sign-up. Volunteers turn it into a task."""

    __tablename__ = "offer_escort_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("offer_signups.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    starts_at: Mapped[datetime]
    needs_transport: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(500), default="")


class FeedItem(Base):
    """One item of the OpenActive RPDE feeds (webapp.offers.openactive): a session series (an
    offer) or one scheduled session, as last published. `modified` grows on every change, and an
    item that is gone stays as a tombstone (state "deleted", no data) so that readers learn of it."""

    __tablename__ = "offer_feed_items"
    __table_args__ = (
        UniqueConstraint("kind", "item_id"),
        Index("ix_offer_feed_items_feed", "municipality_id", "kind", "modified", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # SessionSeries or ScheduledSession
    item_id: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(10))  # updated or deleted
    modified: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[str | None] = mapped_column(Text)  # the JSON-LD, None when deleted
