"""An escort request at sign-up for an offer becomes a følgjeteneste task in the same transaction."""

from __future__ import annotations

import logging

from sqlalchemy import select

from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.municipalities.services import get_by_id
from webapp.offers.signals import EscortRequest, escort_forgotten, escort_requested, escort_withdrawn
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import Task, TaskKind, TaskStatus
from webapp.volunteers.roles import ensure_roles, role_by_code
from webapp.volunteers.tasks import TaskData, add_task

ESCORT_ROLE = "escort"
log = logging.getLogger(__name__)


@escort_requested.connect
def create_escort_task(sender: object, request: EscortRequest, **_: object) -> None:
    """Adds the task to the caller's session; the caller commits (or rolls back) both together."""
    if db.session.scalar(select(Task.id).where(Task.escort_request_id == request.request_id)):
        return
    municipality = get_by_id(request.municipality_id)
    if municipality is None:
        return
    if role_by_code(ESCORT_ROLE) is None:
        ensure_roles()
    try:
        _create(municipality, request)
    except VolunteerError:
        # The sign-up must not fail because of us; offers keeps its own record of the request.
        log.warning("escort request %s could not become a task", request.request_id)


@escort_withdrawn.connect
def cancel_escort_task(sender: object, request_id: int, **_: object) -> None:
    """The sign-up or the session is cancelled: so is the escort, in the same transaction."""
    from webapp.volunteers.cancelling import mark_cancelled

    task = db.session.scalar(select(Task).where(Task.escort_request_id == request_id))
    if task is not None and task.status in (TaskStatus.OPEN, TaskStatus.FILLED):
        mark_cancelled(task)


@escort_forgotten.connect
def forget_escort_person(sender: object, request_id: int, **_: object) -> None:
    """The person erased the account: the task made from the request no longer says who, nor
    what they wrote. The caller commits."""
    from webapp.volunteers.privacy import forget_task_person

    task = db.session.scalar(select(Task).where(Task.escort_request_id == request_id))
    if task is not None:
        forget_task_person(task)


def _create(municipality: Municipality, request: EscortRequest) -> None:
    minutes = 90
    if request.ends_at is not None:
        # The escort stays through the session and needs about half an hour each way.
        minutes = max(15, min(12 * 60, int((request.ends_at - request.starts_at).total_seconds() // 60) + 60))
    role = role_by_code(ESCORT_ROLE)
    # "Følgjeteneste: Sittedans", so nobody reads it as leading the sittedans.
    role_name = role.name_nn if municipality.default_locale == "nn" else role.name_nb
    add_task(
        municipality,
        TaskData(
            kind=TaskKind.ONE_OFF,
            role_code=ESCORT_ROLE,
            title=f"{role_name}: {request.offer_title}"[:160],
            starts_at=request.starts_at,
            duration_minutes=minutes,
            address=request.place[:200],
            needs_car=request.needs_transport,
            person_name=request.person_name[:120],
            person_phone=request.person_phone[:30],
            need_to_know=request.note[:2000],
            offer_ref=f"offers:{request.request_id}"[:60],
        ),
        escort_request_id=request.request_id,
    )
