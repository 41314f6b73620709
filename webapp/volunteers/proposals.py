"""Asking volunteers: proposals by e-mail with signed links, answers, and the weekly batch."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp import tokens
from webapp.clock import local, local_datetime
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.models import Municipality, UnitKind
from webapp.municipalities.services import unit_sender
from webapp.navigation import external_url
from webapp.notifications.services import notify, recipient_of
from webapp.transactions import atomic
from webapp.volunteers import matching, region_pool
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import ASKED_OR_ACTIVE, Assignment, AssignmentState, Task, TaskStatus, Volunteer
from webapp.volunteers.tasks import (
    asked_volunteers,
    build_pool,
    candidates,
    lock_task,
    pool_volunteers,
    task_spec,
)

ANSWER = "volunteer-answer"
ANSWER_MAX_AGE = 14 * 24 * 3600
# Asked or taken: the volunteer is busy with the task, or has said no to it.


def _send_proposal(assignment: Assignment) -> None:
    user = assignment.volunteer.user
    links = {
        choice: external_url("volunteers.answer", token=tokens.make_token(ANSWER, {"a": assignment.id, "c": choice}))
        for choice in ("yes", "no")
    }
    notify(
        recipient_of(user, assignment.task.municipality.default_locale),
        "volunteers_proposal",
        sender=unit_sender(assignment.task.municipality, UnitKind.VOLUNTEER_CENTRE),
        user=user,
        task=assignment.task,
        accept_link=links["yes"],
        decline_link=links["no"],
        starts=local(assignment.task.starts_at),
    )


@atomic()
def propose(task: Task, volunteer: Volunteer, now: datetime | None = None) -> Assignment:
    """Ask one volunteer by e-mail. Hard requirements are checked again here, never only in the list."""
    now = now or utcnow()
    task = lock_task(task)
    if task.status != TaskStatus.OPEN:
        raise VolunteerError(str(_l("The task is no longer open.")))
    if any(a.state in ASKED_OR_ACTIVE for a in task.assignments):
        raise VolunteerError(str(_l("Someone has already been asked. Wait for the answer.")))
    if volunteer.municipality_id not in region_pool.allowed_municipalities(task) or volunteer.id not in {
        c.volunteer.id for c in candidates(task, limit=None, now=now)
    }:
        raise VolunteerError(str(_l("This volunteer does not meet the requirements of the task.")))
    for draft in [a for a in task.assignments if a.state == AssignmentState.DRAFT]:
        db.session.delete(draft)
    assignment = Assignment(task=task, volunteer=volunteer, state=AssignmentState.PROPOSED, proposed_at=now)
    db.session.add(assignment)
    db.session.flush()
    _send_proposal(assignment)
    return assignment


def propose_next(task: Task, now: datetime | None = None) -> Assignment | None:
    best = candidates(task, limit=1, now=now)
    return propose(task, best[0].volunteer, now) if best else None


def read_answer(token: str) -> tuple[Assignment, str]:
    """The assignment and the choice a link stands for, without using it up."""
    try:
        data = tokens.peek_token(ANSWER, token, ANSWER_MAX_AGE)
    except tokens.TokenError as exc:
        raise VolunteerError(link_message(exc.reason)) from exc
    assignment, choice = _assignment_from(data)
    # E.g. the volunteer has left, or the task was cancelled, since the e-mail went out.
    if assignment.state != AssignmentState.PROPOSED or assignment.task.status != TaskStatus.OPEN:
        raise VolunteerError(str(_l("The task is no longer open.")))
    return assignment, choice


def locale_of(token: str) -> str | None:
    """The volunteer's standard for the answer page, also when the link has expired or was used
    (the person may not be logged in on the phone they read the e-mail on)."""
    try:
        data = tokens.read_token(ANSWER, token, 10 * 365 * 24 * 3600)
    except tokens.TokenError:
        return None
    if not isinstance(data, dict):
        return None
    assignment = db.session.get(Assignment, int(data.get("a", 0) or 0))
    if assignment is None:
        return None
    return assignment.volunteer.user.locale or assignment.task.municipality.default_locale


def _assignment_from(data: object) -> tuple[Assignment, str]:
    if not isinstance(data, dict) or data.get("c") not in ("yes", "no"):
        raise VolunteerError(str(_l("The link is not valid.")))
    assignment = db.session.get(Assignment, int(data.get("a", 0)))
    if assignment is None:
        raise VolunteerError(str(_l("The link is not valid.")))
    return assignment, data["c"]


def link_message(reason: str) -> str:
    if reason == "expired":
        return str(_l("The link has expired. Contact the volunteer centre."))
    if reason == "used":
        return str(_l("The link has already been used."))
    return str(_l("The link is not valid."))


def answer(token: str, now: datetime | None = None) -> Assignment:
    """Accept or decline by the link in the e-mail. On a no, the next candidate is asked, in a
    transaction of its own: the answer stays saved when nobody else can be asked (the coordinator
    then sees the task still open)."""
    now = now or utcnow()
    assignment = _record_answer(token, now)
    if assignment.state == AssignmentState.DECLINED:
        try:
            propose_next(assignment.task, now)
        except VolunteerError:
            pass
    return assignment


@atomic()
def _record_answer(token: str, now: datetime) -> Assignment:
    try:
        data = tokens.consume_token(ANSWER, token, ANSWER_MAX_AGE)
    except tokens.TokenError as exc:
        raise VolunteerError(link_message(exc.reason)) from exc
    assignment, choice = _assignment_from(data)
    lock_task(assignment.task)
    if assignment.state != AssignmentState.PROPOSED:
        raise VolunteerError(str(_l("You have already answered.")))
    if assignment.task.status != TaskStatus.OPEN:  # cancelled meanwhile: a yes must not revive it
        raise VolunteerError(str(_l("The task is no longer open.")))
    assignment.answered_at = now
    if choice == "yes":
        assignment.state = AssignmentState.ACCEPTED
        assignment.task.status = TaskStatus.FILLED
    else:
        assignment.state = AssignmentState.DECLINED
    return assignment


@atomic()
def confirm(assignment: Assignment) -> None:
    if assignment.state != AssignmentState.ACCEPTED:
        raise VolunteerError(str(_l("Only an accepted task can be confirmed.")))
    assignment.state = AssignmentState.CONFIRMED


# The weekly batch.


def week_tasks(municipality: Municipality, monday: date) -> list[Task]:
    start = local_datetime(monday, time(0))
    end = start + timedelta(days=7)
    tasks = db.session.scalars(
        select(Task)
        .where(
            Task.municipality_id == municipality.id,
            Task.status == TaskStatus.OPEN,
            Task.starts_at >= start,
            Task.starts_at < end,
        )
        .order_by(Task.starts_at)
    )
    return [t for t in tasks if not any(a.state in ASKED_OR_ACTIVE for a in t.assignments)]


@atomic()
def batch_propose(municipality: Municipality, monday: date, now: datetime | None = None) -> list[Assignment]:
    """Suggest volunteers for all open tasks of the week, maximising the total score under each
    volunteer's weekly capacity. The suggestions are drafts: the coordinator sends or rejects them."""
    tasks = week_tasks(municipality, monday)
    volunteers = pool_volunteers(municipality.id)
    for task in tasks:
        for draft in [a for a in task.assignments if a.state == AssignmentState.DRAFT]:
            task.assignments.remove(draft)
    db.session.flush()
    if not tasks or not volunteers:
        return []
    pool = build_pool(volunteers, now)
    specs = [task_spec(t, pool) for t in tasks]
    matrix = matching.score_matrix(specs, pool)
    index = {v.id: i for i, v in enumerate(volunteers)}
    for row, task in enumerate(tasks):
        for vid in asked_volunteers(task):
            if vid in index:
                matrix[row, index[vid]] = -np.inf
    capacity = pool.capacity - _taken_this_week(volunteers, monday)
    created = []
    for row, col in matching.batch_without_clashes(matrix, capacity, specs):
        assignment = Assignment(
            task=tasks[row],
            volunteer=volunteers[col],
            state=AssignmentState.DRAFT,
            score=round(float(matrix[row, col]), 1),
        )
        db.session.add(assignment)
        created.append(assignment)
    return created


