"""Volunteers, their onboarding, tasks (oppdrag), assignments, interest and hours.

Enumerations are stored as strings and checked in Python, so a new value needs no migration."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import User
from webapp.database import Base, Timestamped, utcnow
from webapp.enums import TitledEnum, one_of
from webapp.municipalities.models import Municipality, Unit


class VolunteerStatus(TitledEnum):
    PENDING = "pending", _l("Waiting for a talk")
    ONBOARDING = "onboarding", _l("Starting up")
    APPROVED = "approved", _l("Approved")
    PAUSED = "paused", _l("Paused")
    LEFT = "left", _l("Left")


class Wants(TitledEnum):
    STANDING = "standing", _l("Standing tasks")
    ONE_OFF = "one_off", _l("One-off tasks")
    BOTH = "both", _l("Both")


class TaskKind(TitledEnum):
    STANDING = "standing", _l("Standing task, every week")
    ONE_OFF = "one_off", _l("One-off task")
    OFFER_HELPER = "offer_helper", _l("Helper at an offer")


class TaskStatus(TitledEnum):
    OPEN = "open", _l("Open")
    FILLED = "filled", _l("Taken")
    DONE = "done", _l("Done")
    CANCELLED = "cancelled", _l("Called off")


class AssignmentState(TitledEnum):
    DRAFT = "draft", _l("Suggested")  # suggested by the weekly batch, not yet sent
    PROPOSED = "proposed", _l("Asked, waiting for an answer")
    ACCEPTED = "accepted", _l("Accepted")
    DECLINED = "declined", _l("Declined")
    CONFIRMED = "confirmed", _l("Confirmed")


ACTIVE_ASSIGNMENT = (AssignmentState.ACCEPTED, AssignmentState.CONFIRMED)
# Asked, or has the task: busy at that time, told of changes, and the task is not offered to others.
ASKED_OR_ACTIVE = (AssignmentState.PROPOSED, *ACTIVE_ASSIGNMENT)


class HourStatus(TitledEnum):
    PENDING = "pending", _l("Waiting")
    APPROVED = "approved", _l("Approved")
    REJECTED = "rejected", _l("Not approved")


class VolunteerRole(Base):
    """A kind of work the frivilligsentral needs, with its name in both standards."""

    __tablename__ = "volunteer_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_nb: Mapped[str] = mapped_column(String(80))
    name_nn: Mapped[str] = mapped_column(String(80))
    # Only work with minors or people with intellectual disabilities may demand a politiattest.
    needs_politiattest: Mapped[bool] = mapped_column(Boolean, default=False)
    sort: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def name(self) -> str:
        return self.name_nn if str(get_locale()) == "nn" else self.name_nb


class Place(Base):
    """A tettstad or grend with approximate coordinates, for distances."""

    __tablename__ = "volunteer_places"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)


class Volunteer(Timestamped, Base):
    __tablename__ = "volunteers"
    __table_args__ = (UniqueConstraint("user_id", "municipality_id"), one_of("status", VolunteerStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    status: Mapped[str] = mapped_column(String(20), default=VolunteerStatus.PENDING)
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[str] = mapped_column(String(500), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("volunteer_places.id"))
    max_travel_km: Mapped[int] = mapped_column(Integer, default=10)
    has_car: Mapped[bool] = mapped_column(Boolean, default=False)
    has_licence: Mapped[bool] = mapped_column(Boolean, default=False)
    wants: Mapped[str] = mapped_column(String(20), default=Wants.BOTH)
    tasks_per_week: Mapped[int] = mapped_column(Integer, default=2)
    birth_year: Mapped[int] = mapped_column(Integer)
    guardian_name: Mapped[str] = mapped_column(String(120), default="")
    guardian_consent_at: Mapped[datetime | None]
    consent_at: Mapped[datetime]
    intro_done_on: Mapped[date | None]
    intro_done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    declaration_version: Mapped[str] = mapped_column(String(20), default="")
    declaration_signed_at: Mapped[datetime | None]
    # That a politiattest was shown, by whom and when: never the document itself.
    politiattest_seen_on: Mapped[date | None]
    politiattest_seen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    left_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    municipality: Mapped[Municipality] = relationship()
    unit: Mapped[Unit] = relationship()
    place: Mapped[Place | None] = relationship()
    intro_done_by: Mapped[User | None] = relationship(foreign_keys=[intro_done_by_id])
    politiattest_seen_by: Mapped[User | None] = relationship(foreign_keys=[politiattest_seen_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    slots: Mapped[list[AvailabilitySlot]] = relationship(
        cascade="all, delete-orphan", order_by="(AvailabilitySlot.weekday, AvailabilitySlot.start_minute)"
    )
    exceptions: Mapped[list[AvailabilityException]] = relationship(
        cascade="all, delete-orphan", order_by="AvailabilityException.start_date"
    )

    @property
    def status_title(self) -> str:
        return VolunteerStatus(self.status).title

    @property
    def has_left(self) -> bool:
        return self.status == VolunteerStatus.LEFT

    @property
    def is_approved(self) -> bool:
        return self.status == VolunteerStatus.APPROVED

    @property
    def is_paused(self) -> bool:
        return self.status == VolunteerStatus.PAUSED

    @property
    def can_show_interest(self) -> bool:
        """Pending, starting up or approved: may say yes to tasks (not paused, not left)."""
        return self.status in (VolunteerStatus.APPROVED, VolunteerStatus.ONBOARDING, VolunteerStatus.PENDING)

    @property
    def has_politiattest(self) -> bool:
        return self.politiattest_seen_on is not None


class AvailabilitySlot(Base):
    """A weekly window: weekday 0 = Monday, minutes after midnight, local time."""

    __tablename__ = "volunteer_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    start_minute: Mapped[int] = mapped_column(Integer)
    end_minute: Mapped[int] = mapped_column(Integer)


class AvailabilityException(Base):
    """Dates the volunteer is away (holiday), both ends included."""

    __tablename__ = "volunteer_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date]


class Task(Timestamped, Base):
    """An oppdrag. The person helped is described only as far as a volunteer needs to know."""

    __tablename__ = "volunteer_tasks"
    __table_args__ = (
        one_of("kind", TaskKind),
        one_of("status", TaskStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    role_code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(160))
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.OPEN)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("volunteer_places.id"))
    address: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    repeat_until: Mapped[date | None]  # standing tasks repeat weekly until this date
    needs_politiattest: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_car: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(10), default="")
    language_required: Mapped[bool] = mapped_column(Boolean, default=False)
    person_name: Mapped[str] = mapped_column(String(120), default="")
    person_phone: Mapped[str] = mapped_column(String(30), default="")
    need_to_know: Mapped[str] = mapped_column(Text, default="")
    # The same person helped again, for continuity; never shown.
    person_ref: Mapped[str] = mapped_column(String(160), default="", index=True)
    offer_ref: Mapped[str] = mapped_column(String(60), default="")
    escort_request_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Approved volunteers who meet the requirements may take it themselves (claims.py).
    open_to_claim: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Volunteers of the region's sharing partners may be asked for it, or take it (tasks.sharing_partners).
    shared_with_region: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    municipality: Mapped[Municipality] = relationship()
    place: Mapped[Place | None] = relationship()
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Assignment.id"
    )

    @property
    def kind_title(self) -> str:
        return TaskKind(self.kind).title

    @property
    def title_of_status(self) -> str:
        return TaskStatus(self.status).title

    @property
    def is_standing(self) -> bool:
        return self.kind == TaskKind.STANDING

    @property
    def is_offer_helper(self) -> bool:
        return self.kind == TaskKind.OFFER_HELPER

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    @property
    def can_change(self) -> bool:
        """Open or taken: not yet done or called off."""
        return self.status in (TaskStatus.OPEN, TaskStatus.FILLED)


class Assignment(Timestamped, Base):
    __tablename__ = "volunteer_assignments"
    __table_args__ = (one_of("state", AssignmentState),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("volunteer_tasks.id", ondelete="CASCADE"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    state: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float, default=0)
    proposed_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    # The volunteer cannot come and asked for a substitute; they keep the task until one takes it.
    substitute_sought_at: Mapped[datetime | None]
    # Taken over by a substitute (the state is then "declined").
    released_at: Mapped[datetime | None]

    task: Mapped[Task] = relationship(back_populates="assignments")
    volunteer: Mapped[Volunteer] = relationship()

    @property
    def state_title(self) -> str:
        return AssignmentState(self.state).title

    @property
    def is_draft(self) -> bool:
        return self.state == AssignmentState.DRAFT

    @property
    def can_confirm(self) -> bool:
        return self.state == AssignmentState.ACCEPTED

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_ASSIGNMENT

    @property
    def seeks_substitute(self) -> bool:
        return self.is_active and self.substitute_sought_at is not None


class Interest(Timestamped, Base):
    """ "Meld interesse" for a task or a role; the answer time is tracked."""

    __tablename__ = "volunteer_interests"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("volunteer_tasks.id", ondelete="CASCADE"))
    role_code: Mapped[str] = mapped_column(String(40), default="")
    message: Mapped[str] = mapped_column(String(500), default="")
    answered_at: Mapped[datetime | None]
    answer: Mapped[str] = mapped_column(String(20), default="")  # yes / no
    reminded_at: Mapped[datetime | None]

    volunteer: Mapped[Volunteer] = relationship()
    task: Mapped[Task | None] = relationship()


class HourLog(Timestamped, Base):
    __tablename__ = "volunteer_hours"
    __table_args__ = (one_of("status", HourStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("volunteer_tasks.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    minutes: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default=HourStatus.PENDING)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    volunteer: Mapped[Volunteer] = relationship()
    task: Mapped[Task] = relationship()

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def title_of_status(self) -> str:
        return HourStatus(self.status).title


class RenewalRule(Base):
    """How many months a politiattest and a signed confidentiality declaration hold, as the
    frivilligsentral of a municipality has set it (no row: `DEFAULT_MONTHS` in renewals.py)."""

    __tablename__ = "volunteer_renewal_rules"

    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)
    politiattest_months: Mapped[int] = mapped_column(Integer)
    declaration_months: Mapped[int] = mapped_column(Integer)


class Attendance(Base):
    """Whether the volunteer came to one time of a task, as the coordinator marked it. Only
    coordinators see it; a no-show lowers the ranking a little (matching.WEIGHTS["no_shows"])."""

    __tablename__ = "volunteer_attendance"
    __table_args__ = (UniqueConstraint("assignment_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("volunteer_assignments.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    came: Mapped[bool] = mapped_column(Boolean)
    marked_at: Mapped[datetime]
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    assignment: Mapped[Assignment] = relationship()


class TaskReconfirmation(Base):
    """The volunteer's answer for one day of a standing task."""

    __tablename__ = "volunteer_reconfirmations"

    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer_assignments.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    answer: Mapped[str] = mapped_column(String(10))  # "confirmed" or "cancelled"
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    assignment: Mapped[Assignment] = relationship()


