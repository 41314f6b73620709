"""A relative registered by phone (no e-mail) can be added to a decision by the allocation office,
by mobile number, so that staff can book on their behalf; the booking records who acted and that it
was by phone."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import login, make_municipality, make_user
from tests.respite.conftest import make_respite_unit
from webapp.accounts import assisted
from webapp.accounts.models import AssistedAction, AssistedChannel, AssistedKind, Role, User
from webapp.extensions import db
from webapp.respite import office
from webapp.respite.models import Booking, Decision
from webapp.respite.services import RespiteError


@pytest.fixture
def town(ctx):
    home = make_municipality(slug="heim", default_locale="nn")
    other = make_municipality(slug="nabo")
    officer = make_user(roles=((Role.ALLOCATION_OFFICER, home),), locale="nn")
    unit = make_respite_unit(home, places=2)
    return home, other, officer, unit


def decision_data(unit, clock, **relative) -> office.DecisionData:
    return office.DecisionData(
        receiver_name="Gunnar Telefon",
        receiver_birth_year=1939,
        kind=unit.kind,
        unit_ids=[unit.id],
        quota_amount=4,
        quota_unit="nights",
        period_kind="rolling",
        period_days=28,
        valid_from=clock.today,
        valid_to=clock.today + timedelta(days=365),
        horizon_days=90,
        cancel_hours=48,
        max_stay=7,
        needs_approval=False,
        weekend_cap=None,
        holiday_cap=None,
        relatives=[
            office.RelativeData(
                email="", consent_given_by="Gunnar Telefon", consent_date=clock.today, consent_method="oral", **relative
            )
        ],
    )


def actions(kind: AssistedKind) -> list[AssistedAction]:
    return list(db.session.scalars(select(AssistedAction).where(AssistedAction.kind == kind.value)))


def test_office_adds_a_phone_person_and_staff_book_for_them_by_phone(town, clock):
    home, other, officer, unit = town
    person = assisted.create_person(officer, home, "Kari Telefon", "912 34 567")
    assert not assisted.has_email(person)
    # Someone elsewhere with the same number is not the one meant.
    make_user(phone="+4791234567", home_municipality_id=other.id)
    decision = office.create_decision(officer, home, decision_data(unit, clock, phone="91234567"))
    assert [r.user_id for r in decision.relatives] == [person.id]
    assert person.has_role(Role.RELATIVE, home)

    arrival = clock.today + timedelta(days=10)
    booking = assisted.book_respite(officer, home, person, decision.id, unit.id, arrival, arrival + timedelta(days=2))
    assert booking.booked_by_id == person.id and booking.is_active
    [action] = actions(AssistedKind.RESPITE_BOOKING)
    assert action.staff_id == officer.id and action.person_id == person.id and action.subject_id == booking.id
    assert action.channel == AssistedChannel.PHONE.value


def test_an_unknown_number_needs_the_name_and_then_registers_the_person_by_phone(town, clock):
    home, other, officer, unit = town
    with pytest.raises(RespiteError, match="mobilnummeret|mobile number"):
        office.create_decision(officer, home, decision_data(unit, clock, phone="48 00 00 01"))
    assert db.session.scalar(select(Decision)) is None
    decision = office.create_decision(officer, home, decision_data(unit, clock, phone="48 00 00 01", name="Per Ny"))
    [link] = decision.relatives
    assert link.user.name == "Per Ny" and link.user.phone == "+4748000001"
    assert not assisted.has_email(link.user) and link.user.home_municipality_id == home.id
    [registered] = actions(AssistedKind.REGISTERED)
    assert registered.person_id == link.user_id and registered.staff_id == officer.id
    # The same number again finds the same person, not a second one.
    again = replace(decision_data(unit, clock, phone="+47 480 00 001"), receiver_name="Gunnar Telefon")
    office.update_decision(officer, decision, again)
    assert db.session.scalar(select(db.func.count()).select_from(User).where(User.phone == "+4748000001")) == 1


def test_the_office_form_takes_a_mobile_number_and_the_booking_shows_by_phone(client, town, clock):
    home, other, officer, unit = town
    person = assisted.create_person(officer, home, "Kari Telefon", "91234567")
    login(client, officer)
    form = {
        "receiver_name": "Gunnar Telefon",
        "receiver_birth_year": "1939",
        "kind": "institution",
        "units": [str(unit.id)],
        "quota_amount": "4",
        "quota_unit": "nights",
        "period_kind": "rolling",
        "period_days": "28",
        "valid_from": clock.today.isoformat(),
        "valid_to": (clock.today + timedelta(days=365)).isoformat(),
        "horizon_days": "90",
        "cancel_hours": "48",
        "max_stay": "7",
        "consent_given_by": "Gunnar Telefon",
        "consent_date": clock.today.isoformat(),
        "consent_method": "oral",
    }
    page = client.get("/heim/respite/office/decisions/new").get_data(as_text=True)
    assert 'name="relative_phone"' in page and "Mobilnummeret til ein pårørande utan e-post" in page
    bad = client.post("/heim/respite/office/decisions/new", data={**form, "relative_phone": "12"})
    assert bad.status_code == 400
    assert "Mobilnummeret til den pårørande må ha 8 siffer" in bad.get_data(as_text=True)
    assert 'value="12"' in bad.get_data(as_text=True)  # what was typed is kept
    response = client.post("/heim/respite/office/decisions/new", data={**form, "relative_phone": "912 34 567"})
    assert response.status_code == 302
    decision = db.session.scalar(select(Decision))
    assert [r.user_id for r in decision.relatives] == [person.id]
    # The relative shows with the phone number, not the placeholder address.
    html = client.get(f"/heim/respite/office/decisions/{decision.id}").get_data(as_text=True)
    assert "Kari Telefon (+4791234567)" in html and "phone.invalid" not in html

    arrival = clock.today + timedelta(days=10)
    booked = client.post(
        f"/heim/phone-help/people/{person.id}/respite",
        data={
            "decision": decision.id,
            "unit": unit.id,
            "arrival": arrival.isoformat(),
            "departure": (arrival + timedelta(days=2)).isoformat(),
        },
    )
    assert booked.status_code == 302
    booking = db.session.scalar(select(Booking))
    [action] = actions(AssistedKind.RESPITE_BOOKING)
    assert (action.staff_id, action.person_id, action.subject_id) == (officer.id, person.id, booking.id)
    assert action.channel == AssistedChannel.PHONE.value
