"""A bad answer on the public sign-up form is answered in the page's standard, naming the question,
and the form keeps what was typed."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.core.test_form_messages import english_in
from webapp.extensions import db
from webapp.offers.models import Offer


def _offer_id() -> int:
    return db.session.scalar(select(Offer.id).where(Offer.title_nb == "Sterk og stødig – Heggenes"))


def _summary(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html.split('class="ds-error-summary', 1)[1].split("</ul>", 1)[0])


def test_a_bad_phone_number_is_answered_in_nynorsk(client, demo_offers):
    with client.application.app_context():
        offer_id = _offer_id()
    response = client.post(f"/oystre-slidre/offers/{offer_id}", data={"name": "Ola", "phone": "12 34"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Skriv telefonnummeret med 8 siffer" in html and 'value="12 34"' in html
    assert not english_in(_summary(html))


def test_a_bad_phone_number_is_answered_in_bokmal_when_chosen(client, demo_offers):
    with client.application.app_context():
        offer_id = _offer_id()
    client.post("/language", data={"locale": "nb"})
    response = client.post(f"/oystre-slidre/offers/{offer_id}", data={"name": "", "phone": "+46 912 34 567"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Skriv telefonnummeret med 8 sifre" in html and 'value="+46 912 34 567"' in html
    assert not english_in(_summary(html))
