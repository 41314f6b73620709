"""Pages through the test client: who may see what, and bad input never gives a 500."""

from __future__ import annotations

import json

import pytest

from tests.factories import login, make_user
from tests.volunteers.conftest import make_place, make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.volunteers import proposals
from webapp.volunteers.models import Task, Volunteer, VolunteerStatus

BASE = "/oystre-slidre/volunteer"
COORD = BASE + "/coordinator"


def test_public_page_lists_the_centre_and_its_roles(client, oystre):
    page = client.get(BASE).get_data(as_text=True)
    assert "Øystre Slidre frivilligsentral" in page
    assert "Følgjeteneste" in page and "Besøksven" in page
    assert "/oystre-slidre/volunteer/sign-up" in page
    assert "Følgetjeneste" in client.get("/vestre-toten/volunteer").get_data(as_text=True)
    # Øystre Slidre and Nord-Aurdal share the Valdres region: each finds the other's centre.
    assert 'href="/nord-aurdal/volunteer">Nord-Aurdal frivilligsentral</a>' in page
    assert "Øystre Slidre frivilligsentral</a>" not in page  # not itself
    assert "frivilligsentral</a>" not in client.get("/vestre-toten/volunteer").get_data(as_text=True)


def test_sign_up_asks_for_login_then_signs_up(client, oystre):
    page = client.get(BASE + "/sign-up").get_data(as_text=True)
    assert "/login?next=" in page and "/register" in page
    user = make_user(municipality=oystre)
    login(client, user)
    place = make_place(oystre)
    response = client.post(
        BASE + "/sign-up",
        data={
            "roles": ["escort", "driver"],
            "languages": ["nb"],
            "place": str(place.id),
            "max_travel_km": "15",
            "wants": "both",
            "tasks_per_week": "2",
            "availability": ["1m", "1a"],
            "away_from": "2026-12-20",
            "away_to": "2026-12-27",
            "birth_year": "1970",
            "consent": "y",
            "has_car": "y",
            "has_licence": "y",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    volunteer = db.session.query(Volunteer).one()
    assert volunteer.roles == ["escort", "driver"] and len(volunteer.slots) == 2
    assert volunteer.status == VolunteerStatus.PENDING
    page = client.get(BASE + "/me").get_data(as_text=True)
    assert "Teieplikt" in page or "teieplikt" in page.lower() or "declaration" in page.lower()
    export = json.loads(client.get(BASE + "/me/export").get_data(as_text=True))
    assert export["volunteer"][0]["roles"] == ["escort", "driver"]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "roles": ["escort"],
            "birth_year": "abc",
            "consent": "y",
            "max_travel_km": "10",
            "tasks_per_week": "2",
            "wants": "both",
        },
        {
            "roles": ["<script>"],
            "birth_year": "1970",
            "consent": "y",
            "max_travel_km": "10",
            "tasks_per_week": "2",
            "wants": "both",
        },
        {
            "roles": ["escort"],
            "birth_year": "1970",
            "consent": "y",
            "max_travel_km": "-5",
            "tasks_per_week": "99",
            "wants": "x",
        },
        {
            "roles": ["escort"],
            "birth_year": "1970",
            "consent": "y",
            "max_travel_km": "10",
            "tasks_per_week": "2",
            "wants": "both",
            "place": "999999",
            "away_from": "2026-13-45",
            "availability": ["9z"],
            "skills": "x" * 5000,
        },
        {
            "roles": ["escort"],
            "birth_year": str(2026 - 10),
            "consent": "y",
            "max_travel_km": "10",
            "tasks_per_week": "2",
            "wants": "both",
        },
    ],
)
def test_bad_sign_up_input_is_a_400_with_a_message(client, oystre, data):
    login(client, make_user(municipality=oystre))
    response = client.post(BASE + "/sign-up", data=data)
    assert response.status_code == 400
    assert "error-summary" in response.get_data(as_text=True)


