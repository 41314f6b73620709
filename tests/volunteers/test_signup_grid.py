"""The volunteer sign-up in sections, with the week as a 7 × 3 grid of checkboxes: what is ticked is
stored as weekly slots, the ranking reads the slot of the task's time, and a failed form keeps it."""

from __future__ import annotations

import re
from datetime import time

import pytest

from tests.factories import login, make_user
from tests.volunteers.conftest import make_task, next_weekday
from webapp.extensions import db
from webapp.volunteers import matching, tasks
from webapp.volunteers.models import Volunteer, VolunteerStatus

BASE = "/oystre-slidre/volunteer"


def form(**overrides) -> dict:
    values = {
        "roles": ["escort"],
        "languages": ["nb"],
        "max_travel_km": "15",
        "wants": "both",
        "tasks_per_week": "2",
        "birth_year": "1970",
        "consent": "y",
    }
    values.update(overrides)
    return values


def checked(page: str) -> set[str]:
    return set(re.findall(r'<input[^>]*checked[^>]*value="(\w+)"', page)) | set(
        re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', page)
    )


def signed_up(client, oystre, **overrides) -> Volunteer:
    login(client, make_user(municipality=oystre, locale="nn"))
    response = client.post(BASE + "/sign-up", data=form(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    return db.session.query(Volunteer).one()


def test_the_form_is_in_sections_and_the_week_is_a_table_with_headers(client, oystre):
    login(client, make_user(municipality=oystre, locale="nn"))
    page = client.get(BASE + "/sign-up").get_data(as_text=True)
    legends = re.findall(r"<legend><h2[^>]*>([^<]+)</h2></legend>", page)
    assert legends == ["Om deg", "Kva du vil gjere", "Når du kan", "Språk og bil", "Samtykke"]
    grid = page.split('<table class="availability-grid">')[1].split("</table>")[0]
    assert grid.count('<th scope="row">') == 7 and grid.count('<th scope="col">') == 3
    assert "Tysdag" in grid and "kl. 08.00–12.00" in grid
    assert grid.count('type="checkbox"') == 21
    assert "Kryss av for dei tidene i veka du som regel kan hjelpe." in page


def test_ticked_cells_are_stored_as_weekly_slots(client, oystre):
    volunteer = signed_up(client, oystre, availability=["0m", "2e", "6a"])
    assert [(s.weekday, s.start_minute, s.end_minute) for s in volunteer.slots] == [
        (0, 8 * 60, 12 * 60),
        (2, 16 * 60, 21 * 60),
        (6, 12 * 60, 16 * 60),
    ]
    # Changing the details shows the same cells ticked, and nothing else.
    page = client.get(BASE + "/sign-up").get_data(as_text=True)
    grid = page.split('<table class="availability-grid">')[1].split("</table>")[0]
    assert checked(grid) == {"0m", "2e", "6a"}


def test_a_failed_form_keeps_the_ticked_cells(client, oystre):
    login(client, make_user(municipality=oystre, locale="nn"))
    response = client.post(BASE + "/sign-up", data=form(birth_year="", availability=["1m", "4e"]))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    grid = page.split('<table class="availability-grid">')[1].split("</table>")[0]
    assert checked(grid) == {"1m", "4e"}
    assert 'href="#birth_year"' in page  # the error summary leads to the question
    assert db.session.query(Volunteer).count() == 0


@pytest.mark.parametrize(
    "ticked, weekday, at, minutes, available",
    [
        (["1e"], 1, time(18), 60, True),  # Tuesday evening, a task at 18.00
        (["1e"], 1, time(10), 60, False),  # the same volunteer, a task in the morning
        (["1e"], 2, time(18), 60, False),  # evening, but Wednesday
        (["1m", "1a"], 1, time(11, 30), 60, True),  # two parts side by side cover 11.30–12.30
        (["1m"], 1, time(11, 30), 60, False),  # one alone does not
    ],
)
def test_the_ranking_reads_the_slot_of_the_tasks_time(client, oystre, ticked, weekday, at, minutes, available):
    volunteer = signed_up(client, oystre, availability=ticked)
    volunteer.status = VolunteerStatus.APPROVED
    db.session.commit()
    job = make_task(oystre, starts_at=next_weekday(weekday, at), duration_minutes=minutes)
    [candidate] = tasks.candidates(job, limit=None)
    assert candidate.points["availability"] == (matching.WEIGHTS["availability"] if available else 0)
