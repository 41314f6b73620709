"""The editor's dates without a session are shown as people write them and read in either form."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import login, make_user
from tests.offers.test_views import _form
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.offers.models import Offer


def test_dates_without_a_session_are_shown_dd_mm_yyyy_and_read_in_both_forms(client, ctx, demo_offers):
    editor = make_user(roles=(Role.EDITOR,), municipality=demo_offers["oystre-slidre"])
    login(client, editor)
    response = client.post("/oystre-slidre/offers/manage/new", data=_form(exdates="24.12.2026\n2026-12-31"))
    assert response.status_code == 302
    offer = db.session.scalar(select(Offer).where(Offer.title_nb == "Seniordans"))
    assert offer.schedule.exdates == "2026-12-24,2026-12-31"
    page = client.get(f"/oystre-slidre/offers/manage/{offer.id}").get_data(as_text=True)
    textarea = re.search(r'<textarea[^>]*name="exdates"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert textarea.split() == ["24.12.2026", "31.12.2026"]
    # Saved again as shown, nothing changes.
    assert client.post(f"/oystre-slidre/offers/manage/{offer.id}", data=_form(exdates=textarea)).status_code == 302
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).schedule.exdates == "2026-12-24,2026-12-31"
