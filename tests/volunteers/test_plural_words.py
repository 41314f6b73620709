"""Where a number meets a noun, the noun agrees with it: «1 time», «2 timar»."""

from __future__ import annotations

from datetime import date

from tests.factories import login
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.extensions import db
from webapp.volunteers.models import HourLog

COORD = "/oystre-slidre/volunteer/coordinator"


def test_hours_to_approve_agree_with_their_number(client, oystre, coordinator):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre)
    for minutes in (60, 90, 120):
        db.session.add(HourLog(volunteer_id=volunteer.id, task_id=task.id, day=date(2026, 11, 30), minutes=minutes))
    db.session.commit()
    login(client, coordinator)
    page = client.get(f"{COORD}/hours").get_data(as_text=True)
    name = volunteer.user.name
    assert f"Godkjenn 1 time for {name}" in page
    assert f"Godkjenn 1,5 timar for {name}" in page
    assert f"Godkjenn 2 timar for {name}" in page
    assert "1 timar" not in page


def test_a_task_shows_its_length_in_minutes(client, oystre, coordinator):
    task = make_task(oystre, duration_minutes=45)
    login(client, coordinator)
    assert "(45 minutt)" in client.get(f"{COORD}/tasks/{task.id}").get_data(as_text=True)
