"""Changing a task after it is created. Whoever has it must still meet its hard requirements, and
is told when the time or the place moves."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.municipalities.models import Municipality, UnitKind
from webapp.municipalities.services import unit_sender
from webapp.notifications.services import notify, recipient_of
from webapp.transactions import atomic
from webapp.volunteers import renewals
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import ASKED_OR_ACTIVE, Task, TaskStatus, Volunteer
from webapp.volunteers.tasks import TaskData, checked_role, fill, lock_task


def meets(volunteer: Volunteer, task: Task) -> bool:
    """The task's hard requirements, checked for one volunteer."""
    return (
        (not task.needs_politiattest or renewals.politiattest_valid(volunteer))
        and (not task.needs_car or (volunteer.has_car and volunteer.has_licence))
        and (not task.language_required or task.language in volunteer.languages)
    )


def _when_where(task: Task) -> tuple:
    return task.starts_at, task.duration_minutes, task.repeat_until, task.place_id, task.address


@atomic()
def update_task(municipality: Municipality, task: Task, data: TaskData) -> int:
    """Save the changes; returns how many volunteers were told of a new time or place."""
    task = lock_task(task)
    if task.status not in (TaskStatus.OPEN, TaskStatus.FILLED):
        raise VolunteerError(str(_l("Only open or filled tasks can be changed.")))
    role = checked_role(municipality, data)
    before = _when_where(task)
    fill(task, data, role)
    people = [a for a in task.assignments if a.state in ASKED_OR_ACTIVE]
    for assignment in people:
        if not meets(assignment.volunteer, task):
            name = assignment.volunteer.user.name
            raise VolunteerError(
                str(
                    _l(
                        "%(name)s does not meet the new requirements. Ask someone else first, or cancel the task.",
                        name=name,
                    )
                )
            )
    told = 0
    if _when_where(task) != before:
        for assignment in people:
            user = assignment.volunteer.user
            if user is not None and user.is_active:
                notify(
                    recipient_of(user, municipality.default_locale),
                    "volunteers_task_changed",
                    required=True,
                    sender=unit_sender(municipality, UnitKind.VOLUNTEER_CENTRE),
                    name=user.name,
                    title=task.title,
                    starts_at=task.starts_at,
                    place=task.address or (task.place.name if task.place else ""),
                )
                told += 1
    return told