class ExpenseKind(TitledEnum):
    MILEAGE = "mileage", _l("Driving")
    EXPENSE = "expense", _l("Expense")


class ExpenseLine(Timestamped, Base):
    """Kilometres driven or money spent for a task the volunteer had, for the coordinator to
    approve and the municipality's payroll to pay (expenses.py). Amounts in øre."""

    __tablename__ = "volunteer_expenses"
    __table_args__ = (one_of("kind", ExpenseKind), one_of("status", HourStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("volunteer_tasks.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    day: Mapped[date]
    km: Mapped[float] = mapped_column(Float, default=0)
    rate_ore: Mapped[int] = mapped_column(Integer, default=0)  # per km, as set when logged
    amount_ore: Mapped[int] = mapped_column(Integer)
    from_place: Mapped[str] = mapped_column(String(120), default="")
    to_place: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(String(300), default="")  # the route, or what the money was for
    status: Mapped[str] = mapped_column(String(20), default=HourStatus.PENDING)
    reason: Mapped[str] = mapped_column(String(300), default="")  # why it was not approved
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    exported_at: Mapped[datetime | None] = mapped_column(index=True)

    volunteer: Mapped[Volunteer] = relationship()
    task: Mapped[Task] = relationship()
    decided_by: Mapped[User | None] = relationship()

    @property
    def title_of_status(self) -> str:
        return HourStatus(self.status).title

    @property
    def title_of_kind(self) -> str:
        return ExpenseKind(self.kind).title

    @property
    def is_mileage(self) -> bool:
        return self.kind == ExpenseKind.MILEAGE


class ExpenseRule(Base):
    """The municipality's rate per kilometre (no row: `DEFAULT_KM_RATE_ORE` in expenses.py)."""

    __tablename__ = "volunteer_expense_rules"

    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)
    km_rate_ore: Mapped[int] = mapped_column(Integer)
