"""Leaving as a volunteer asks first, on a page that works without JavaScript, and names the tasks
that go back to the coordinator."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import login
from tests.volunteers.conftest import make_task, make_volunteer
from tests.volunteers.test_lifecycle import _assign
from webapp.database import utcnow
from webapp.extensions import db
from webapp.volunteers.models import AssignmentState, Volunteer, VolunteerStatus

ME = "/oystre-slidre/volunteer/me"


def test_leaving_asks_first_and_names_what_goes_back(client, oystre, coordinator):
    volunteer = make_volunteer(oystre)
    _assign(make_task(oystre, title="Følgje framover"), volunteer, AssignmentState.CONFIRMED)
    _assign(make_task(oystre, title="Tur som er over", starts_at=utcnow() - timedelta(days=3)), volunteer, "accepted")
    login(client, volunteer.user)
    assert f'href="{ME}/leave"' in client.get(ME).get_data(as_text=True)
    page = client.get(f"{ME}/leave")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Slutte som frivillig?" in text and "desse oppdraga går tilbake til koordinatoren" in text
    assert "Følgje framover" in text and "Tur som er over" not in text
    db.session.expire_all()
    assert db.session.get(Volunteer, volunteer.id).status == VolunteerStatus.APPROVED  # asking changed nothing
    assert client.post(f"{ME}/leave").status_code == 302
    db.session.expire_all()
    assert db.session.get(Volunteer, volunteer.id).status == VolunteerStatus.LEFT
    assert client.get(f"{ME}/leave").status_code == 302  # gone already: back to the volunteer page


def test_without_tasks_the_page_says_only_that_no_new_tasks_come(client, oystre):
    volunteer = make_volunteer(oystre)
    login(client, volunteer.user)
    text = client.get(f"{ME}/leave").get_data(as_text=True)
    assert "Du får ingen nye oppdrag." in text and "tilbake til koordinatoren" not in text


def test_someone_who_is_not_a_volunteer_gets_404(client, oystre, coordinator):
    login(client, coordinator)
    assert client.get(f"{ME}/leave").status_code == 404
