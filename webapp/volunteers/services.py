"""Volunteers: signing up, onboarding, pausing, leaving and their own data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp import clock
from webapp.accounts.models import Role, RoleGrant, User
from webapp.accounts.services import grant_role
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.models import Municipality, Unit, UnitKind
from webapp.municipalities.services import first_unit
from webapp.navigation import external_url
from webapp.notifications.services import queue_email
from webapp.transactions import atomic
from webapp.volunteers import queries
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    AssignmentState,
    AvailabilityException,
    AvailabilitySlot,
    Place,
    Task,
    TaskKind,
    TaskStatus,
    Volunteer,
    VolunteerStatus,
    Wants,
)
from webapp.volunteers.roles import LANGUAGES, ROLES, all_roles, ensure_roles, role_by_code  # noqa: F401

MIN_AGE = 15
ADULT_AGE = 18
DECLARATION_VERSION = "2026-1"


@dataclass
class Slot:
    weekday: int
    start_minute: int
    end_minute: int


@dataclass
class SignUp:
    roles: list[str]
    skills: str
    languages: list[str]
    place_id: int | None
    max_travel_km: int
    has_car: bool
    has_licence: bool
    wants: str
    birth_year: int
    consent: bool
    guardian_name: str = ""
    guardian_consent: bool = False
    tasks_per_week: int = 2
    slots: list[Slot] = field(default_factory=list)
    # None keeps the periods away as they are (they are kept on the volunteer's own page).
    away: list[tuple[date, date]] | None = field(default_factory=list)


def places(municipality: Municipality) -> list[Place]:
    return list(db.session.scalars(select(Place).where(Place.municipality_id == municipality.id).order_by(Place.name)))


def centre(municipality: Municipality) -> Unit | None:
    return first_unit(municipality, UnitKind.VOLUNTEER_CENTRE)


def centres_nearby(municipality: Municipality) -> list[tuple[Municipality, Unit]]:
    """The volunteer centres of the other municipalities in the same region (e.g. Valdres)."""
    if municipality.region is None:
        return []
    found = []
    for other in municipality.region.municipalities:
        unit = centre(other) if other.id != municipality.id else None
        if unit is not None:
            found.append((other, unit))
    return found


def volunteer_of(user: User, municipality: Municipality) -> Volunteer | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(queries.volunteer_of(user.id, municipality.id))


def get_for_coordinator(municipality: Municipality, volunteer_id: int) -> Volunteer | None:
    """A volunteer of this municipality only; others are as good as missing."""
    volunteer = db.session.get(Volunteer, volunteer_id)
    return volunteer if volunteer and volunteer.municipality_id == municipality.id else None


def volunteers_of(municipality: Municipality, status: str | None = None) -> list[Volunteer]:
    return list(db.session.scalars(queries.volunteers(municipality.id, status)))


def _check(data: SignUp, municipality: Municipality, today: date) -> None:
    age = today.year - data.birth_year
    if age < MIN_AGE:
        raise VolunteerError(str(_l("You must be at least 15 years old to volunteer.")))
    if age < ADULT_AGE and not (data.guardian_consent and data.guardian_name.strip()):
        raise VolunteerError(str(_l("Under 18, a parent or guardian must give consent.")))
    if not data.consent:
        raise VolunteerError(str(_l("We need your consent to store what you tell us.")))
    if not data.roles:
        raise VolunteerError(str(_l("Choose at least one thing you would like to do.")))
    known = {r.code for r in all_roles()}
    if any(code not in known for code in data.roles):
        raise VolunteerError(str(_l("Not a valid choice.")))
    if data.wants not in set(Wants):
        raise VolunteerError(str(_l("Not a valid choice.")))
    if data.place_id is not None:
        place = db.session.get(Place, data.place_id)
        if place is None or place.municipality_id != municipality.id:
            raise VolunteerError(str(_l("Not a valid choice.")))
    for slot in data.slots:
        if not (0 <= slot.weekday <= 6 and 0 <= slot.start_minute < slot.end_minute <= 24 * 60):
            raise VolunteerError(str(_l("A time window must end after it starts.")))
    for start, end in data.away or []:
        if end < start:
            raise VolunteerError(str(_l("A period away must end after it starts.")))


@atomic()
def sign_up(user: User, municipality: Municipality, data: SignUp, now: datetime | None = None) -> Volunteer:
    """Sign up at the frivilligsentral of the municipality, or update the sign-up."""
    now = now or utcnow()
    unit = centre(municipality)
    if unit is None:
        raise VolunteerError(str(_l("This municipality has no volunteer centre yet.")))
    _check(data, municipality, clock.today(now))
    volunteer = volunteer_of(user, municipality)
    if volunteer is None:
        volunteer = Volunteer(
            user_id=user.id,
            municipality_id=municipality.id,
            unit_id=unit.id,
            status=VolunteerStatus.PENDING,
            consent_at=now,
        )
        db.session.add(volunteer)
    elif volunteer.status == VolunteerStatus.LEFT:
        volunteer.status, volunteer.left_at, volunteer.approved_at = VolunteerStatus.PENDING, None, None
    volunteer.roles = list(dict.fromkeys(data.roles))
    volunteer.skills = data.skills.strip()
    volunteer.languages = [lang for lang in dict.fromkeys(data.languages) if lang in LANGUAGES]
    volunteer.place_id = data.place_id
    volunteer.max_travel_km = data.max_travel_km
    volunteer.has_car, volunteer.has_licence = data.has_car, data.has_licence
    volunteer.wants = data.wants
    volunteer.tasks_per_week = data.tasks_per_week
    volunteer.birth_year = data.birth_year
    volunteer.consent_at = volunteer.consent_at or now
    if now.year - data.birth_year < ADULT_AGE:
        volunteer.guardian_name = data.guardian_name.strip()
        volunteer.guardian_consent_at = volunteer.guardian_consent_at or now
    else:
        volunteer.guardian_name, volunteer.guardian_consent_at = "", None
    volunteer.slots = [
        AvailabilitySlot(weekday=s.weekday, start_minute=s.start_minute, end_minute=s.end_minute) for s in data.slots
    ]
    if data.away is not None:
        volunteer.exceptions = [AvailabilityException(start_date=a, end_date=b) for a, b in data.away]
    grant_role(user, Role.VOLUNTEER, municipality.id)
    return volunteer


MAX_AWAY_PERIODS = 20
MAX_AWAY_DAYS = 366


@atomic()
def add_away(volunteer: Volunteer, start: date, end: date, today: date | None = None) -> AvailabilityException:
    """A period the volunteer is away (a holiday): no tasks are suggested to them then."""
    _require_active(volunteer)
    today = today or clock.today()
    if end < start:
        raise VolunteerError(str(_l("A period away must end after it starts.")))
    if end < today:
        raise VolunteerError(str(_l("The period is already over.")))
    if (end - start).days >= MAX_AWAY_DAYS:
        raise VolunteerError(str(_l("A period away can be at most a year. Take a pause instead.")))
    if len(volunteer.exceptions) >= MAX_AWAY_PERIODS:
        raise VolunteerError(str(_l("Remove a period before you add another.")))
    period = AvailabilityException(start_date=start, end_date=end)
    volunteer.exceptions.append(period)
    return period


@atomic()
def remove_away(volunteer: Volunteer, period_id: int) -> None:
    """Only the volunteer's own periods: another's id is as good as missing."""
    period = next((e for e in volunteer.exceptions if e.id == period_id), None)
    if period is None:
        raise VolunteerError(str(_l("Not a valid choice.")))
    volunteer.exceptions.remove(period)


def _require_active(volunteer: Volunteer) -> None:
    if volunteer.status == VolunteerStatus.LEFT:
        raise VolunteerError(str(_l("You have left the volunteer centre. Sign up again to come back.")))


@atomic()
def sign_declaration(volunteer: Volunteer, now: datetime | None = None) -> None:
    _require_active(volunteer)
    volunteer.declaration_version = DECLARATION_VERSION
    volunteer.declaration_signed_at = now or utcnow()
    if volunteer.status == VolunteerStatus.PENDING:
        volunteer.status = VolunteerStatus.ONBOARDING


@atomic()
def pause(volunteer: Volunteer) -> None:
    _require_active(volunteer)
    volunteer.status = VolunteerStatus.PAUSED


@atomic()
def resume(volunteer: Volunteer) -> None:
    if volunteer.status != VolunteerStatus.PAUSED:
        raise VolunteerError(str(_l("You are not on a pause.")))
    volunteer.status = VolunteerStatus.APPROVED if volunteer.approved_at else VolunteerStatus.ONBOARDING


@atomic()
def leave(volunteer: Volunteer, now: datetime | None = None) -> None:
    now = now or utcnow()
    volunteer.status = VolunteerStatus.LEFT
    volunteer.left_at = now
    volunteer.approved_at = None
    release_tasks(volunteer, now)


def coordinators(municipality_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(
                RoleGrant.role == Role.VOLUNTEER_COORDINATOR,
                RoleGrant.municipality_id == municipality_id,
                User.erased_at.is_(None),
            )
        )
    )


def held_assignments(volunteer: Volunteer) -> list[Assignment]:
    """What the volunteer holds or is asked about in tasks not yet done or cancelled."""
    return list(
        db.session.scalars(
            select(Assignment)
            .join(Task, Assignment.task_id == Task.id)
            .where(
                Assignment.volunteer_id == volunteer.id,
                Assignment.state.in_([AssignmentState.DRAFT, AssignmentState.PROPOSED, *ACTIVE_ASSIGNMENT]),
                Task.status.in_([TaskStatus.OPEN, TaskStatus.FILLED]),
            )
        )
    )


def given_up(assignment: Assignment, now: datetime) -> bool:
    """Does leaving now give this task back? Requests still unanswered do; a task taken does
    while it is still ahead (a standing one until its last week)."""
    if assignment.state == AssignmentState.DRAFT:
        return False
    task = assignment.task
    ahead = (
        (task.repeat_until is None or task.repeat_until >= clock.today(now))
        if task.kind == TaskKind.STANDING
        else task.starts_at >= now
    )
    return assignment.state not in ACTIVE_ASSIGNMENT or ahead


def tasks_given_up_by_leaving(volunteer: Volunteer, now: datetime | None = None) -> list[Task]:
    """The tasks a volunteer who leaves now gives back (what the confirm page names)."""
    now = now or utcnow()
    return [a.task for a in held_assignments(volunteer) if given_up(a, now)]


def release_tasks(volunteer: Volunteer, now: datetime) -> list[Task]:
    """Someone who leaves holds no task: unanswered requests count as a no, suggestions go, and
    tasks still ahead open again, with a word to the coordinators. Tasks already over stay as
    they were (the hours logged for them still count). The caller commits."""
    reopened: list[Task] = []
    assignments = held_assignments(volunteer)
    for assignment in assignments:
        task = assignment.task
        if assignment.state == AssignmentState.DRAFT:
            task.assignments.remove(assignment)
            continue
        if not given_up(assignment, now):
            continue
        assignment.state, assignment.answered_at = AssignmentState.DECLINED, assignment.answered_at or now
        task.status = TaskStatus.OPEN
        reopened.append(task)
    if reopened:
        municipality = volunteer.municipality
        for person in coordinators(municipality.id):
            queue_email(
                person.email,
                "volunteers_left",
                person.locale or municipality.default_locale,
                municipality=municipality,
                user=person,
                volunteer=volunteer.user.name,
                tasks=reopened,
                links=[
                    external_url("volunteers.coordinator_task", municipality=municipality, task_id=t.id)
                    for t in reopened
                ],
            )
    db.session.flush()
    return reopened


# Onboarding, done by a coordinator of the same municipality.


@atomic()
def record_intro(volunteer: Volunteer, coordinator: User, day: date) -> None:
    _require_active(volunteer)
    volunteer.intro_done_on, volunteer.intro_done_by_id = day, coordinator.id
    if volunteer.status == VolunteerStatus.PENDING:
        volunteer.status = VolunteerStatus.ONBOARDING


@atomic()
def record_politiattest(volunteer: Volunteer, coordinator: User, day: date) -> None:
    """Only that it was shown, to whom and when: the document itself is never stored."""
    _require_active(volunteer)
    if day > clock.today():
        raise VolunteerError(str(_l("The date cannot be in the future.")))
    volunteer.politiattest_seen_on, volunteer.politiattest_seen_by_id = day, coordinator.id


@atomic()
def approve(volunteer: Volunteer, coordinator: User, now: datetime | None = None) -> None:
    _require_active(volunteer)
    if volunteer.intro_done_on is None:
        raise VolunteerError(str(_l("Mark the introductory talk as done first.")))
    if volunteer.declaration_signed_at is None:
        raise VolunteerError(str(_l("The volunteer must sign the confidentiality declaration first.")))
    if volunteer.status != VolunteerStatus.PAUSED:  # a pause is the volunteer's own choice: it stays
        volunteer.status = VolunteerStatus.APPROVED
    volunteer.approved_at, volunteer.approved_by_id = now or utcnow(), coordinator.id


def forget(user: User, now: datetime | None = None) -> None:
    """On erasure of the account: leave every centre and drop what describes the person. Hours
    and tasks stay for the centre's statistics, no longer tied to a name (the account is erased).
    The caller commits (`webapp.personal_data.erase`)."""
    for volunteer in db.session.scalars(select(Volunteer).where(Volunteer.user_id == user.id)):
        volunteer.status = VolunteerStatus.LEFT
        volunteer.left_at = volunteer.left_at or now or utcnow()
        volunteer.approved_at = None
        volunteer.skills, volunteer.guardian_name, volunteer.languages = "", "", []
        volunteer.place_id = None
        volunteer.slots, volunteer.exceptions = [], []
        release_tasks(volunteer, now or utcnow())
    db.session.flush()


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def export(user: User) -> dict[str, Any]:
    """Everything the volunteer domain holds about this person."""
    from webapp.volunteers.models import Assignment, HourLog, Interest

    out = []
    for v in db.session.scalars(select(Volunteer).where(Volunteer.user_id == user.id)):
        out.append(
            {
                "municipality": v.municipality.name,
                "volunteer_centre": v.unit.name,
                "status": v.status,
                **{
                    k: _iso(getattr(v, k))
                    for k in (
                        "roles",
                        "skills",
                        "languages",
                        "max_travel_km",
                        "has_car",
                        "has_licence",
                        "wants",
                        "tasks_per_week",
                        "birth_year",
                        "guardian_name",
                        "guardian_consent_at",
                        "consent_at",
                        "intro_done_on",
                        "declaration_version",
                        "declaration_signed_at",
                        "politiattest_seen_on",
                        "approved_at",
                        "left_at",
                        "created_at",
                    )
                },
                "place": v.place.name if v.place else None,
                "availability": [
                    {"weekday": s.weekday, "start_minute": s.start_minute, "end_minute": s.end_minute} for s in v.slots
                ],
                "away": [{"from": _iso(e.start_date), "to": _iso(e.end_date)} for e in v.exceptions],
                "assignments": [
                    {
                        "task": a.task.title,
                        "starts_at": _iso(a.task.starts_at),
                        "state": a.state,
                        "answered_at": _iso(a.answered_at),
                    }
                    for a in db.session.scalars(select(Assignment).where(Assignment.volunteer_id == v.id))
                ],
                "interests": [
                    {
                        "task": i.task.title if i.task else None,
                        "role": i.role_code,
                        "message": i.message,
                        "created_at": _iso(i.created_at),
                        "answer": i.answer,
                        "answered_at": _iso(i.answered_at),
                    }
                    for i in db.session.scalars(select(Interest).where(Interest.volunteer_id == v.id))
                ],
                "hours": [
                    {"task": h.task.title, "day": _iso(h.day), "minutes": h.minutes, "note": h.note, "status": h.status}
                    for h in db.session.scalars(select(HourLog).where(HourLog.volunteer_id == v.id))
                ],
            }
        )
    return {"volunteer": out}
