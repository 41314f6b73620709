"""Counts and the most urgent rows for the volunteer coordinator's start page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, func, select

from webapp.clock import local_datetime
from webapp.extensions import db
from webapp.volunteers.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    HourLog,
    HourStatus,
    Interest,
    Task,
    TaskStatus,
    Volunteer,
    VolunteerStatus,
)

TO_ONBOARD = (VolunteerStatus.PENDING.value, VolunteerStatus.ONBOARDING.value)


@dataclass(frozen=True)
class CoordinatorWorkload:
    to_onboard: int
    interest_waiting: int
    tasks_unmatched: int
    hours_to_approve: int


@dataclass(frozen=True)
class WaitingInterest:
    interest_id: int
    volunteer_name: str
    since: datetime


@dataclass(frozen=True)
class UnmatchedTask:
    task_id: int
    title: str
    starts_at: datetime


@dataclass(frozen=True)
class NewVolunteer:
    volunteer_id: int
    name: str
    status: str
    since: datetime


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def week_of(today: date) -> tuple[datetime, datetime]:
    """Monday 00.00 to the next Monday 00.00, Norwegian time."""
    monday = today - timedelta(days=today.weekday())
    start = local_datetime(monday, time(0))
    return start, local_datetime(monday + timedelta(days=7), time(0))


def _unanswered(municipality_id: int):
    return (
        select(Interest.id)
        .join(Volunteer, Interest.volunteer_id == Volunteer.id)
        .where(Volunteer.municipality_id == municipality_id, Interest.answered_at.is_(None))
    )


def _unmatched_this_week(municipality_id: int, today: date):
    start, end = week_of(today)
    matched = exists().where(
        Assignment.task_id == Task.id, Assignment.state.in_([state.value for state in ACTIVE_ASSIGNMENT])
    )
    return select(Task.id).where(
        Task.municipality_id == municipality_id,
        Task.status == TaskStatus.OPEN,
        Task.starts_at >= start,
        Task.starts_at < end,
        ~matched,
    )


def workload(municipality_id: int, today: date) -> CoordinatorWorkload:
    return CoordinatorWorkload(
        to_onboard=_count(
            select(Volunteer.id).where(Volunteer.municipality_id == municipality_id, Volunteer.status.in_(TO_ONBOARD))
        ),
        interest_waiting=_count(_unanswered(municipality_id)),
        tasks_unmatched=_count(_unmatched_this_week(municipality_id, today)),
        hours_to_approve=_count(
            select(HourLog.id)
            .join(Volunteer, HourLog.volunteer_id == Volunteer.id)
            .where(Volunteer.municipality_id == municipality_id, HourLog.status == HourStatus.PENDING)
        ),
    )


def longest_waiting_interest(municipality_id: int, limit: int = 3) -> list[WaitingInterest]:
    """Unanswered interest, the one that has waited longest first."""
    rows = db.session.scalars(
        select(Interest)
        .where(Interest.id.in_(_unanswered(municipality_id)))
        .order_by(Interest.created_at, Interest.id)
        .limit(limit)
    )
    return [WaitingInterest(row.id, row.volunteer.user.name, row.created_at) for row in rows]


def waiting_to_onboard(municipality_id: int, limit: int = 3) -> list[NewVolunteer]:
    """Volunteers still waiting for a talk or getting started, the one who signed up first first."""
    rows = db.session.scalars(
        select(Volunteer)
        .where(Volunteer.municipality_id == municipality_id, Volunteer.status.in_(TO_ONBOARD))
        .order_by(Volunteer.created_at, Volunteer.id)
        .limit(limit)
    )
    return [NewVolunteer(row.id, row.user.name, row.status_title, row.created_at) for row in rows]


def unmatched_tasks(municipality_id: int, today: date, limit: int = 3) -> list[UnmatchedTask]:
    """This week's tasks without a volunteer, the first to start first."""
    rows = db.session.execute(
        select(Task.id, Task.title, Task.starts_at)
        .where(Task.id.in_(_unmatched_this_week(municipality_id, today)))
        .order_by(Task.starts_at, Task.id)
        .limit(limit)
    )
    return [UnmatchedTask(row.id, row.title, row.starts_at) for row in rows]
