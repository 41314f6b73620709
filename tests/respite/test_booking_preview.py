"""The calendar as the booking tool: short day names and a legend, and a preview beside the button
of the free places on the chosen nights and how much of the quota the stay uses. The preview reads
the same rule functions as the booking, so it never promises what the booking refuses."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from tests.factories import login, make_user
from tests.respite.test_views import TODAY, d, world  # noqa: F401 (a fixture)
from webapp.accounts.models import Role
from webapp.database import utcnow
from webapp.extensions import db
from webapp.respite import overview, services
from webapp.respite.models import Booking
from webapp.respite.services import RespiteError

HX = {"HX-Request": "true"}


def bookings() -> int:
    return db.session.scalar(select(func.count()).select_from(Booking))


def test_preview_counts_free_places_per_night_and_the_quota_it_uses(world):  # noqa: F811
    m, unit, relative, decision, *_ = world
    services.book(relative, decision.id, unit.id, TODAY + timedelta(days=4), TODAY + timedelta(days=5))
    arrival, departure = TODAY + timedelta(days=3), TODAY + timedelta(days=6)
    with force_locale("nn"):
        found = overview.stay_preview(decision, unit, arrival, departure, now=utcnow())
        # 2 places; the night already booked by this relative leaves 1 there, and the new stay overlaps it.
        assert found.free == [(arrival, 2), (arrival + timedelta(days=1), 1), (arrival + timedelta(days=2), 2)]
        assert [(s.use, s.left) for s in found.shares] == [(3, 3)]
        assert found.share_text(decision, found.shares[0]) == "Opphaldet brukar 3 av 3 døgn att"
        assert "allereie" in found.problem  # the person cared for already has a stay on one of the nights


def test_preview_and_booking_agree_on_the_quota(world):  # noqa: F811
    m, unit, relative, decision, *_ = world
    arrival, departure = TODAY + timedelta(days=3), TODAY + timedelta(days=8)  # 5 nights of 4
    found = overview.stay_preview(decision, unit, arrival, departure, now=utcnow())
    assert [(s.use, s.left) for s in found.shares] == [(5, 4)] and found.problem
    with pytest.raises(RespiteError) as refused:
        services.book(relative, decision.id, unit.id, arrival, departure)
    assert str(refused.value) == found.problem
    fits = overview.stay_preview(decision, unit, arrival, departure - timedelta(days=1), now=utcnow())
    assert not fits.problem
    services.book(relative, decision.id, unit.id, arrival, departure - timedelta(days=1))


def test_preview_endpoint_answers_htmx_with_the_partial_and_writes_nothing(client, world):  # noqa: F811
    m, unit, relative, decision, *_ = world
    login(client, relative)
    url = f"/oystre-slidre/respite/decisions/{decision.id}/preview"
    response = client.get(url, query_string={"unit": unit.id, "arrival": d(3), "departure": d(6)}, headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and "Opphaldet brukar 3 av 4 døgn att" in html
    assert html.count("2 ledige plassar") == 3
    assert bookings() == 0
    assert "HX-Request" in response.headers.get("Vary", "")
    # Half-typed or bad dates give an empty answer, never an error.
    for query in ({"arrival": d(3)}, {"unit": "x", "arrival": "1.1", "departure": "<b>"}, {}):
        answer = client.get(url, query_string=query, headers=HX)
        assert answer.status_code == 200 and "Opphaldet" not in answer.get_data(as_text=True)
    # Without htmx the address leads back to the booking page.
    assert client.get(url, query_string={"unit": unit.id, "arrival": d(3), "departure": d(6)}).status_code == 302


def test_preview_is_only_for_the_decisions_relatives(app, world):  # noqa: F811
    m, unit, relative, decision, stranger, *_ = world
    other = app.test_client()
    login(other, stranger)
    url = f"/oystre-slidre/respite/decisions/{decision.id}/preview"
    assert (
        other.get(url, query_string={"unit": unit.id, "arrival": d(3), "departure": d(6)}, headers=HX).status_code
        == 404
    )


def test_the_check_button_without_javascript_shows_the_same_preview_and_takes_focus(client, world):  # noqa: F811
    m, unit, relative, decision, *_ = world
    login(client, relative)
    response = client.post(
        f"/oystre-slidre/respite/decisions/{decision.id}/book",
        data={"unit": unit.id, "arrival": d(3), "departure": d(5), "action": "preview"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and bookings() == 0
    preview = re.search(r'<div id="stay-preview"[^>]*>', html).group(0)
    assert "autofocus" in preview and 'tabindex="-1"' in preview and 'aria-live="polite"' in preview
    assert "Opphaldet brukar 2 av 4 døgn att" in html and html.count("2 ledige plassar") == 2
    # The plain page has the place for the preview but does not take focus.
    page = client.get(f"/oystre-slidre/respite/decisions/{decision.id}").get_data(as_text=True)
    assert "autofocus" not in re.search(r'<div id="stay-preview"[^>]*>', page).group(0)
    assert "hx-get" in re.search(r'<div id="stay-preview"[^>]*>', page).group(0)


@pytest.mark.parametrize(
    "locale, names, own",
    [
        ("nn", ["ma", "ti", "on", "to", "fr", "la", "sø"], "Opphalda dine"),
        ("nb", ["ma", "ti", "on", "to", "fr", "lø", "sø"], "Oppholdene dine"),
    ],
)
def test_calendar_has_short_day_names_a_legend_and_days_to_tap(app, world, locale, names, own):  # noqa: F811
    m, unit, relative, decision, *_ = world
    user = make_user(roles=(Role.RELATIVE,), municipality=m, locale=locale)
    decision.relatives.append(
        type(decision.relatives[0])(user=user, consent_given_by="Olav", consent_date=TODAY, consent_method="written")
    )
    db.session.commit()
    client = app.test_client()
    login(client, user)
    html = client.get(f"/oystre-slidre/respite/decisions/{decision.id}").get_data(as_text=True)
    head = html.split("<thead>")[1].split("</thead>")[0]
    assert re.findall(r'<span aria-hidden="true">(\w+)</span>', head) == names
    assert 'class="visually-hidden">' in head  # the full name for screen readers
    legend = html.split('class="calendar-legend"')[1].split("</ul>")[0]
    assert legend.count("<li>") == 5 and own in legend
    for status in ("free", "few", "full", "closed", "own"):
        assert f"day--{status}" in legend
    assert f'data-date="{TODAY.isoformat()}"' in html
    assert "js/calendar" in html and 'id="stay-form"' in html