def test_coordinator_of_another_municipality_gets_403_and_ids_are_scoped(client, oystre, toten):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre)
    other = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten)
    login(client, other)
    for url in (COORD, f"{COORD}/volunteers/{volunteer.id}", f"{COORD}/tasks/{task.id}", f"{COORD}/stats"):
        assert client.get(url).status_code == 403, url
    # In their own municipality, the Øystre Slidre ids do not exist.
    toten_coord = "/vestre-toten/volunteer/coordinator"
    assert client.get(toten_coord).status_code == 200
    assert volunteer.user.name not in client.get(toten_coord).get_data(as_text=True)
    assert client.get(f"{toten_coord}/volunteers/{volunteer.id}").status_code == 404
    assert client.get(f"{toten_coord}/tasks/{task.id}").status_code == 404
    assert client.post(f"{toten_coord}/volunteers/{volunteer.id}/approve").status_code == 404
    toten_task = make_task(toten)
    response = client.post(f"{toten_coord}/tasks/{toten_task.id}/propose", data={"volunteer_id": volunteer.id})
    assert response.status_code == 404


def test_volunteer_and_anonymous_cannot_use_coordinator_pages(client, oystre):
    assert client.get(COORD).status_code == 302  # to the login page
    volunteer = make_volunteer(oystre)
    login(client, volunteer.user)
    assert client.get(COORD).status_code == 403
    assert client.get(f"{COORD}/tasks").status_code == 403


def test_volunteer_sees_only_own_tasks_and_need_to_know_after_accepting(client, oystre):
    mine, theirs = make_volunteer(oystre), make_volunteer(oystre)
    task = make_task(oystre, need_to_know="Brukar stokk.")
    other_task = make_task(oystre, title="Anna", need_to_know="Hemmeleg")
    proposals.propose(task, mine)
    proposals.propose(other_task, theirs)
    login(client, mine.user)
    assert client.get(f"{BASE}/me/tasks/{other_task.id}").status_code == 404
    page = client.get(f"{BASE}/me/tasks/{task.id}").get_data(as_text=True)
    assert "Brukar stokk." not in page and "41234567" not in page
    db.session.expire_all()
    assignment = db.session.get(Task, task.id).assignments[0]
    assignment.state = "accepted"
    db.session.commit()
    page = client.get(f"{BASE}/me/tasks/{task.id}").get_data(as_text=True)
    assert "Brukar stokk." in page and "Hemmeleg" not in page
    # Hours for someone else's task are refused without a 500.
    response = client.post(f"{BASE}/me/hours", data={"task": other_task.id, "day": "2026-01-05", "hours": "2"})
    assert response.status_code in (302, 303)
    assert "Hemmeleg" not in client.get(f"{BASE}/me").get_data(as_text=True)


@pytest.mark.parametrize(
    "method, url, data",
    [
        ("post", f"{COORD}/tasks/new", {"title": "", "day": "not-a-date", "start": "25:99", "duration_minutes": "x"}),
        (
            "post",
            f"{COORD}/tasks/new",
            {
                "kind": "evil",
                "role": "nope",
                "title": "<b>x</b>" * 100,
                "day": "2026-12-01",
                "start": "10:00",
                "duration_minutes": "60",
                "place": "abc",
                "language": "zz",
            },
        ),
        ("post", f"{COORD}/volunteers/1/intro", {"intro-day": "31.02.2026"}),
        ("post", f"{COORD}/volunteers/999999/approve", {}),
        ("post", f"{COORD}/tasks/999999/propose", {"volunteer_id": "abc"}),
        ("get", f"{COORD}/batch?week=2026-99-01", None),
        ("get", f"{COORD}/stats?year=99999", None),
        ("get", f"{COORD}/stats?year=abc", None),
        ("get", f"{COORD}?status=<script>", None),
        ("post", f"{COORD}/interest/999999/yes", {}),
        ("post", f"{COORD}/hours/999999/approve", {}),
        ("post", f"{COORD}/assignments/999999/send", {}),
        ("get", "/volunteer/answer/garbage", None),
        ("post", "/volunteer/answer/garbage", {}),
    ],
)
def test_bad_input_never_gives_a_500(client, oystre, coordinator, method, url, data):
    login(client, coordinator)
    response = getattr(client, method)(url, data=data) if data is not None else getattr(client, method)(url)
    assert 300 <= response.status_code < 500 or response.status_code == 200, response.status_code


