"""Relative, office and unit pages through the test client: who may see what, and bad input."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import login, make_user
from tests.respite.conftest import make_decision, make_respite_unit, make_staff
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.respite.models import (
    Application, AuditEntry, Booking, BookingStatus, Decision, RespiteKind,
)
from webapp.respite.services import local_today

TODAY = local_today()


def d(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


@pytest.fixture
def world(ctx, municipalities):
    """Øystre Slidre with a unit, a relative with a decision, and a stranger with another."""
    m = municipalities["oystre-slidre"]
    unit = make_respite_unit(m, places=2, name="Øystre Slidre helsetun avlasting")
    relative = make_user(roles=(Role.RELATIVE,), municipality=m, locale="nn")
    decision = make_decision(m, [unit], [relative])
    stranger = make_user(roles=(Role.RELATIVE,), municipality=m, locale="nn")
    other_unit = make_respite_unit(m, places=3, name="Barneavlastninga test", kind=RespiteKind.CHILD_HOME)
    other = make_decision(m, [other_unit], [stranger])
    return m, unit, relative, decision, stranger, other, other_unit


def test_public_page_explains_when_logged_out(client, world):
    page = client.get("/oystre-slidre/respite")
    assert page.status_code == 200
    assert "Avlasting for pårørande" in page.get_data(as_text=True)


def test_relative_books_and_sees_quota_left(client, world):
    m, unit, relative, decision, *_ = world
    login(client, relative)
    start = client.get("/oystre-slidre/respite").get_data(as_text=True)
    assert "Olav Omsorg" in start
    page = client.post(f"/oystre-slidre/respite/decisions/{decision.id}/book",
                       data={"unit": unit.id, "arrival": d(3), "departure": d(5), "action": "preview"})
    assert page.status_code == 200 and "2 døgn" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 0
    response = client.post(f"/oystre-slidre/respite/decisions/{decision.id}/book",
                           data={"unit": unit.id, "arrival": d(3), "departure": d(5), "action": "confirm"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 av 4 døgn att" in page


@pytest.mark.parametrize("arrival, departure", [
    ("", ""), ("i morgon", d(2)), ("2026-13-45", d(2)), (d(5), d(3)), (d(-3), d(-1)),
    (d(1), d(3650)), ("<script>", "1" * 300),
])
def test_bad_dates_are_refused_with_a_message_never_500(client, world, arrival, departure):
    m, unit, relative, decision, *_ = world
    login(client, relative)
    response = client.post(f"/oystre-slidre/respite/decisions/{decision.id}/book",
                           data={"unit": unit.id, "arrival": arrival, "departure": departure, "action": "confirm"})
    assert response.status_code == 400
    assert "ds-error-summary" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 0


def test_relative_cannot_reach_other_peoples_decisions_by_url_or_form(client, world):
    m, unit, relative, decision, stranger, other, other_unit = world
    login(client, relative)
    assert client.get(f"/oystre-slidre/respite/decisions/{other.id}").status_code == 404
    assert client.get("/oystre-slidre/respite/decisions/999999").status_code == 404
    assert client.get(f"/vestre-toten/respite/decisions/{decision.id}").status_code == 404
    assert client.post(f"/oystre-slidre/respite/decisions/{other.id}/book",
                       data={"unit": other_unit.id, "arrival": d(2), "departure": d(3)}).status_code == 404
    # Their own decision, but another unit's id in the form.
    response = client.post(f"/oystre-slidre/respite/decisions/{decision.id}/book",
                           data={"unit": other_unit.id, "arrival": d(2), "departure": d(3), "action": "confirm"})
    assert response.status_code == 400
    foreign = Booking(decision_id=other.id, respite_unit_id=other_unit.id, arrival=TODAY + timedelta(days=5),
                      departure=TODAY + timedelta(days=6), status=BookingStatus.CONFIRMED)
    db.session.add(foreign)
    db.session.commit()
    assert client.post(f"/oystre-slidre/respite/bookings/{foreign.id}/cancel").status_code == 404
    assert client.get(f"/oystre-slidre/respite/bookings/{foreign.id}/change").status_code == 404
    assert client.post(f"/oystre-slidre/respite/decisions/{other.id}/wait",
                       data={"wait-unit": other_unit.id, "wait-day": d(5)}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Booking, foreign.id).status == BookingStatus.CONFIRMED
    exported = json.loads(client.get("/oystre-slidre/respite/my-data.json").get_data(as_text=True))
    assert [x["id"] for x in exported["decisions"]] == [decision.id]


def test_cancel_and_change_through_the_pages(client, world):
    m, unit, relative, decision, *_ = world
    login(client, relative)
    client.post(f"/oystre-slidre/respite/decisions/{decision.id}/book",
                data={"unit": unit.id, "arrival": d(10), "departure": d(13), "action": "confirm"})
    booking = db.session.scalar(select(Booking))
    response = client.post(f"/oystre-slidre/respite/bookings/{booking.id}/change",
                           data={"arrival": d(10), "departure": d(12)})
    assert response.status_code == 302
    assert client.post(f"/oystre-slidre/respite/bookings/{booking.id}/change",
                       data={"arrival": "x", "departure": d(12)}).status_code == 400
    client.post(f"/oystre-slidre/respite/bookings/{booking.id}/cancel")
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.CANCELLED


def test_apply_and_office_makes_a_decision(client, world):
    m, unit, relative, *_ = world
    applicant = make_user(municipality=m, locale="nn")
    login(client, applicant)
    assert client.post("/oystre-slidre/respite/apply", data={"receiver_name": ""}).status_code == 400
    response = client.post("/oystre-slidre/respite/apply", data={
        "receiver_name": "Marit Mor", "receiver_birth_year": "1941", "relation": "dotter",
        "care_work": "Eg hjelper med mat og medisinar kvar dag.", "hours_per_week": "20-40",
        "kind_wanted": "institution", "consent": "self", "consent_by": "Marit Mor"})
    assert response.status_code == 302
    application = db.session.scalar(select(Application))
    assert application.status == "received"

    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    client.post("/logout")
    login(client, officer)
    assert "Marit Mor" in client.get(f"/oystre-slidre/respite/office/applications/{application.id}").get_data(as_text=True)
    form = client.get(f"/oystre-slidre/respite/office/decisions/new?application={application.id}").get_data(as_text=True)
    assert applicant.email in form
    response = client.post(f"/oystre-slidre/respite/office/decisions/new?application={application.id}", data={
        "receiver_name": "Marit Mor", "receiver_birth_year": "1941", "kind": "institution",
        "units": [str(unit.id)], "quota_amount": "4", "quota_unit": "nights", "period_kind": "rolling",
        "period_days": "28", "valid_from": d(0), "valid_to": d(365), "horizon_days": "90",
        "cancel_hours": "48", "max_stay": "7", "relative_email": applicant.email,
        "consent_given_by": "Marit Mor", "consent_date": d(0), "consent_method": "digital"})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "granted"
    decision = db.session.scalar(select(Decision).where(Decision.application_id == application.id))
    assert [r.user_id for r in decision.relatives] == [applicant.id]
    reads = db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id == officer.id)).all()
    assert {r.what for r in reads} == {"application"}
    client.get(f"/oystre-slidre/respite/office/decisions/{decision.id}")
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.what == "decision", AuditEntry.care_receiver_id == decision.care_receiver_id)) == 1
    client.post("/logout")
    login(client, applicant)
    looked = client.get("/oystre-slidre/respite/who-has-looked").get_data(as_text=True)
    assert officer.name in looked


def test_office_pages_need_the_role_in_that_municipality(client, world, municipalities):
    m, unit, relative, decision, *_ = world
    officer_elsewhere = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=municipalities["vestre-toten"])
    assert client.get("/oystre-slidre/respite/office").status_code == 302  # to the login page
    login(client, relative)
    for path in ("/oystre-slidre/respite/office", "/oystre-slidre/respite/office/holidays",
                 "/oystre-slidre/respite/office/units", f"/oystre-slidre/respite/office/decisions/{decision.id}",
                 "/oystre-slidre/respite/unit"):
        assert client.get(path).status_code == 403, path
    client.post("/logout")
    login(client, officer_elsewhere)
    assert client.get("/oystre-slidre/respite/office").status_code == 403
    assert client.get(f"/vestre-toten/respite/office/decisions/{decision.id}").status_code == 404


def test_office_holidays_and_capacity(client, world):
    m, unit, *_ = world
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    login(client, officer)
    assert client.post("/oystre-slidre/respite/office/holidays",
                       data={"name": "Vinterferie", "start": "2027-03-01", "end": "2027-02-01"}).status_code == 400
    assert client.post("/oystre-slidre/respite/office/holidays",
                       data={"name": "Vinterferie", "start": "2027-03-01", "end": "2027-03-05"}).status_code == 302
    assert "Vinterferie" in client.get("/oystre-slidre/respite/office/holidays").get_data(as_text=True)
    client.post("/oystre-slidre/respite/office/units", data={
        "form": "capacity", "unit": unit.id, "capacity-valid_from": "2027-06-01", "capacity-places": "0",
        "capacity-note": "Flytting"})
    assert client.post("/oystre-slidre/respite/office/units", data={
        "form": "capacity", "unit": 999999, "capacity-valid_from": "2027-06-01",
        "capacity-places": "1"}).status_code == 404
    db.session.expire_all()
    assert [c.places for c in db.session.get(type(unit), unit.id).capacities] == [2, 0]


def test_unit_staff_see_only_their_unit_and_every_read_is_logged(client, world):
    m, unit, relative, decision, stranger, other, other_unit = world
    decision.needs_approval = True
    db.session.commit()
    staff = make_staff(m, unit, locale="nn")
    login(client, relative)
    client.post(f"/oystre-slidre/respite/decisions/{decision.id}/book",
                data={"unit": unit.id, "arrival": d(2), "departure": d(4), "action": "confirm"})
    booking = db.session.scalar(select(Booking))
    assert booking.status == BookingStatus.PENDING
    client.post("/logout")
    login(client, staff)
    assert client.get(f"/oystre-slidre/respite/unit/{other_unit.id}").status_code == 404
    month = (TODAY + timedelta(days=2)).strftime("%Y-%m")
    page = client.get(f"/oystre-slidre/respite/unit/{unit.id}?month={month}").get_data(as_text=True)
    assert "Olav Omsorg" in page
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.actor_id == staff.id, AuditEntry.care_receiver_id == decision.care_receiver_id)) == 1
    assert client.post(f"/oystre-slidre/respite/unit/{unit.id}/bookings/{booking.id}/decline",
                       data={"decide-reason": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.PENDING  # a reason is required
    client.post(f"/oystre-slidre/respite/unit/{other_unit.id}/bookings/{booking.id}/approve")
    client.post(f"/oystre-slidre/respite/unit/{unit.id}/bookings/{booking.id}/decline",
                data={"decide-reason": "Ingen ledig personale"})
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.DECLINED
