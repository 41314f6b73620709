"""Re-confirmation of a standing task: two days before each time, the volunteer gets a signed
link and can confirm or say "not this time" with one tap, without logging in. A "not this time"
reaches the coordinators at once, so they can find someone else. The link works once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp import clock, tokens
from webapp.extensions import db
from webapp.municipalities.models import UnitKind
from webapp.municipalities.services import unit_sender
from webapp.navigation import external_url
from webapp.notifications.services import Reminder, queue_email, recipient_of
from webapp.transactions import atomic
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    Task,
    TaskKind,
    TaskReconfirmation,
    TaskStatus,
    Volunteer,
)
from webapp.volunteers.proposals import link_message
from webapp.volunteers.reminders import occurrence_on
from webapp.volunteers.services import coordinators

PURPOSE = "volunteer-reconfirm"
MAX_AGE = 3 * 24 * 3600
ANSWERS = ("confirm", "cancel")


@dataclass
class Occurrence:
    assignment: Assignment
    starts_at: datetime

    @property
    def day(self) -> date:
        return self.starts_at.astimezone(clock.OSLO).date()


def due(now: datetime) -> Iterator[Reminder]:
    """One message per volunteer and time of a standing task, two days before."""
    start, end = clock.day_bounds(clock.today(now) + timedelta(days=2))
    assignments = db.session.scalars(
        select(Assignment)
        .join(Task)
        .where(
            Assignment.state.in_([s.value for s in ACTIVE_ASSIGNMENT]),
            Task.kind == TaskKind.STANDING.value,
            Task.status.in_([TaskStatus.OPEN.value, TaskStatus.FILLED.value]),
        )
        .options(selectinload(Assignment.task), selectinload(Assignment.volunteer).selectinload(Volunteer.user))
    )
    for assignment in assignments:
        when = occurrence_on(assignment.task, start, end)
        user = assignment.volunteer.user
        if when is None or user is None or not user.is_active:
            continue
        day = when.astimezone(clock.OSLO).date().isoformat()
        token = tokens.make_token(PURPOSE, {"a": assignment.id, "d": day})
        yield Reminder(
            key=f"volunteer-reconfirm:{assignment.id}:{day}",
            recipient=recipient_of(user),
            template="volunteers_task_reconfirm",
            context={
                "name": user.name,
                "title": assignment.task.title,
                "starts_at": when,
                "link": external_url("volunteers.reconfirm_task", token=token),
                "sender": unit_sender(assignment.task.municipality, UnitKind.VOLUNTEER_CENTRE),
            },
        )


def _occurrence(data: object) -> Occurrence:
    assignment, day = None, None
    if isinstance(data, dict):
        assignment = db.session.get(Assignment, int(data.get("a", 0) or 0))
        try:
            day = date.fromisoformat(str(data.get("d")))
        except ValueError:
            pass
    when = None
    if assignment is not None and day is not None and assignment.state in ACTIVE_ASSIGNMENT:
        when = occurrence_on(assignment.task, *clock.day_bounds(day))
    if assignment is None or when is None:
        raise VolunteerError(str(_l("The link is not valid.")))
    return Occurrence(assignment, when)


def locale_of(token: str) -> str | None:
    """The volunteer's standard, also when the link has expired or was used."""
    try:
        data = tokens.read_token(PURPOSE, token, 10 * 365 * 24 * 3600)
    except tokens.TokenError:
        return None
    assignment = db.session.get(Assignment, int(data.get("a", 0) or 0)) if isinstance(data, dict) else None
    if assignment is None:
        return None
    return assignment.volunteer.user.locale or assignment.volunteer.municipality.default_locale


def read(token: str) -> Occurrence:
    try:
        data = tokens.peek_token(PURPOSE, token, MAX_AGE)
    except tokens.TokenError as exc:
        raise VolunteerError(link_message(exc.reason)) from exc
    return _occurrence(data)


@atomic()
def answer(token: str, choice: str) -> Occurrence:
    """Record the answer; "cancel" tells every coordinator of the municipality in the same transaction."""
    if choice not in ANSWERS:
        raise VolunteerError(str(_l("Choose one of the answers.")))
    try:
        occurrence = _occurrence(tokens.consume_token(PURPOSE, token, MAX_AGE))
    except tokens.TokenError as exc:
        raise VolunteerError(link_message(exc.reason)) from exc
    assignment = occurrence.assignment
    db.session.add(
        TaskReconfirmation(
            assignment_id=assignment.id, day=occurrence.day, answer="confirmed" if choice == "confirm" else "cancelled"
        )
    )
    if choice == "cancel":
        for coordinator in coordinators(assignment.task.municipality_id):
            queue_email(
                coordinator.email,
                "volunteers_task_absence",
                coordinator.locale or assignment.volunteer.municipality.default_locale,
                municipality=assignment.volunteer.municipality,
                volunteer=assignment.volunteer.user.name,
                title=assignment.task.title,
                starts_at=occurrence.starts_at,
                link=external_url(
                    "volunteers.coordinator_task",
                    municipality=assignment.volunteer.municipality,
                    task_id=assignment.task_id,
                ),
            )
    return occurrence


def answers_for(task_id: int, since: date) -> list[TaskReconfirmation]:
    """Answers for the task's coming times, for the coordinator's task page."""
    return list(
        db.session.scalars(
            select(TaskReconfirmation)
            .join(Assignment)
            .where(Assignment.task_id == task_id, TaskReconfirmation.day >= since)
            .order_by(TaskReconfirmation.day)
        )
    )
