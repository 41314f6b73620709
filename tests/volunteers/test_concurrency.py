"""Two coordinators ask two volunteers for the same task at the same moment: only one is asked
(on PostgreSQL and SQLite)."""

from __future__ import annotations

import threading

from tests.volunteers.conftest import make_task, make_volunteer
from webapp.extensions import db
from webapp.municipalities.services import get_by_id
from webapp.volunteers import proposals, services, tasks
from webapp.volunteers.models import Assignment, AssignmentState, Volunteer


def test_parallel_proposals_ask_only_one(app, oystre):
    municipality_id = oystre.id
    volunteer_ids = [make_volunteer(oystre).id for _ in range(4)]
    task_id = make_task(oystre).id
    barrier = threading.Barrier(len(volunteer_ids))
    outcomes: list[str] = []

    def ask(volunteer_id: int) -> None:
        with app.test_request_context("/"):
            task = tasks.get_task(get_by_id(municipality_id), task_id)
            volunteer = db.session.get(Volunteer, volunteer_id)
            barrier.wait()
            try:
                proposals.propose(task, volunteer)
                outcomes.append("asked")
            except services.VolunteerError:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=ask, args=(vid,)) for vid in volunteer_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    proposed = db.session.query(Assignment).filter_by(task_id=task_id, state=AssignmentState.PROPOSED).count()
    assert proposed == 1
    assert sorted(outcomes) == ["asked"] + ["refused"] * 3
