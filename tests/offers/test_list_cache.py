"""The full offers list is rendered once per catalogue version for what holds nothing personal; the
layout around it (menu, language switch with its CSRF token, the editor's link, messages) is each
person's. Anyone not logged in gets the page kept whole, with their own CSRF token filled in."""

from __future__ import annotations

import re

from tests.factories import login, make_user
from tests.offers.conftest import make_offer
from webapp import page_cache
from webapp.accounts.models import Role
from webapp.extensions import db

URL = "/oystre-slidre/offers"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _catalogue(html: str) -> str:
    return html[html.index('<h1 class="ds-heading"') : html.index("/offers/calendar.ics")]


def test_the_full_page_follows_a_change_at_once(client, ctx, municipalities):
    offer = make_offer(municipalities["oystre-slidre"], title_nn="Morgontrim", title_nb="Morgentrim")
    assert "Morgontrim" in client.get(URL).get_data(as_text=True)
    offer.title_nn = "Kveldstrim"
    db.session.commit()
    html = client.get(URL).get_data(as_text=True)
    assert "Kveldstrim" in html and "Morgontrim" not in html
    offer.published = False
    db.session.commit()
    assert "Kveldstrim" not in client.get(URL).get_data(as_text=True)


def test_each_person_gets_their_own_layout_around_the_same_list(app, ctx, demo_offers):
    anonymous, editor_client, other = app.test_client(), app.test_client(), app.test_client()
    editor = make_user(roles=(Role.EDITOR,), municipality=demo_offers["oystre-slidre"])
    login(editor_client, editor)

    first = anonymous.get(URL).get_data(as_text=True)
    as_editor = editor_client.get(URL).get_data(as_text=True)
    second = other.get(URL).get_data(as_text=True)

    assert "/oystre-slidre/offers/manage" in as_editor and "Logg ut" in as_editor
    assert "/oystre-slidre/offers/manage" not in first and "/oystre-slidre/offers/manage" not in second
    assert "Logg ut" not in first and "Logg ut" not in second
    # The list itself is the same for all three; each session keeps its own CSRF token.
    assert _catalogue(first) == _catalogue(second) == _catalogue(as_editor)
    assert CSRF.search(first).group(1) != CSRF.search(second).group(1)


def test_the_list_in_the_other_standard_is_its_own(client, ctx, demo_offers):
    nynorsk = client.get(URL).get_data(as_text=True)
    client.post("/language", data={"locale": "nb", "next": URL})
    bokmal = client.get(URL).get_data(as_text=True)
    assert "Tilbod og aktivitetar" in nynorsk and "Tilbud og aktiviteter" in bokmal
    assert _catalogue(nynorsk) != _catalogue(bokmal)


def test_a_bad_filter_is_answered_400_every_time(client, ctx, demo_offers):
    for _ in range(2):
        response = client.get(f"{URL}?weekday=someday")
        assert response.status_code == 400
        assert "ds-error-summary" in response.get_data(as_text=True)


def test_the_token_filled_into_a_shared_page_is_the_visitors_own(csrf_app, ctx, demo_offers):
    visitor = csrf_app.test_client()
    visitor.get(URL)  # the first visitor's page is the one kept
    html = visitor.get(URL).get_data(as_text=True)
    assert page_cache.CSRF_SLOT not in html
    token = CSRF.search(html).group(1)
    switched = visitor.post("/language", data={"csrf_token": token, "locale": "nb", "next": URL})
    assert switched.status_code == 302
    assert "Tilbud og aktiviteter" in visitor.get(URL).get_data(as_text=True)
    stranger = csrf_app.test_client()
    stranger.get(URL)
    refused = stranger.post("/language", data={"csrf_token": token, "locale": "nb", "next": URL})
    assert refused.status_code == 400  # another session's token is no good


def test_a_message_waiting_for_the_visitor_is_shown(client, ctx, demo_offers):
    client.get(URL)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Takk for påmeldinga")]
    assert "Takk for påmeldinga" in client.get(URL).get_data(as_text=True)
    assert "Takk for påmeldinga" not in client.get(URL).get_data(as_text=True)
