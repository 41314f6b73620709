"""Claiming and substitutes through the pages: each role and municipality sees only its own."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import login, make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.volunteers import claims
from webapp.volunteers.models import Assignment, AssignmentState, Task, TaskStatus

BASE = "/oystre-slidre/volunteer"
COORD = BASE + "/coordinator"


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_coordinator_opens_a_task_to_claim(app, oystre, coordinator):
    task = make_task(oystre)
    client = signed_in(app, coordinator)
    page = client.get(f"{COORD}/tasks/{task.id}").get_data(as_text=True)
    assert 'id="open-to-claim"' in page
    response = client.post(f"{COORD}/tasks/{task.id}/open-to-claim", data={"open": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Task, task.id).open_to_claim
    client.post(f"{COORD}/tasks/{task.id}/open-to-claim", data={"open": "0"})
    db.session.expire_all()
    assert not db.session.get(Task, task.id).open_to_claim


def test_only_coordinators_of_the_municipality_open_tasks(app, oystre, toten):
    task = make_task(oystre)
    volunteer = make_volunteer(oystre)
    assert (
        signed_in(app, volunteer.user).post(f"{COORD}/tasks/{task.id}/open-to-claim", data={"open": "1"}).status_code
        == 403
    )
    elsewhere = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten)
    response = signed_in(app, elsewhere).post(
        f"/vestre-toten/volunteer/coordinator/tasks/{task.id}/open-to-claim", data={"open": "1"}
    )
    assert response.status_code == 404
    assert (
        signed_in(app, elsewhere).post(f"{COORD}/tasks/{task.id}/open-to-claim", data={"open": "1"}).status_code == 403
    )
    db.session.expire_all()
    assert not db.session.get(Task, task.id).open_to_claim


def test_volunteer_lists_and_takes_a_task(app, oystre, coordinator):
    task = make_task(oystre, title="Handletur")
    claims.set_open_to_claim(task, True)
    volunteer = make_volunteer(oystre)
    client = signed_in(app, volunteer.user)
    assert 'id="claim-link"' in client.get(BASE + "/me").get_data(as_text=True)
    page = client.get(BASE + "/me/claim").get_data(as_text=True)
    assert f'id="claim-{task.id}"' in page and "Handletur" in page
    response = client.post(f"{BASE}/me/claim/{task.id}")
    assert response.status_code == 302 and response.location.endswith(f"/me/tasks/{task.id}")
    db.session.expire_all()
    assert db.session.get(Task, task.id).status == TaskStatus.FILLED
    # Taken: the next one is sent back to the list with the kind message.
    other = signed_in(app, make_volunteer(oystre).user)
    response = other.post(f"{BASE}/me/claim/{task.id}", follow_redirects=True)
    assert response.status_code == 200 and "Takk for at du ville hjelpe" in response.get_data(as_text=True)
    assert 'id="claim-none"' in response.get_data(as_text=True)


def test_claim_pages_stay_within_the_municipality(app, oystre, toten):
    task = make_task(oystre)
    claims.set_open_to_claim(task, True)
    stranger = make_volunteer(toten)
    client = signed_in(app, stranger.user)
    assert client.get(BASE + "/me/claim").status_code == 404  # not a volunteer here
    assert client.post(f"{BASE}/me/claim/{task.id}").status_code == 404
    assert client.post(f"/vestre-toten/volunteer/me/claim/{task.id}").status_code == 404
    assert 'id="claim-none"' in client.get("/vestre-toten/volunteer/me/claim").get_data(as_text=True)
    assert app.test_client().get(BASE + "/me/claim").status_code == 302  # to the login


def test_a_volunteer_not_yet_approved_takes_nothing(app, oystre):
    task = make_task(oystre)
    claims.set_open_to_claim(task, True)
    waiting = make_volunteer(oystre, status="pending")
    client = signed_in(app, waiting.user)
    assert 'id="claim-not-approved"' in client.get(BASE + "/me/claim").get_data(as_text=True)
    client.post(f"{BASE}/me/claim/{task.id}")
    db.session.expire_all()
    assert db.session.get(Task, task.id).status == TaskStatus.OPEN


@pytest.mark.parametrize("bad", ["x", "99999999999999999999", "-1"])
def test_bad_ids_never_give_a_500(app, oystre, bad):
    client = signed_in(app, make_volunteer(oystre).user)
    assert client.post(f"{BASE}/me/claim/{bad}").status_code == 404
    assert client.post(f"{BASE}/me/tasks/{bad}/substitute").status_code == 404


def test_volunteer_asks_for_a_substitute_on_their_own_task_only(app, oystre, coordinator):
    volunteer, someone = make_volunteer(oystre), make_volunteer(oystre)
    task = make_task(oystre)
    db.session.add(Assignment(task_id=task.id, volunteer_id=volunteer.id, state=AssignmentState.CONFIRMED))
    task.status = TaskStatus.FILLED
    db.session.commit()
    assert signed_in(app, someone.user).post(f"{BASE}/me/tasks/{task.id}/substitute").status_code == 404
    client = signed_in(app, volunteer.user)
    assert "/substitute" in client.get(f"{BASE}/me/tasks/{task.id}").get_data(as_text=True)
    response = client.post(f"{BASE}/me/tasks/{task.id}/substitute", follow_redirects=True)
    assert 'id="substitute-sought"' in response.get_data(as_text=True)
    assignment = db.session.scalar(select(Assignment).where(Assignment.volunteer_id == volunteer.id))
    assert assignment.seeks_substitute
    page = signed_in(app, coordinator).get(f"{COORD}/tasks/{task.id}").get_data(as_text=True)
    assert "ds-tag" in page
    # Someone else takes it through the list.
    assert f'id="claim-{task.id}"' in signed_in(app, someone.user).get(BASE + "/me/claim").get_data(as_text=True)
