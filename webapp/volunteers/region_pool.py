"""A shared pool in a region: municipalities of one region that both share
(`municipalities.services.sharing_partners`) may ask each other's approved volunteers for a task
marked "shared with the region", and those volunteers may take it when it is open to claim.

The ranking (tasks.candidates), the request (proposals.propose) and the claim (claims.may_claim)
all ask `partner_ids` here, and nothing else. A partner's volunteer is ranked by the same hard
rules, but the other centre's own facts (no-shows, load, notes, hours) are not shown, and their
page stays with their own centre."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.locking import lock_rows
from webapp.municipalities.models import Municipality
from webapp.municipalities.services import sharing_partners
from webapp.transactions import atomic
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import Task, Volunteer


def partner_ids(task: Task) -> set[int]:
    """The municipalities whose volunteers may be asked for, or take, this task."""
    if not task.shared_with_region:
        return set()
    return {m.id for m in sharing_partners(task.municipality)}


def allowed_municipalities(task: Task) -> set[int]:
    return {task.municipality_id} | partner_ids(task)


def volunteer_for_task(task: Task, volunteer_id: int) -> Volunteer | None:
    """A volunteer the task's coordinator may ask: their own, or a sharing partner's for a shared task."""
    volunteer = db.session.get(Volunteer, volunteer_id)
    return volunteer if volunteer and volunteer.municipality_id in allowed_municipalities(task) else None


def partner_municipality_ids(municipality: Municipality) -> list[int]:
    """The municipalities whose shared tasks this municipality's volunteers may take."""
    return [m.id for m in sharing_partners(municipality)]


def task_to_claim(municipality: Municipality, task_id: int) -> Task | None:
    """A task a volunteer of this municipality may look at to claim: their own centre's, or a
    partner's shared task."""
    task = db.session.get(Task, task_id)
    if task is None:
        return None
    if task.municipality_id == municipality.id or municipality.id in partner_ids(task):
        return task
    return None


@atomic()
def set_shared_with_region(task: Task, value: bool) -> Task:
    lock_rows((Task, [task.id]))
    db.session.refresh(task)
    if value and not task.municipality.shares_with_region:
        raise VolunteerError(str(_l("Your municipality does not share tasks with the region. Turn sharing on first.")))
    if value and not task.can_change:
        raise VolunteerError(str(_l("Only an open or taken task can be shared with the region.")))
    task.shared_with_region = value
    return task
