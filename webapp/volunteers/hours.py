"""Hours: a volunteer logs the hours spent on a task they have, and a coordinator approves them."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp import clock
from webapp.accounts.models import User
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.transactions import atomic
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    AssignmentState,
    HourLog,
    HourStatus,
    Task,
    Volunteer,
)

MAX_HOURS_PER_LOG = 16


def my_assignments(volunteer: Volunteer) -> list[Assignment]:
    return list(
        db.session.scalars(
            select(Assignment)
            .join(Task, Assignment.task_id == Task.id)
            .where(Assignment.volunteer_id == volunteer.id, Assignment.state != AssignmentState.DRAFT)
            .order_by(Task.starts_at.desc())
        )
    )


def my_task(volunteer: Volunteer, task_id: int) -> Assignment | None:
    """The volunteer's own assignment to the task, or None: nobody else's tasks are shown."""
    return db.session.scalar(
        select(Assignment)
        .where(
            Assignment.volunteer_id == volunteer.id,
            Assignment.task_id == task_id,
            Assignment.state != AssignmentState.DRAFT,
        )
        .order_by(Assignment.id.desc())
    )


@atomic()
def log_hours(
    volunteer: Volunteer, task_id: int, day: date, hours: float, note: str = "", today: date | None = None
) -> HourLog:
    today = today or clock.today()
    assignment = my_task(volunteer, task_id)
    if assignment is None or assignment.state not in ACTIVE_ASSIGNMENT:
        raise VolunteerError(str(_l("You can log hours only for tasks you have taken.")))
    if day > today:
        raise VolunteerError(str(_l("The date cannot be in the future.")))
    if not 0 < hours <= MAX_HOURS_PER_LOG:
        raise VolunteerError(str(_l("Write between 0.25 and 16 hours.")))
    log = HourLog(
        volunteer_id=volunteer.id, task_id=task_id, day=day, minutes=max(15, round(hours * 60)), note=note.strip()
    )
    db.session.add(log)
    return log


def hours_of(volunteer: Volunteer) -> list[HourLog]:
    return list(
        db.session.scalars(select(HourLog).where(HourLog.volunteer_id == volunteer.id).order_by(HourLog.day.desc()))
    )


def pending_hours(municipality: Municipality) -> list[HourLog]:
    return list(
        db.session.scalars(
            select(HourLog)
            .join(Volunteer, HourLog.volunteer_id == Volunteer.id)
            .where(Volunteer.municipality_id == municipality.id, HourLog.status == HourStatus.PENDING)
            .order_by(HourLog.day)
        )
    )


def get_hours(municipality: Municipality, log_id: int) -> HourLog | None:
    log = db.session.get(HourLog, log_id)
    return log if log and log.volunteer.municipality_id == municipality.id else None


@atomic()
def decide_hours(log: HourLog, coordinator: User, approve: bool, now: datetime | None = None) -> None:
    if log.status != HourStatus.PENDING:
        raise VolunteerError(str(_l("This has already been answered.")))
    log.status = HourStatus.APPROVED if approve else HourStatus.REJECTED
    log.decided_at, log.decided_by_id = now or utcnow(), coordinator.id
