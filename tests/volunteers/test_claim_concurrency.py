"""Two volunteers take the last place of a task open to claim at the same moment, each on their
own connection: exactly one gets it, the other a kind message (on PostgreSQL and SQLite)."""

from __future__ import annotations

import threading

from tests.volunteers.conftest import make_task, make_volunteer
from webapp.extensions import db
from webapp.municipalities.services import get_by_id
from webapp.volunteers import claims, tasks
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import ACTIVE_ASSIGNMENT, Assignment, AssignmentState, TaskStatus, Volunteer

# The refusal in the page's standard: someone else was first, and thanks for offering.
KIND_MESSAGES = {
    "Nokon andre tok nettopp dette oppdraget. Takk for at du ville hjelpe!",
    "Noen andre tok nettopp dette oppdraget. Takk for at du ville hjelpe!",
}


def race(app, municipality_id: int, task_id: int, volunteer_ids: list[int]) -> list[str]:
    barrier = threading.Barrier(len(volunteer_ids))
    outcomes: list[str] = []

    def take(volunteer_id: int) -> None:
        with app.test_request_context("/"):
            task = tasks.get_task(get_by_id(municipality_id), task_id)
            volunteer = db.session.get(Volunteer, volunteer_id)
            barrier.wait()
            try:
                claims.claim(volunteer, task)
                outcomes.append("taken")
            except VolunteerError as exc:
                outcomes.append(str(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=take, args=(vid,)) for vid in volunteer_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    return outcomes


def test_two_volunteers_claim_the_last_place_at_once(app, oystre):
    task = make_task(oystre)
    claims.set_open_to_claim(task, True)
    volunteer_ids = [make_volunteer(oystre).id, make_volunteer(oystre).id]
    outcomes = race(app, oystre.id, task.id, volunteer_ids)
    assert outcomes.count("taken") == 1 and len(outcomes) == 2
    refused = next(o for o in outcomes if o != "taken")
    assert refused in KIND_MESSAGES
    active = db.session.query(Assignment).filter(Assignment.task_id == task.id, Assignment.state.in_(ACTIVE_ASSIGNMENT))
    assert active.count() == 1
    assert db.session.get(type(task), task.id).status == TaskStatus.FILLED


def test_two_substitutes_at_once_release_the_first_volunteer_once(app, oystre):
    first = make_volunteer(oystre)
    task = make_task(oystre)
    assignment = Assignment(task_id=task.id, volunteer_id=first.id, state=AssignmentState.CONFIRMED)
    db.session.add(assignment)
    task.status = TaskStatus.FILLED
    db.session.commit()
    claims.seek_substitute(assignment)
    outcomes = race(app, oystre.id, task.id, [make_volunteer(oystre).id, make_volunteer(oystre).id])
    assert outcomes.count("taken") == 1
    active = db.session.query(Assignment).filter(Assignment.task_id == task.id, Assignment.state.in_(ACTIVE_ASSIGNMENT))
    assert active.count() == 1 and active.one().volunteer_id != first.id
