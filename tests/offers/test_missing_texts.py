"""The editor is told, on the edit page too, which standard's text is missing."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import login, make_user
from tests.offers.test_views import _form
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.offers.models import Offer


def test_the_edit_page_names_the_missing_texts_and_stops_when_they_are_written(client, ctx, demo_offers):
    login(client, make_user(roles=(Role.EDITOR,), municipality=demo_offers["oystre-slidre"]))
    client.post("/oystre-slidre/offers/manage/new", data=_form(title_nn="", description_nb=""))
    offer = db.session.scalar(select(Offer).where(Offer.title_nb == "Seniordans"))
    page = client.get(f"/oystre-slidre/offers/manage/{offer.id}").get_data(as_text=True)
    alert = re.search(r'<div class="ds-alert" data-color="warning">(.*?)</div>', page, re.S).group(1)
    assert "Tittel på nynorsk" in alert and "Skildring på bokmål" in alert
    assert "Tittel på bokmål" not in alert
    client.post(f"/oystre-slidre/offers/manage/{offer.id}", data=_form())
    page = client.get(f"/oystre-slidre/offers/manage/{offer.id}").get_data(as_text=True)
    assert "Tittel på nynorsk" not in re.sub(r"<form.*</form>", "", page, flags=re.S)
