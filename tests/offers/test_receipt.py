"""The sign-up receipt (Post/Redirect/Get) and the kind answer to a second sign-up."""

from __future__ import annotations

import re
from datetime import time
from itertools import count

from sqlalchemy import func, select

from tests.factories import login, make_user
from tests.offers.conftest import make_location, make_offer
from webapp.extensions import db
from webapp.offers.models import Organization, SignUp

_seq = count(1)


def _offer(municipalities, **overrides):
    m = municipalities["oystre-slidre"]
    organisation = db.session.scalar(select(Organization).where(Organization.name == "Heggenes frivilligsentral"))
    if organisation is None:
        organisation = Organization(municipality_id=m.id, name="Heggenes frivilligsentral", phone="61 34 00 00")
        db.session.add(organisation)
        db.session.commit()
    location = make_location(
        m, name=f"Heggenes grendehus {next(_seq)}", address="Skulevegen 4", postal_code="2940", city="Heggenes"
    )
    return make_offer(
        m,
        join_mode="sign_up",
        capacity=5,
        location_id=location.id,
        organization_id=organisation.id,
        days=("TU",),
        at=time(10, 0),
        until=time(11, 0),
        **overrides,
    )


def _sign_up(client, offer, **data):
    form = {"name": "Olav Aas", "phone": "91234567", "email": "olav@example.no", **data}
    return client.post(f"/oystre-slidre/offers/{offer.id}", data=form)


def test_signing_up_redirects_to_a_receipt_with_everything_needed(client, ctx, municipalities, clock):
    offer = _offer(municipalities)
    response = _sign_up(client, offer)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.search(rf"/oystre-slidre/offers/{offer.id}/signed-up/[^/]+$", location)

    receipt = client.get(location)
    html = receipt.get_data(as_text=True)
    assert receipt.status_code == 200
    where = html.split('id="receipt-where"', 1)[1].split("</dd>", 1)[0]
    assert "Heggenes grendehus" in where and "Skulevegen 4" in where and "2940 Heggenes" in where
    first = html.split('id="receipt-first"', 1)[1].split("</dd>", 1)[0]
    assert "tysdag" in first and "kl. 10.00" in first  # weekday and "kl.", in nynorsk
    organiser = html.split('id="receipt-organiser"', 1)[1].split("</dd>", 1)[0]
    assert "Heggenes frivilligsentral" in organiser and 'href="tel:61340000"' in organiser
    assert 'id="receipt-calendar"' in html and f"/oystre-slidre/offers/{offer.id}.ics" in html
    assert re.search(r'id="receipt-cancel" href="http://[^"]+/offers/cancel/[^"]+"', html)
    assert 'id="receipt-my-pages"' not in html  # nobody logged in: no Mine sider of theirs to show

    # Reloading the receipt does not sign up again.
    assert client.get(location).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(SignUp)) == 1


def test_a_logged_in_person_gets_a_link_to_mine_sider(client, ctx, municipalities):
    offer = _offer(municipalities)
    user = make_user(municipality=municipalities["oystre-slidre"], locale="nn")
    login(client, user)
    html = client.get(_sign_up(client, offer, name=user.name).headers["Location"]).get_data(as_text=True)
    assert re.search(r'id="receipt-my-pages" href="/my-pages"', html)


def test_a_bad_or_foreign_receipt_address_is_404(client, ctx, municipalities):
    offer = _offer(municipalities)
    other = _offer(municipalities)
    location = _sign_up(client, offer).headers["Location"]
    token = location.rsplit("/", 1)[1]
    assert client.get(f"/oystre-slidre/offers/{offer.id}/signed-up/garbage").status_code == 404
    assert client.get(f"/oystre-slidre/offers/{other.id}/signed-up/{token}").status_code == 404


def test_a_second_sign_up_is_answered_kindly_with_a_link_to_the_place(client, ctx, municipalities):
    offer = _offer(municipalities)
    user = make_user(municipality=municipalities["oystre-slidre"], locale="nn")
    login(client, user)
    first = _sign_up(client, offer, name=user.name).headers["Location"]
    again = _sign_up(client, offer, name=user.name)
    html = again.get_data(as_text=True)
    assert again.status_code == 409
    alert = html.split('id="already-signed-up"', 1)[1].split("</div>", 1)[0]
    assert "Du er allereie påmeld" in alert and "Sjå plassen din" in alert
    link = re.search(r'href="([^"]+)"', alert).group(1)
    assert client.get(link).status_code == 200 and link.split("/signed-up/")[0] == first.split("/signed-up/")[0]
    assert 'class="ds-error-summary' not in html
    assert db.session.scalar(select(func.count()).select_from(SignUp)) == 1


def test_an_anonymous_second_sign_up_gets_no_link_to_someone_elses_place(client, ctx, municipalities):
    offer = _offer(municipalities)
    _sign_up(client, offer)
    client.post("/language", data={"locale": "nb"})
    html = _sign_up(client, offer).get_data(as_text=True)
    alert = html.split('id="already-signed-up"', 1)[1].split("</div>", 1)[0]
    assert "Du er allerede påmeldt" in alert and "Lenken for å avbestille står i bekreftelsen" in alert
    assert "/signed-up/" not in alert and "/offers/cancel/" not in html
