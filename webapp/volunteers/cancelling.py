"""Cancelling a task: the volunteers who have it, or were asked, are told in their own standard."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.municipalities.models import UnitKind
from webapp.municipalities.services import unit_sender
from webapp.notifications.services import notify, recipient_of
from webapp.transactions import atomic
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import ASKED_OR_ACTIVE, Task, TaskStatus
from webapp.volunteers.tasks import lock_task


@atomic()
def cancel_task(task: Task, reason: str = "") -> int:
    """Cancel an open or filled task. Returns how many volunteers were told."""
    return mark_cancelled(task, reason)


def mark_cancelled(task: Task, reason: str = "") -> int:
    """`cancel_task` inside the caller's transaction (a sign-up cancelled with its escort); the
    caller commits."""
    task = lock_task(task)
    if task.status not in (TaskStatus.OPEN, TaskStatus.FILLED):
        raise VolunteerError(str(_l("Only open or filled tasks can be cancelled.")))
    task.status = TaskStatus.CANCELLED
    told = 0
    for assignment in task.assignments:
        user = assignment.volunteer.user
        if assignment.state in ASKED_OR_ACTIVE and user is not None and user.is_active:
            notify(
                recipient_of(user, task.municipality.default_locale),
                "volunteers_task_cancelled",
                required=True,
                sender=unit_sender(task.municipality, UnitKind.VOLUNTEER_CENTRE),
                name=user.name,
                title=task.title,
                starts_at=task.starts_at,
                reason=reason.strip()[:300],
            )
            told += 1
    return told
