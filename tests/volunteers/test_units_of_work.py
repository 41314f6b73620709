"""Each volunteer action is one transaction: it joins a caller's block, and a failure leaves
nothing behind."""

import pytest
from sqlalchemy import func, select

from tests.volunteers.conftest import make_task, make_volunteer
from webapp.extensions import db
from webapp.transactions import atomic
from webapp.volunteers import cancelling, editing, services
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import Assignment, Task, TaskStatus, VolunteerStatus
from webapp.volunteers.tasks import TaskData


def test_services_join_the_callers_transaction_and_fail_with_it(ctx, oystre):
    task = make_task(oystre)
    volunteer = make_volunteer(oystre)
    with pytest.raises(RuntimeError), atomic():
        cancelling.cancel_task(task)
        services.pause(volunteer)
        raise RuntimeError("the rest of the action fails")
    db.session.expire_all()
    assert db.session.get(Task, task.id).status == TaskStatus.OPEN
    assert volunteer.status == VolunteerStatus.APPROVED


def test_a_change_that_breaks_a_rule_leaves_the_task_as_it_was(ctx, oystre):
    task = make_task(oystre, needs_car=False)
    make_volunteer(oystre, has_car=False)
    volunteer = make_volunteer(oystre, has_car=False)
    db.session.add(Assignment(task_id=task.id, volunteer_id=volunteer.id, state="accepted"))
    db.session.commit()
    data = TaskData(
        kind="one_off",
        role_code="escort",
        title="Ny tittel",
        starts_at=task.starts_at,
        duration_minutes=60,
        needs_car=True,
    )
    with pytest.raises(VolunteerError):
        editing.update_task(oystre, task, data)
    db.session.expire_all()
    assert db.session.get(Task, task.id).title == "Følgje til legen"
    assert db.session.scalar(select(func.count()).select_from(Task)) == 1
