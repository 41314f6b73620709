"""Anonymous sign-ups cannot fill an offer or send a stranger's text to anyone (issue 11, medium).

Before: 25 POSTs from one client filled all 20 places of an offer and queued 48 e-mails and SMS with
the attacker's text ("Besøk http://phish.example") to any address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from tests.factories import login, make_user
from tests.offers.conftest import make_offer
from webapp.accounts import services as accounts
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.offers import signups, suspicious
from webapp.offers.models import SignUp
from webapp.offers.services import next_sessions
from webapp.text import LINK


@pytest.fixture
def offer(municipalities):
    return make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=20)


def _post(client, offer, n: int, ip: str = "10.0.0.1", **data):
    form = {"name": f"Person {n}", "phone": f"9{n:07d}", "email": f"victim{n}@example.no", **data}
    return client.post(f"/oystre-slidre/offers/{offer.id}", data=form, environ_base={"REMOTE_ADDR": ip})


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_one_client_cannot_fill_an_offer(client, offer):
    codes = [_post(client, offer, n, name="Besøk phish").status_code for n in range(25)]
    assert codes == [303] * 3 + [429] * 22
    assert _count(SignUp, SignUp.offer_id == offer.id) == 3
    assert _count(OutboxMessage) == 6  # e-mail and SMS for each of the three

    refused = _post(client, offer, 99)
    html = refused.get_data(as_text=True)
    assert "For mange forsøk" in html and "Du kan prøve igjen" in html and " kl. " in html
    assert 0 < int(refused.headers["Retry-After"]) <= 3600


def test_the_client_may_sign_up_again_when_the_hour_is_over(client, offer, clock):
    for n in range(3):
        assert _post(client, offer, n).status_code == 303
    refused = _post(client, offer, 3)
    assert refused.status_code == 429
    clock.shift(timedelta(seconds=int(refused.headers["Retry-After"]) + 1))
    assert _post(client, offer, 3).status_code == 303


def test_anonymous_sign_ups_per_offer_are_capped_for_everyone_together(client, offer, municipalities):
    for n in range(10):
        assert _post(client, offer, n, ip=f"10.0.1.{n}").status_code == 303
    assert _post(client, offer, 10, ip="10.0.1.10").status_code == 429
    other = make_offer(municipalities["oystre-slidre"], join_mode="sign_up", capacity=20)
    assert _post(client, other, 11, ip="10.0.1.10").status_code == 303  # another offer is open
    person = make_user(phone="41234567")  # people with an account are known: no cap per offer
    login(client, person)
    assert _post(client, offer, 12, ip="10.0.1.10", name=person.name, phone=person.phone).status_code == 303


def test_failed_sign_ups_count_against_the_client_too(app, client, municipalities, monkeypatch):
    monkeypatch.setitem(app.config, "OFFER_SIGNUP_LIMIT", "5 per hour")
    offers = [make_offer(municipalities["oystre-slidre"], join_mode="sign_up") for _ in range(6)]
    for n, offer in enumerate(offers[:5]):
        assert _post(client, offer, n, phone="x").status_code == 400
    assert _post(client, offers[5], 5).status_code == 429
    assert _post(client, offers[5], 5, ip="10.9.9.9").status_code == 303


def test_a_sign_up_keeps_only_a_keyed_hash_of_where_it_came_from(client, offer):
    assert _post(client, offer, 1, ip="192.0.2.44").status_code == 303
    row = db.session.scalar(select(SignUp))
    assert row.client_hash == suspicious.client_hash("192.0.2.44") and len(row.client_hash) == 16
    assert "192.0.2" not in row.client_hash


@pytest.mark.parametrize("name", ["Besøk http://phish.example", "Sjå www.phish.example", "phish.example"])
def test_a_name_with_a_web_address_is_refused(client, offer, name):
    response = _post(client, offer, 1, name=name)
    assert response.status_code == 400
    assert "Skriv «Namn» utan nettadresser." in response.get_data(as_text=True)
    assert _count(SignUp) == 0 and _count(OutboxMessage) == 0


def _links(text: str) -> list[str]:
    return [m.group(0) for m in LINK.finditer(text)]


def test_a_strangers_text_never_becomes_a_link_in_our_messages(ctx, offer):
    # Made before names refused web addresses, or by a way round the form.
    name = "Besøk http://phish.example eller www.phish.example, phish.example"
    signup = signups.sign_up(offer.id, signups.Person(name=name, phone="91234567", email="kari@example.no"))
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert sorted(m.channel for m in messages) == ["email", "sms"]
    # The sign-off's address is the organiser's (here the municipality's), ours to give.
    ours = signups.organiser_of(signup.offer).email
    for message in messages:
        text = message.subject + "\n" + message.body
        links = _links(text.replace(ours, " ") if ours else text)
        assert links == [signups.cancel_link(signup)] or links == [], (message.channel, links)
    email = next(m for m in messages if m.channel == "email")
    assert "Besøk http[:]//phish[.]example eller www[.]phish[.]example, phish[.]example" in email.body


def test_a_strangers_name_in_a_registration_mail_is_no_link_either(ctx):
    accounts.register(
        email="offer@example.no",
        password="eit langt passord her",
        name="Kari www.phish.example",
        locale="nn",
        home_municipality_id=None,
    )
    message = db.session.scalar(select(OutboxMessage))
    assert "Kari www[.]phish[.]example" in message.body
    assert not any("phish" in link for link in _links(message.body))


# Organisers see suspicious sign-ups and remove them.


def _person(n: int, name: str | None = None, phone: str | None = None, email: str = "", client: str = ""):
    return signups.Person(
        name=name or f"Person {n}", phone=phone or f"9100{n:04d}", email=email, locale="nn", client_hash=client
    )


def test_suspicious_sign_ups_are_marked_and_honest_ones_are_not(ctx, offer):
    first, second = next_sessions(offer, 2)
    rows = [
        signups.sign_up(offer.id, _person(1, client="aaaa")),
        signups.sign_up(offer.id, _person(2, client="aaaa")),
        signups.sign_up(offer.id, _person(3, client="aaaa")),  # three from one network
        signups.sign_up(offer.id, _person(4, name="Besøk phish.example")),  # made before the form refused it
        signups.sign_up(offer.id, _person(5, phone="912 34 567")),
        signups.sign_up(offer.id, _person(6, phone="+47 91234567")),  # the same number, another name
        signups.sign_up(offer.id, _person(7, email="kari@example.no")),
        signups.sign_up(offer.id, _person(8, email="Kari@Example.no")),
        # Honest: a couple from one home, and one person for two single sessions.
        signups.sign_up(offer.id, _person(9, client="bbbb")),
        signups.sign_up(offer.id, _person(10, client="bbbb")),
        signups.sign_up(offer.id, _person(11, name="Olav", phone="41234567"), first.starts_at),
        signups.sign_up(offer.id, _person(12, name="Olav", phone="41234567"), second.starts_at),
    ]
    with force_locale("nn"):
        marks = suspicious.marks(rows)
    with_marks = {rows.index(next(r for r in rows if r.id == i)) + 1: reasons for i, reasons in marks.items()}
    assert sorted(with_marks) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert with_marks[1] == ["3 påmeldingar utan konto kom frå same nettverksadresse."]
    assert with_marks[4] == ["Namnet inneheld ei nettadresse."]
    assert with_marks[5] == ["Det same telefonnummeret står i ei anna påmelding."]
    assert with_marks[8] == ["Den same e-postadressa står i ei anna påmelding."]


def test_organisers_see_the_marks_and_remove_a_sign_up_which_frees_the_place(client, municipalities):
    m = municipalities["oystre-slidre"]
    offer = make_offer(m, join_mode="sign_up", capacity=1)
    fake = signups.sign_up(offer.id, _person(1, name="Besøk phish.example", email="offer@example.no"))
    waiting = signups.sign_up(offer.id, _person(2, email="venter@example.no"))
    assert (fake.status, waiting.status) == ("confirmed", "waiting")
    before = _count(OutboxMessage, OutboxMessage.recipient == "offer@example.no")
    coordinator = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=m, locale="nn")
    login(client, coordinator)
    page = client.get(f"/oystre-slidre/offers/manage/{offer.id}/signups")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Namnet inneheld ei nettadresse." in html
    assert "1 påmelding ser ut som om nokon andre har laga ho." in html
    assert f"/signups/{fake.id}/remove" in html and "Fjern Besøk phish.example" in html
    assert "Avlys ei samling" not in html  # cancelling a session is for editors

    response = client.post(f"/oystre-slidre/offers/manage/{offer.id}/signups/{fake.id}/remove", follow_redirects=True)
    assert "er fjerna frå lista" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SignUp, fake.id).status == "cancelled"
    assert db.session.get(SignUp, waiting.id).status == "confirmed"
    assert _count(OutboxMessage, OutboxMessage.recipient == "venter@example.no") == 2  # waiting, then a place
    assert _count(OutboxMessage, OutboxMessage.recipient == "offer@example.no") == before  # nothing more


def test_only_organisers_of_the_municipality_remove_sign_ups(client, municipalities):
    m = municipalities["oystre-slidre"]
    offer = make_offer(m, join_mode="sign_up")
    other_offer = make_offer(m, join_mode="sign_up")
    signup = signups.sign_up(offer.id, _person(1))
    path = f"/oystre-slidre/offers/manage/{offer.id}/signups/{signup.id}/remove"
    assert client.post(path).status_code == 302 and "/login" in client.post(path).headers["Location"]
    for user in (
        make_user(roles=(Role.CITIZEN,), municipality=m),
        make_user(roles=(Role.EDITOR,), municipality=municipalities["vestre-toten"]),
        make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=municipalities["vestre-toten"]),
    ):
        login(client, user)
        assert client.post(path).status_code == 403
        assert client.get(f"/oystre-slidre/offers/manage/{offer.id}/signups").status_code == 403
        client.post("/logout")
    login(client, make_user(roles=(Role.EDITOR,), municipality=m, locale="nn"))
    wrong = client.post(
        f"/oystre-slidre/offers/manage/{other_offer.id}/signups/{signup.id}/remove", follow_redirects=True
    )
    assert "Påmeldinga finst ikkje." in wrong.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SignUp, signup.id).status == "confirmed"
