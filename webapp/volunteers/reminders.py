"""Reminders the day before a task, to the volunteer who has it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp import clock
from webapp.extensions import db
from webapp.municipalities.models import UnitKind
from webapp.municipalities.services import unit_sender
from webapp.notifications.services import Reminder, recipient_of
from webapp.volunteers.models import ACTIVE_ASSIGNMENT, Assignment, Task, TaskKind, TaskStatus, Volunteer


def occurrence_on(task: Task, start: datetime, end: datetime) -> datetime | None:
    """When the task happens between start and end: standing tasks repeat each week at the same
    local time until `repeat_until`."""
    first = task.starts_at.astimezone(clock.OSLO)
    if task.kind != TaskKind.STANDING:
        return task.starts_at if start <= task.starts_at < end else None
    weeks = max((start.date() - first.date()).days // 7, 0)
    for extra in (weeks, weeks + 1):
        local = (first.replace(tzinfo=None) + timedelta(weeks=extra)).replace(tzinfo=clock.OSLO)
        if task.repeat_until and local.date() > task.repeat_until:
            return None
        if start <= local < end:
            return local
    return None


def due(now: datetime) -> Iterator[Reminder]:
    start, end = clock.day_bounds(clock.today(now) + timedelta(days=1))
    assignments = db.session.scalars(
        select(Assignment)
        .join(Task)
        .where(
            Assignment.state.in_([s.value for s in ACTIVE_ASSIGNMENT]),
            Task.status.in_([TaskStatus.OPEN.value, TaskStatus.FILLED.value]),
        )
        .options(selectinload(Assignment.task), selectinload(Assignment.volunteer).selectinload(Volunteer.user))
    )
    for assignment in assignments:
        when = occurrence_on(assignment.task, start, end)
        user = assignment.volunteer.user
        if when is None or user is None or not user.is_active:
            continue
        yield Reminder(
            key=f"volunteer-task:{assignment.id}:{when.astimezone(clock.OSLO).date().isoformat()}",
            recipient=recipient_of(user),
            template="volunteers_task_reminder",
            context={
                "name": user.name,
                "title": assignment.task.title,
                "starts_at": when,
                "place": assignment.task.address,
                "sender": unit_sender(assignment.task.municipality, UnitKind.VOLUNTEER_CENTRE),
            },
        )