def _taken_this_week(volunteers: list[Volunteer], monday: date) -> np.ndarray:
    start = local_datetime(monday, time(0))
    rows = db.session.execute(
        select(Assignment.volunteer_id, func.count())
        .join(Task, Assignment.task_id == Task.id)
        .where(
            Assignment.state.in_(ASKED_OR_ACTIVE), Task.starts_at >= start, Task.starts_at < start + timedelta(days=7)
        )
        .group_by(Assignment.volunteer_id)
    )
    taken = dict(rows.all())
    return np.array([taken.get(v.id, 0) for v in volunteers], dtype=np.int64)


def drafts(municipality: Municipality) -> list[Assignment]:
    return list(
        db.session.scalars(
            select(Assignment)
            .join(Task, Assignment.task_id == Task.id)
            .where(
                Task.municipality_id == municipality.id,
                Assignment.state == AssignmentState.DRAFT,
                Task.status == TaskStatus.OPEN,
            )
            .order_by(Task.starts_at)
        )
    )


def send_draft(assignment: Assignment, now: datetime | None = None) -> Assignment:
    if assignment.state != AssignmentState.DRAFT:
        raise VolunteerError(str(_l("The suggestion has already been handled.")))
    task, volunteer = assignment.task, assignment.volunteer
    return propose(task, volunteer, now)


@atomic()
def reject_draft(assignment: Assignment) -> None:
    if assignment.state != AssignmentState.DRAFT:
        raise VolunteerError(str(_l("The suggestion has already been handled.")))
    db.session.delete(assignment)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
