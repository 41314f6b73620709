"""Help by phone through the pages: who may act, for whom, and that what they do is recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import login, make_municipality, make_user
from tests.offers.conftest import make_offer
from tests.respite.conftest import make_decision, make_respite_unit
from webapp.accounts import assisted
from webapp.accounts.models import AssistedAction, AssistedKind, Role, User
from webapp.extensions import db
from webapp.offers.models import SignUp


@pytest.fixture
def towns(ctx):
    return make_municipality(slug="heim", default_locale="nn"), make_municipality(slug="nabo")


@pytest.fixture
def resident(towns):
    home, _ = towns
    return assisted.create_person(make_user(roles=((Role.VOLUNTEER_COORDINATOR, home),)), home, "Astrid", "91234567")


def _actions(kind: str) -> list[AssistedAction]:
    return list(db.session.scalars(select(AssistedAction).where(AssistedAction.kind == kind)))


def test_logged_out_people_are_sent_to_log_in(client, towns) -> None:
    answer = client.get("/heim/phone-help")
    assert answer.status_code == 302 and "/login" in answer.location


@pytest.mark.parametrize("role", [None, Role.CITIZEN, Role.EDITOR, Role.UNIT_STAFF, Role.RELATIVE])
def test_others_may_not_help_by_phone(client, towns, resident, role) -> None:
    home, _ = towns
    login(client, make_user(roles=((role, home),) if role else ()))
    assert client.get("/heim/phone-help").status_code == 403
    assert client.get(f"/heim/phone-help/people/{resident.id}").status_code == 403
    assert client.post("/heim/phone-help/people", data={"name": "X", "phone": "91234567"}).status_code == 403
    assert client.post(f"/heim/phone-help/people/{resident.id}/offer", data={"offer": "1"}).status_code == 403


def test_a_coordinator_cannot_act_for_another_municipalitys_resident(client, towns, resident) -> None:
    home, neighbour = towns
    login(client, make_user(roles=((Role.VOLUNTEER_COORDINATOR, neighbour),)))
    offer = make_offer(neighbour, join_mode="sign_up")
    assert client.get("/heim/phone-help").status_code == 403
    assert client.get(f"/heim/phone-help/people/{resident.id}").status_code == 403
    # Through their own municipality's pages the resident of another is not found.
    assert client.get(f"/nabo/phone-help/people/{resident.id}").status_code == 404
    assert client.post(f"/nabo/phone-help/people/{resident.id}/offer", data={"offer": offer.id}).status_code == 404
    assert client.get("/nabo/phone-help?q=Astrid").get_data(as_text=True).count(f"/people/{resident.id}") == 0
    assert _actions(AssistedKind.OFFER_SIGNUP) == []


def test_a_coordinator_registers_a_caller_and_signs_them_up(client, towns) -> None:
    home, _ = towns
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, home),))
    offer = make_offer(home, join_mode="sign_up", title_nn="Trim")
    login(client, coordinator)
    assert client.get("/heim/phone-help").status_code == 200

    bad = client.post("/heim/phone-help/people", data={"name": "Astrid Telefon", "phone": "61 35"})
    assert bad.status_code == 400
    assert 'value="Astrid Telefon"' in bad.get_data(as_text=True) and 'id="phone-error"' in bad.get_data(as_text=True)

    created = client.post("/heim/phone-help/people", data={"name": "Astrid Telefon", "phone": "912 34 567"})
    assert created.status_code == 302
    person = db.session.scalar(select(User).where(User.name == "Astrid Telefon"))
    assert created.location.endswith(f"/heim/phone-help/people/{person.id}")
    page = client.get(f"/heim/phone-help/people/{person.id}").get_data(as_text=True)
    assert "Trim" in page and 'id="volunteer"' in page and 'id="respite"' not in page

    assert client.post(f"/heim/phone-help/people/{person.id}/offer", data={"offer": "999999"}).status_code == 400
    signed = client.post(f"/heim/phone-help/people/{person.id}/offer", data={"offer": offer.id})
    assert signed.status_code == 302
    assert db.session.scalar(select(SignUp).where(SignUp.user_id == person.id)) is not None
    [action] = _actions(AssistedKind.OFFER_SIGNUP)
    assert action.staff_id == coordinator.id and action.person_id == person.id and action.channel == "phone"
    assert f"/heim/phone-help/people/{person.id}" in client.get("/heim/phone-help").get_data(as_text=True)
    assert f"/people/{person.id}" in client.get("/heim/phone-help?q=912 34 567").get_data(as_text=True)


def test_the_allocation_office_books_respite_but_registers_no_volunteers(client, towns, clock) -> None:
    home, _ = towns
    officer = make_user(roles=((Role.ALLOCATION_OFFICER, home),))
    relative = make_user(roles=((Role.RELATIVE, home),), home_municipality_id=home.id, name="Rita Relativ")
    unit = make_respite_unit(home)
    decision = make_decision(home, [unit], [relative])
    login(client, officer)
    page = client.get(f"/heim/phone-help/people/{relative.id}").get_data(as_text=True)
    assert 'id="respite"' in page and 'id="volunteer"' not in page
    assert client.post(f"/heim/phone-help/people/{relative.id}/volunteer", data={}).status_code == 403

    arrival = clock.today + timedelta(days=10)
    form = {"decision": decision.id, "unit": unit.id, "arrival": arrival.isoformat()}
    refused = client.post(f"/heim/phone-help/people/{relative.id}/respite", data={**form, "departure": "x"})
    assert refused.status_code == 400
    booked = client.post(
        f"/heim/phone-help/people/{relative.id}/respite",
        data={**form, "departure": (arrival + timedelta(days=2)).isoformat()},
    )
    assert booked.status_code == 302
    [action] = _actions(AssistedKind.RESPITE_BOOKING)
    assert action.staff_id == officer.id and action.person_id == relative.id


def test_a_coordinator_may_not_book_respite(client, towns, clock) -> None:
    home, _ = towns
    relative = make_user(roles=((Role.RELATIVE, home),), home_municipality_id=home.id)
    unit = make_respite_unit(home)
    decision = make_decision(home, [unit], [relative])
    login(client, make_user(roles=((Role.VOLUNTEER_COORDINATOR, home),)))
    day = (clock.today + timedelta(days=10)).isoformat()
    answer = client.post(
        f"/heim/phone-help/people/{relative.id}/respite",
        data={"decision": decision.id, "unit": unit.id, "arrival": day, "departure": day},
    )
    assert answer.status_code == 403
    assert 'id="respite"' not in client.get(f"/heim/phone-help/people/{relative.id}").get_data(as_text=True)


def test_a_refused_volunteer_registration_says_why_and_records_nothing(client, towns, resident, clock) -> None:
    from webapp.volunteers.roles import all_roles, ensure_roles

    ensure_roles()
    db.session.commit()
    home, _ = towns  # no volunteer centre here
    login(client, make_user(roles=((Role.VOLUNTEER_COORDINATOR, home),)))
    form = {"roles": all_roles()[0].code, "birth_year": str(clock.today.year - 70), "consent": "y"}
    answer = client.post(f"/heim/phone-help/people/{resident.id}/volunteer", data=form)
    assert answer.status_code == 400 and 'id="roles-error"' in answer.get_data(as_text=True)
    assert (
        client.post(f"/heim/phone-help/people/{resident.id}/volunteer", data={**form, "consent": ""}).status_code == 400
    )
    assert _actions(AssistedKind.VOLUNTEER) == []
