"""Tasks open to claim, and substitutes.

A coordinator marks a task "open to claim"; an approved volunteer who meets its requirements sees
it and takes it directly, and the coordinators are told. The requirements are the ranking's hard
rules (`matching.eligible`: no two places at once, language, car, a valid politiattest where
needed) and one more: not away for every time of the task. `may_claim` holds them, and the list,
the claim and the substitutes asked all use it.

A volunteer who cannot come asks for a substitute: they keep the task (the assignment is marked
`substitute_sought_at`) while it is open to claim for others, and the best-ranked volunteers who
may take it (`SUBSTITUTES_ASKED`) are asked through the outbox. The first who takes it releases
the first volunteer; both and the coordinators are told."""

from __future__ import annotations

from datetime import datetime

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.clock import today as oslo_today
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.locking import lock_rows
from webapp.municipalities.models import UnitKind
from webapp.municipalities.services import unit_sender
from webapp.navigation import external_url
from webapp.notifications.services import notify, recipient_of
from webapp.transactions import atomic
from webapp.volunteers import matching, region_pool
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import (
    ASKED_OR_ACTIVE,
    Assignment,
    AssignmentState,
    Task,
    TaskKind,
    TaskStatus,
    Volunteer,
)
from webapp.volunteers.services import coordinators
from webapp.volunteers.tasks import build_pool, candidates, lock_task, task_spec

SUBSTITUTES_ASKED = 3


def holder(task: Task) -> Assignment | None:
    """The volunteer asked for or having the task, if any."""
    return next((a for a in task.assignments if a.state in ASKED_OR_ACTIVE), None)


def not_over(task: Task, now: datetime) -> bool:
    """A one-off task that has not started, or a standing one that has not ended."""
    if task.kind == TaskKind.STANDING:
        return task.repeat_until is None or task.repeat_until >= oslo_today(now)
    return task.starts_at > now


def open_for_claiming(task: Task, now: datetime) -> bool:
    """Marked open to claim and not over, and either nobody is asked or has it, or the one who
    has it seeks a substitute."""
    if not task.open_to_claim or not not_over(task, now):
        return False
    current = holder(task)
    if task.status == TaskStatus.OPEN:
        return current is None
    return task.status == TaskStatus.FILLED and current is not None and current.seeks_substitute


def may_claim(task: Task, volunteers: list[Volunteer], now: datetime, pool: matching.Pool | None = None) -> np.ndarray:
    """Per volunteer: meets the ranking's hard requirements for the task and is not away for
    every time of it; never the one who has it. The one rule for the list, the claim and the
    substitutes. `pool`: these volunteers' pool, when the caller has built it."""
    if not volunteers:
        return np.zeros(0, dtype=bool)
    pool = pool or build_pool(volunteers, now)
    spec = task_spec(task, pool)
    ok = matching.eligible(spec, pool) & (matching.away_share(spec, pool) < 1)
    involved = {a.volunteer_id for a in task.assignments if a.state in ASKED_OR_ACTIVE}
    allowed = region_pool.allowed_municipalities(task)
    same_place = np.array([v.municipality_id in allowed and v.id not in involved for v in volunteers], dtype=bool)
    return ok & same_place


def claimable_tasks(volunteer: Volunteer, now: datetime | None = None) -> list[Task]:
    """Tasks open to claim that this volunteer may take, soonest first."""
    now = now or utcnow()
    found = db.session.scalars(
        select(Task)
        .where(
            (Task.municipality_id == volunteer.municipality_id)
            | (
                Task.shared_with_region.is_(True)
                & Task.municipality_id.in_(region_pool.partner_municipality_ids(volunteer.municipality))
            ),
            Task.open_to_claim.is_(True),
            Task.status.in_([TaskStatus.OPEN, TaskStatus.FILLED]),
        )
        .order_by(Task.starts_at, Task.id)
    )
    tasks = [t for t in found if open_for_claiming(t, now)]
    if not tasks or not volunteer.is_approved:
        return []
    pool = build_pool([volunteer], now)
    return [t for t in tasks if may_claim(t, [volunteer], now, pool)[0]]


