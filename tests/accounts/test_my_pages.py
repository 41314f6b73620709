"""Mine sider: a logged-in person's own sign-ups, respite and volunteering in one place, each with its
next step; an offer page that knows I have a place; the phone number I gave kept on my profile."""

from __future__ import annotations

from tests.factories import login, make_user
from tests.offers.conftest import make_offer
from tests.respite.conftest import make_decision, make_respite_unit
from webapp.extensions import db
from webapp.offers import signups


def test_a_sign_up_shows_on_my_pages_and_on_the_offer(client, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    user = make_user(locale="nn", municipality=m, phone="")
    offer = make_offer(m, capacity=5, join_mode="sign_up")
    login(client, user)
    html = client.get("/my-pages").get_data(as_text=True)
    assert "Mine sider" in html and "Du har ikkje meldt deg på noko tilbod." in html
    page = client.get(f"/oystre-slidre/offers/{offer.id}").get_data(as_text=True)
    assert 'href="#signup-heading"' in page and "Du er påmeldt" not in page

    response = client.post(f"/oystre-slidre/offers/{offer.id}", data={"name": user.name, "phone": "912 34 567"})
    assert response.status_code == 303

    html = client.get("/my-pages").get_data(as_text=True)
    assert offer.title_nn in html and "Påmeldt" in html
    assert "/offers/cancel/" in html and f"/oystre-slidre/offers/{offer.id}.ics" in html
    page = client.get(f"/oystre-slidre/offers/{offer.id}").get_data(as_text=True)
    assert "Du er påmeldt" in page and "/offers/cancel/" in page
    db.session.refresh(user)
    assert user.phone == "912 34 567"  # kept on the profile

    # cancelled: gone from Mine sider, and the offer page offers a place again
    signups.cancel(signups.signup_of_user(offer.id, user.id).id)
    assert offer.title_nn not in client.get("/my-pages").get_data(as_text=True)
    assert "Du er påmeldt" not in client.get(f"/oystre-slidre/offers/{offer.id}").get_data(as_text=True)


def test_a_given_phone_number_does_not_replace_the_one_on_the_profile(ctx, municipalities):
    m = municipalities["oystre-slidre"]
    user = make_user(municipality=m, phone="99999999")
    offer = make_offer(m, capacity=5, join_mode="sign_up")
    person = signups.Person(name=user.name, phone="91234567", email="", locale="nn", user_id=user.id)
    signups.sign_up(offer.id, person)
    db.session.refresh(user)
    assert user.phone == "99999999"


def test_my_respite_shows_with_its_next_step(client, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    user = make_user(locale="nb", municipality=m)
    decision = make_decision(m, [make_respite_unit(m)], relatives=(user,))
    login(client, user)
    html = client.get("/my-pages").get_data(as_text=True)
    assert f"/oystre-slidre/respite/decisions/{decision.id}" in html
    assert "Bestill, endre eller avbestill et opphold" in html


def test_my_pages_needs_a_login(client):
    response = client.get("/my-pages")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
