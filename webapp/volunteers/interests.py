""" "Meld interesse": a volunteer offers to take a task or a role, the coordinator answers, and is
reminded after three Norwegian working days without an answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import holidays
import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.clock import local, local_datetime
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.models import Municipality, UnitKind
from webapp.municipalities.services import unit_sender
from webapp.notifications.models import SentReminder
from webapp.notifications.services import Reminder, notify, recipient_of
from webapp.transactions import atomic
from webapp.volunteers import matching
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    AssignmentState,
    Interest,
    Task,
    TaskStatus,
    Volunteer,
    VolunteerStatus,
)
from webapp.volunteers.roles import role_by_code
from webapp.volunteers.services import coordinators
from webapp.volunteers.tasks import build_pool, lock_task, task_spec

REMINDER_WORKING_DAYS = 3


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays.country_holidays("NO", years=day.year)


def add_working_days(moment: datetime, days: int) -> datetime:
    """The same local time of day, `days` Norwegian working days later."""
    start = local(moment)
    day, counted = start.date(), 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return local_datetime(day, start.timetz().replace(tzinfo=None))


@atomic()
def express_interest(
    volunteer: Volunteer, *, task_id: int | None = None, role_code: str = "", message: str = ""
) -> Interest:
    if volunteer.status in (VolunteerStatus.LEFT, VolunteerStatus.PAUSED):
        raise VolunteerError(str(_l("You are not active as a volunteer now.")))
    task = None
    if task_id is not None:
        task = db.session.get(Task, task_id)
        if task is None or task.municipality_id != volunteer.municipality_id or task.status != TaskStatus.OPEN:
            raise VolunteerError(str(_l("The task is no longer open.")))
    elif role_by_code(role_code) is None:
        raise VolunteerError(str(_l("Not a valid choice.")))
    already = db.session.scalar(
        select(Interest).where(
            Interest.volunteer_id == volunteer.id,
            Interest.answered_at.is_(None),
            Interest.task_id == task_id if task_id else Interest.role_code == role_code,
        )
    )
    if already is not None:
        return already
    interest = Interest(
        volunteer_id=volunteer.id, task_id=task_id, role_code="" if task else role_code, message=message.strip()
    )
    db.session.add(interest)
    return interest


def interests_of(volunteer: Volunteer) -> list[Interest]:
    return list(
        db.session.scalars(
            select(Interest).where(Interest.volunteer_id == volunteer.id).order_by(Interest.created_at.desc())
        )
    )


def queue(municipality: Municipality) -> list[Interest]:
    """Unanswered interest, oldest first."""
    return list(
        db.session.scalars(
            select(Interest)
            .join(Volunteer, Interest.volunteer_id == Volunteer.id)
            .where(Volunteer.municipality_id == municipality.id, Interest.answered_at.is_(None))
            .order_by(Interest.created_at)
        )
    )


def get_interest(municipality: Municipality, interest_id: int) -> Interest | None:
    interest = db.session.get(Interest, interest_id)
    return interest if interest and interest.volunteer.municipality_id == municipality.id else None


@atomic()
def answer_interest(interest: Interest, yes: bool, now: datetime | None = None) -> None:
    """Answer the volunteer. A yes to a task gives them the task, if they meet its requirements."""
    now = now or utcnow()
    if interest.answered_at is not None:
        raise VolunteerError(str(_l("This has already been answered.")))
    volunteer = interest.volunteer
    if yes and interest.task is not None:
        task = lock_task(interest.task)
        pool = build_pool([volunteer], now)
        if not np.isfinite(matching.scores(task_spec(task, pool), pool)[0]):
            raise VolunteerError(str(_l("This volunteer does not meet the requirements of the task.")))
        if task.status != TaskStatus.OPEN or any(a.state in ACTIVE_ASSIGNMENT for a in task.assignments):
            raise VolunteerError(str(_l("The task is no longer open.")))
        db.session.add(
            Assignment(
                task=task, volunteer=volunteer, state=AssignmentState.CONFIRMED, proposed_at=now, answered_at=now
            )
        )
        task.status = TaskStatus.FILLED
    interest.answered_at, interest.answer = now, "yes" if yes else "no"
    user = volunteer.user
    notify(
        recipient_of(user, volunteer.municipality.default_locale),
        "volunteers_interest_answer",
        sender=unit_sender(volunteer.municipality, UnitKind.VOLUNTEER_CENTRE),
        user=user,
        interest=interest,
        yes=yes,
        role=role_by_code(interest.role_code),
    )


def interest_due(now: datetime) -> Iterator[Reminder]:
    """A reminder source for `flask notify due`: each coordinator of the municipality, once, for
    interest unanswered after 3 Norwegian working days. The volunteer then sees that the
    coordinator has been reminded (`reminded_at`, committed with the message)."""
    waiting = db.session.scalars(
        select(Interest)
        .where(
            Interest.answered_at.is_(None),
            Interest.reminded_at.is_(None),
            Interest.created_at <= now - timedelta(days=REMINDER_WORKING_DAYS),
        )
        .order_by(Interest.id)
    ).all()
    for interest in waiting:
        if add_working_days(interest.created_at, REMINDER_WORKING_DAYS) > now:
            continue
        municipality = interest.volunteer.municipality
        for person in coordinators(municipality.id):
            interest.reminded_at = interest.reminded_at or now
            yield Reminder(
                key=f"volunteer-interest:{interest.id}:{person.id}",
                recipient=recipient_of(person, municipality.default_locale),
                template="volunteers_reminder",
                context={
                    "user": person,
                    "interest": interest,
                    "municipality": municipality,
                    "role": role_by_code(interest.role_code),
                },
            )


@atomic()
def send_reminders(now: datetime | None = None) -> int:
    """The interest reminders alone, as `flask notify due` sends them with the others (the same
    keys, so the two never both send). Returns how many interests were reminded of."""
    now = now or utcnow()
    reminded: set[int] = set()
    for item in interest_due(now):
        if db.session.get(SentReminder, item.key) is not None:
            continue
        db.session.add(SentReminder(key=item.key, sent_at=now))
        notify(item.recipient, item.template, reminder=True, **item.context)
        reminded.add(item.context["interest"].id)
    return len(reminded)
