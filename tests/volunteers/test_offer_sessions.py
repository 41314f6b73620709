"""Helpers for an offer's sessions: one task per helper, for a real coming session only."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.factories import login
from tests.offers.conftest import make_offer
from tests.volunteers.conftest import make_volunteer
from webapp.clock import local
from webapp.extensions import db
from webapp.volunteers import offer_sessions, services, tasks
from webapp.volunteers.models import Task

COORD = "/oystre-slidre/volunteer/coordinator"


@pytest.fixture
def dance(oystre):
    """Sittedans on Thursdays 13–14 at the helsetun."""
    return make_offer(
        oystre,
        days=("TH",),
        at=time(13),
        until=time(14),
        dtstart=date(2026, 1, 1),
        title_nn="Sittedans",
        title_nb="Sittedans",
    )


def test_helpers_for_a_session_become_tasks_to_match(oystre, dance):
    [first, *_rest] = [s for s in offer_sessions.sessions(oystre) if s.offer_id == dance.id]
    made = offer_sessions.helpers_for(oystre, first.key, "chair_dance", 2)
    assert len(made) == 2 and all(t.kind == "offer_helper" and t.title == "Sittedans" for t in made)
    start = local(made[0].starts_at)
    assert (start.weekday(), start.time()) == (3, time(12, 45)) and made[0].duration_minutes == 90
    assert made[0].offer_ref == made[1].offer_ref != ""
    helper = make_volunteer(oystre, roles=["chair_dance"], slots=[], tasks_per_week=2)
    assert helper.id in {c.volunteer.id for c in tasks.candidates(made[0])}


def test_only_a_coming_session_of_an_own_offer(oystre, toten, dance):
    other = make_offer(toten, days=("TH",), title_nn="Kafé", title_nb="Kafé")
    assert all(s.offer_id != other.id for s in offer_sessions.sessions(oystre))
    first = offer_sessions.sessions(oystre)[0]
    wrong_time = f"{dance.id}@{(first.starts_at + timedelta(hours=1)).isoformat()}"
    with force_locale("en"):
        for key in (wrong_time, f"{other.id}@{first.starts_at.isoformat()}", "nonsense"):
            with pytest.raises(services.VolunteerError, match="not one of the offer's sessions"):
                offer_sessions.helpers_for(oystre, key, "chair_dance", 1)
        with pytest.raises(services.VolunteerError, match="between 1 and 10"):
            offer_sessions.helpers_for(oystre, first.key, "chair_dance", 11)
    assert db.session.scalar(select(Task)) is None


def test_the_coordinator_creates_helpers_on_the_tasks_page(client, oystre, coordinator, dance):
    login(client, coordinator)
    page = client.get(f"{COORD}/tasks").get_data(as_text=True)
    assert "Hjelparar til eit tilbod" in page and "Sittedans, torsdag" in page
    first = offer_sessions.sessions(oystre)[0]
    response = client.post(
        f"{COORD}/tasks/offer-helpers",
        data={"helpers-session": first.key, "helpers-role": "chair_dance", "helpers-helpers": "3"},
    )
    assert response.status_code == 302
    assert len(db.session.scalars(select(Task)).all()) == 3
    for bad in (
        {"helpers-session": "1@x", "helpers-role": "chair_dance", "helpers-helpers": "1"},
        {"helpers-session": first.key, "helpers-role": "<b>", "helpers-helpers": "x"},
        {},
    ):
        assert client.post(f"{COORD}/tasks/offer-helpers", data=bad).status_code == 302
    assert len(db.session.scalars(select(Task)).all()) == 3
    page = client.get(f"{COORD}/tasks").get_data(as_text=True)
    assert page.count("Hjelpar på eit tilbod</span>") == 3