def _tell_coordinators(task: Task, template: str, **context) -> None:
    municipality = task.municipality
    link = external_url("volunteers.coordinator_task", municipality=municipality, task_id=task.id)
    for person in coordinators(municipality.id):
        notify(
            recipient_of(person, municipality.default_locale),
            template,
            municipality=municipality,  # to coordinators, from the municipality
            name=person.name,
            task=task,
            link=link,
            **context,
        )


def _tell_volunteer(volunteer: Volunteer, template: str, **context) -> None:
    user = volunteer.user
    municipality = volunteer.municipality
    notify(
        recipient_of(user, municipality.default_locale),
        template,
        sender=unit_sender(municipality, UnitKind.VOLUNTEER_CENTRE),
        name=user.name,
        **context,
    )


@atomic()
def set_open_to_claim(task: Task, value: bool) -> Task:
    task = lock_task(task)
    if value and not task.can_change:
        raise VolunteerError(str(_l("Only an open or taken task can be open to claim.")))
    task.open_to_claim = value
    return task


@atomic()
def claim(volunteer: Volunteer, task: Task, now: datetime | None = None) -> Assignment:
    """The volunteer takes the task. The task row is locked first, so of two volunteers taking the
    last place at the same moment one gets it and the other a kind message."""
    now = now or utcnow()
    task = lock_task(task)
    if not open_for_claiming(task, now):
        raise VolunteerError(str(_l("Someone else has just taken this task. Thank you for offering!")))
    if not may_claim(task, [volunteer], now)[0]:
        raise VolunteerError(str(_l("You do not meet the requirements of this task, or you are busy then.")))
    released = holder(task)
    if released is not None:  # a substitute: the first volunteer is let go
        released.state = AssignmentState.DECLINED
        released.released_at = now
    assignment = Assignment(
        task=task, volunteer=volunteer, state=AssignmentState.ACCEPTED, proposed_at=now, answered_at=now
    )
    db.session.add(assignment)
    task.status = TaskStatus.FILLED
    db.session.flush()
    if released is None:
        _tell_coordinators(task, "volunteers_claimed", volunteer=volunteer)
    else:
        _tell_volunteer(released.volunteer, "volunteers_substitute_found", task=task)
        _tell_volunteer(volunteer, "volunteers_substitute_taken", task=task)
        _tell_coordinators(task, "volunteers_substitute_coordinator", volunteer=volunteer, released=released.volunteer)
    return assignment


@atomic()
def seek_substitute(assignment: Assignment, now: datetime | None = None) -> list[Volunteer]:
    """The volunteer cannot come: the task opens to claim for others, they keep it until someone
    takes it, and the best-ranked volunteers who may take it are asked. Returns those asked."""
    now = now or utcnow()
    lock_rows((Task, [assignment.task_id]))
    db.session.refresh(assignment)
    task = assignment.task
    db.session.refresh(task)
    if not assignment.is_active or task.status != TaskStatus.FILLED or not not_over(task, now):
        raise VolunteerError(str(_l("You can ask for a substitute only for a coming task you have.")))
    if assignment.substitute_sought_at is not None:
        raise VolunteerError(str(_l("You have already asked for a substitute.")))
    assignment.substitute_sought_at = now
    task.open_to_claim = True
    db.session.flush()
    ranked = [c.volunteer for c in candidates(task, limit=None, now=now)]
    allowed = may_claim(task, ranked, now)
    asked = [v for v, ok in zip(ranked, allowed, strict=True) if ok][:SUBSTITUTES_ASKED]
    for volunteer in asked:  # each to their own claim list: a partner's volunteer has theirs at home
        link = external_url("volunteers.claim_list", municipality=volunteer.municipality)
        _tell_volunteer(volunteer, "volunteers_substitute_asked", task=task, link=link)
    return asked


def my_seekable(volunteer: Volunteer, task_id: int) -> Assignment | None:
    """The volunteer's active assignment to the task, for the substitute button."""
    return db.session.scalar(
        select(Assignment).where(
            Assignment.volunteer_id == volunteer.id,
            Assignment.task_id == task_id,
            Assignment.state.in_([AssignmentState.ACCEPTED, AssignmentState.CONFIRMED]),
        )
    )