def test_volunteer_bad_input_never_gives_a_500(client, oystre):
    volunteer = make_volunteer(oystre)
    login(client, volunteer.user)
    for data in ({"task": "abc", "day": "x", "hours": "lots"}, {"task": "", "hours": "-1"}, {}):
        assert client.post(f"{BASE}/me/hours", data=data).status_code in (302, 303)
    assert client.post(f"{BASE}/me/interest", data={"task_id": "99999"}).status_code == 302
    assert client.post(f"{BASE}/me/interest", data={"role": "x" * 500}).status_code == 302
    assert client.post(f"{BASE}/me/explode").status_code == 404


def test_the_old_statistics_addresses_lead_to_the_volunteers_report(client, oystre, coordinator):
    login(client, coordinator)
    report = "/oystre-slidre/reports/volunteers"
    for old, new in (
        (f"{COORD}/stats?year=2026", f"{report}?start=2026-01&end=2026-12"),
        (f"{COORD}/stats.csv?year=2026", f"{report}.csv?start=2026-01&end=2026-12"),
        (f"{COORD}/stats", report),
        (f"{COORD}/stats?year=99999", report),
        (f"{COORD}/stats.csv?year=abc", f"{report}.csv"),
    ):
        response = client.get(old)
        assert response.status_code == 301 and response.location == new, old
    response = client.get(f"{COORD}/stats.csv?year=2026", follow_redirects=True)
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert len(lines) == 14 and lines[1].startswith("2026-01;0;0;0")
    nav = client.get(COORD).get_data(as_text=True)
    assert f'href="{report}"' in nav and "/coordinator/stats" not in nav


def test_coordinator_proposes_and_the_link_answers(client, oystre, coordinator):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre)
    login(client, coordinator)
    page = client.get(f"{COORD}/tasks/{task.id}").get_data(as_text=True)
    assert volunteer.user.name in page
    response = client.post(f"{COORD}/tasks/{task.id}/propose", data={"volunteer_id": volunteer.id})
    assert response.status_code == 302
    from webapp.notifications.models import OutboxMessage

    message = db.session.query(OutboxMessage).filter_by(recipient=volunteer.user.email).one()
    link = next(line for line in message.body.splitlines() if "/volunteer/answer/" in line).strip()
    path = link.split("localhost", 1)[1]
    assert client.get(path).status_code == 200
    db.session.expire_all()
    assert db.session.get(Task, task.id).assignments[0].state == "proposed"  # GET changes nothing
    assert client.post(path).status_code == 200
    assert client.post(path).status_code == 400
    db.session.expire_all()
    assert db.session.get(Task, task.id).assignments[0].state == "accepted"


def test_interest_queue_waiting_time_and_the_status_the_volunteer_sees(client, oystre, coordinator):
    from datetime import timedelta

    from webapp.database import utcnow
    from webapp.volunteers import interests

    volunteer = make_volunteer(oystre)
    login(client, volunteer.user)
    assert client.post(f"{BASE}/me/interest", data={"role": "escort"}).status_code == 302
    assert "ventar på svar" in client.get(f"{BASE}/me").get_data(as_text=True)
    interest = interests.interests_of(volunteer)[0]
    interest.created_at = utcnow() - timedelta(days=9)
    db.session.commit()
    interests.send_reminders()
    assert "koordinatoren har fått ei påminning" in client.get(f"{BASE}/me").get_data(as_text=True)
    other = client.application.test_client()
    login(other, coordinator)
    page = other.get(f"{COORD}/interest").get_data(as_text=True)
    assert "9 dagar" in page and volunteer.user.name in page
    assert other.post(f"{COORD}/interest/{interest.id}/yes").status_code == 302
    assert "svar: ja" in client.get(f"{BASE}/me").get_data(as_text=True)


def test_status_filter_works_with_and_without_htmx(client, oystre, coordinator):
    approved = make_volunteer(oystre)
    pending = make_volunteer(oystre, status=VolunteerStatus.PENDING, approved_at=None)
    login(client, coordinator)
    page = client.get(f"{COORD}?status=pending").get_data(as_text=True)
    assert pending.user.name in page and approved.user.name not in page and "<h1" in page
    partial = client.get(f"{COORD}?status=approved", headers={"HX-Request": "true"})
    text = partial.get_data(as_text=True)
    assert approved.user.name in text and pending.user.name not in text and "<h1" not in text
    assert "HX-Request" in partial.headers["Vary"]
