"""Help by phone: staff act for a person (often without e-mail), every action records who acted
and that it was by phone, messages go by SMS, and the person sees it all on Mine sider."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, login, make_municipality, make_user, password_hash
from tests.offers.conftest import make_offer
from tests.respite.conftest import make_decision, make_respite_unit
from webapp.accounts import assisted
from webapp.accounts.models import AssistedAction, AssistedKind, Role
from webapp.extensions import db
from webapp.notifications import services as notifications
from webapp.notifications.models import OutboxMessage
from webapp.volunteers.roles import ensure_roles


@pytest.fixture
def place(ctx):
    return make_municipality(default_locale="nn")


def _actions(person) -> list[tuple[str, int | None, str]]:
    rows = db.session.scalars(select(AssistedAction).where(AssistedAction.person_id == person.id))
    return sorted((row.kind, row.staff_id, row.channel) for row in rows)


def test_a_coordinator_registers_a_person_without_e_mail(place) -> None:
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, place),))
    person = assisted.create_person(coordinator, place, "Astrid Telefon", "912 34 567")
    assert person.phone == "+4791234567" and person.home_municipality_id == place.id
    assert not assisted.has_email(person)
    assert person.password_hash == "!"
    assert _actions(person) == [(AssistedKind.REGISTERED, coordinator.id, "phone")]
    assert notifications.recipient_of(person).email == ""


def test_only_helpers_of_the_municipality_register(place) -> None:
    for staff in (
        make_user(roles=((Role.EDITOR, place),)),
        make_user(roles=((Role.ALLOCATION_OFFICER, make_municipality()),)),
    ):
        with pytest.raises(assisted.NotFound):
            assisted.create_person(staff, place, "Astrid", "912 34 567")
    with pytest.raises(assisted.AssistError):
        assisted.create_person(make_user(roles=((Role.ALLOCATION_OFFICER, place),)), place, "Astrid", "61 35 25 00")


def test_a_sign_up_for_an_offer_is_recorded_and_confirmed_by_sms(place, gateway) -> None:
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, place),))
    person = assisted.create_person(coordinator, place, "Astrid Telefon", "912 34 567")
    offer = make_offer(place, join_mode="sign_up")
    signup = assisted.sign_up_for_offer(coordinator, place, person, offer.id)
    assert signup.user_id == person.id and signup.email == ""
    assert (AssistedKind.OFFER_SIGNUP, coordinator.id, "phone") in _actions(person)
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert [m.channel for m in messages] == ["sms"] and messages[0].recipient == "+4791234567"
    assert notifications.send_due().sent == 1
    assert gateway.received and gateway.received[0]["destination"] == "+4791234567"


def test_an_offer_of_another_municipality_cannot_be_used(place) -> None:
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, place),))
    person = assisted.create_person(coordinator, place, "Astrid", "912 34 567")
    offer = make_offer(make_municipality(), join_mode="sign_up")
    with pytest.raises(assisted.NotFound):
        assisted.sign_up_for_offer(coordinator, place, person, offer.id)
    assert [kind for kind, *_ in _actions(person)] == [AssistedKind.REGISTERED]


def test_a_coordinator_registers_the_person_as_a_volunteer(municipalities, ctx, clock) -> None:
    ensure_roles()
    db.session.commit()
    oystre = municipalities["oystre-slidre"]
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, oystre),))
    person = assisted.create_person(coordinator, oystre, "Per Frivillig", "412 34 567")
    from webapp.volunteers.roles import all_roles

    volunteer = assisted.register_volunteer(coordinator, oystre, person, [all_roles()[0].code], clock.today.year - 70)
    assert volunteer.user_id == person.id
    action = db.session.scalar(select(AssistedAction).where(AssistedAction.kind == AssistedKind.VOLUNTEER))
    assert action.staff_id == coordinator.id and action.subject_id == volunteer.id and action.channel == "phone"
    # The allocation office does not register volunteers.
    officer = make_user(roles=((Role.ALLOCATION_OFFICER, oystre),))
    with pytest.raises(assisted.NotFound):
        assisted.register_volunteer(officer, oystre, person, [all_roles()[0].code], 1950)


def test_the_allocation_office_books_inside_the_persons_decision(place, clock) -> None:
    officer = make_user(roles=((Role.ALLOCATION_OFFICER, place),))
    relative = make_user(roles=((Role.RELATIVE, place),), home_municipality_id=place.id, phone="98765432")
    unit = make_respite_unit(place)
    decision = make_decision(place, [unit], [relative])
    arrival = clock.today + timedelta(days=10)
    assert assisted.decisions_of(officer, place, relative) == [decision]
    booking = assisted.book_respite(
        officer, place, relative, decision.id, unit.id, arrival, arrival + timedelta(days=2)
    )
    assert booking.decision_id == decision.id
    assert _actions(relative) == [(AssistedKind.RESPITE_BOOKING, officer.id, "phone")]

    # A coordinator may not book respite, nor may anyone book inside someone else's decision.
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, place),))
    with pytest.raises(assisted.NotFound):
        assisted.book_respite(coordinator, place, relative, decision.id, unit.id, arrival, arrival)
    stranger = assisted.create_person(officer, place, "Ukjend", "912 34 568")
    with pytest.raises(assisted.NotFound):
        assisted.book_respite(officer, place, stranger, decision.id, unit.id, arrival, arrival + timedelta(days=1))


def test_a_refused_stay_records_nothing(place, clock) -> None:
    officer = make_user(roles=((Role.ALLOCATION_OFFICER, place),))
    relative = make_user(roles=((Role.RELATIVE, place),), home_municipality_id=place.id)
    unit = make_respite_unit(place)
    decision = make_decision(place, [unit], [relative], max_stay=1)
    arrival = clock.today + timedelta(days=10)
    with pytest.raises(assisted.AssistError):
        assisted.book_respite(officer, place, relative, decision.id, unit.id, arrival, arrival + timedelta(days=5))
    assert _actions(relative) == []


def test_staff_act_only_for_residents_of_their_municipality(place) -> None:
    other = make_municipality()
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, place),))
    neighbour = assisted.create_person(
        make_user(roles=((Role.VOLUNTEER_COORDINATOR, other),)), other, "Nabo", "91234569"
    )
    with pytest.raises(assisted.NotFound):
        assisted.person_for(coordinator, place, neighbour.id)
    with pytest.raises(assisted.NotFound):
        assisted.person_for(coordinator, other, neighbour.id)


def test_the_person_sees_on_mine_sider_who_helped_and_how(place, client, clock) -> None:
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, place),), name="Kari Koordinator")
    person = assisted.create_person(coordinator, place, "Astrid Telefon", "912 34 567")
    offer = make_offer(place, join_mode="sign_up", title_nn="Trim for alle")
    assisted.sign_up_for_offer(coordinator, place, person, offer.id)
    # Later the person gets a way in (here: an address and a password).
    person.email_confirmed_at = clock.now
    person.email, person.password_hash = "astrid@example.no", password_hash()
    db.session.commit()
    login(client, person, PASSWORD)
    page = client.get("/my-pages").get_data(as_text=True)
    assert 'id="done-by-phone"' in page
    assert "Kari Koordinator" in page and "Trim for alle" in page
    assert "på telefon" in page
