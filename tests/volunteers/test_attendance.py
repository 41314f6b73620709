"""Attendance for volunteers: the coordinator marks a time of a task as done or "did not come";
no-shows show to coordinators only and lower the ranking a little."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from tests.factories import login, make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.volunteers import attendance, matching, tasks
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import Assignment, Attendance

COORD = "/oystre-slidre/volunteer/coordinator"


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def assign(task, volunteer, state="accepted") -> Assignment:
    assignment = Assignment(task_id=task.id, volunteer_id=volunteer.id, state=state, score=1)
    db.session.add(assignment)
    db.session.commit()
    return assignment


def _ago(days: int):
    """At ten o'clock, `days` ago."""
    return tasks.local_datetime(tasks.local(utcnow()).date() - timedelta(days=days), time(10))


def test_occurrences_of_one_off_and_standing_tasks(ctx, oystre):
    task = make_task(oystre, kind="standing", starts_at=_ago(21), repeat_until=None)
    first = attendance.first_day(task)
    assert attendance.occurs_on(task, first) and attendance.occurs_on(task, first + timedelta(days=14))
    assert not attendance.occurs_on(task, first + timedelta(days=3))
    assert not attendance.occurs_on(task, first - timedelta(days=7))
    assert attendance.last_time(task, first + timedelta(days=16)) == first + timedelta(days=14)
    assert attendance.last_time(task, first - timedelta(days=1)) is None
    one_off = make_task(oystre, starts_at=_ago(2))
    day = attendance.first_day(one_off)
    assert attendance.occurs_on(one_off, day) and not attendance.occurs_on(one_off, day + timedelta(days=7))


def test_mark_done_or_no_show_and_change_it(ctx, oystre, coordinator):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre, starts_at=_ago(2))
    assignment = assign(task, volunteer)
    day = attendance.first_day(task)
    attendance.mark(assignment, coordinator, day, False)
    assert attendance.no_shows([volunteer.id]) == {volunteer.id: 1}
    attendance.mark(assignment, coordinator, day, True)  # marked again: changed, not added
    rows = db.session.scalars(select(Attendance)).all()
    assert [(r.day, r.came, r.marked_by_id) for r in rows] == [(day, True, coordinator.id)]
    assert attendance.no_shows([volunteer.id]) == {}


def test_rules_for_marking(ctx, oystre, coordinator):
    volunteer = make_volunteer(oystre)
    future = make_task(oystre)  # next Tuesday
    with pytest.raises(VolunteerError):
        attendance.mark(assign(future, volunteer), coordinator, attendance.first_day(future), True)
    past = make_task(oystre, starts_at=_ago(3))
    with pytest.raises(VolunteerError):  # not a day the task took place
        attendance.mark(assign(past, volunteer), coordinator, attendance.first_day(past) - timedelta(days=1), True)
    declined = make_task(oystre, starts_at=_ago(3))
    with pytest.raises(VolunteerError):  # only someone who has the task
        attendance.mark(assign(declined, volunteer, "declined"), coordinator, attendance.first_day(declined), False)
    assert db.session.scalars(select(Attendance)).all() == []


def _history(municipality, coordinator, volunteer, days: int, came: bool) -> None:
    earlier = make_task(municipality, starts_at=_ago(days))
    attendance.mark(assign(earlier, volunteer), coordinator, attendance.first_day(earlier), came)


def test_no_shows_lower_the_ranking_gently_and_only_for_a_year(ctx, oystre, coordinator, clock):
    reliable = make_volunteer(oystre)
    missed = make_volunteer(oystre)
    # The same history (the same person helped, the same hours) but for coming.
    _history(oystre, coordinator, reliable, 10, True)
    _history(oystre, coordinator, missed, 10, False)
    task = make_task(oystre)
    ranked = tasks.candidates(task, limit=None)
    by_id = {c.volunteer.id: c for c in ranked}
    assert [c.volunteer.id for c in ranked][:2] == [reliable.id, missed.id]
    step = -matching.WEIGHTS["no_shows"] / matching.NO_SHOWS_FULL
    assert by_id[reliable.id].total - by_id[missed.id].total == pytest.approx(step, abs=0.1)
    assert by_id[missed.id].points["no_shows"] == pytest.approx(-step, abs=0.1)
    assert by_id[reliable.id].points["no_shows"] == 0
    # Many no-shows never take more than the weight, and never rule the volunteer out.
    for days in (20, 30, 40, 50):
        _history(oystre, coordinator, reliable, days, True)
        _history(oystre, coordinator, missed, days, False)
    by_id = {c.volunteer.id: c for c in tasks.candidates(task, limit=None)}
    assert missed.id in by_id
    assert by_id[reliable.id].total - by_id[missed.id].total == pytest.approx(-matching.WEIGHTS["no_shows"], abs=0.1)
    # A year on they no longer count.
    clock.shift(timedelta(days=400))
    assert attendance.no_shows([missed.id, reliable.id]) == {}


def test_pool_without_no_shows_scores_as_before():
    assert matching.WEIGHTS["no_shows"] < 0
    assert sum(w for w in matching.WEIGHTS.values() if w > 0) == 100


def test_coordinator_marks_on_the_task_page(app, client, oystre, toten, coordinator):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre, starts_at=_ago(1))
    assignment = assign(task, volunteer)
    day = attendance.first_day(task)
    url = f"{COORD}/tasks/{task.id}/attendance/{assignment.id}"
    data = {f"attendance-{assignment.id}-day": day.isoformat(), "came": "no_show"}
    assert client.post(url, data=data).status_code == 302  # to the login page
    other = signed_in(app, make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=toten))
    assert other.post(url, data=data).status_code == 403
    assert other.post(url.replace("oystre-slidre", "vestre-toten"), data=data).status_code == 404
    assert signed_in(app, volunteer.user).post(url, data=data).status_code == 403
    assert db.session.scalars(select(Attendance)).all() == []
    login(client, coordinator)
    page = client.get(f"{COORD}/tasks/{task.id}").get_data(as_text=True)
    assert f'id="attendance-{assignment.id}"' in page and f'value="{day.isoformat()}"' in page
    assert client.post(f"{COORD}/tasks/{task.id + 1000}/attendance/{assignment.id}", data=data).status_code == 404
    for bad in ({"came": "no_show"}, {f"attendance-{assignment.id}-day": "nonsense", "came": "no_show"}):
        assert client.post(url, data=bad).status_code == 302
    assert (
        client.post(url, data={f"attendance-{assignment.id}-day": day.isoformat(), "came": "maybe"}).status_code == 302
    )
    assert db.session.scalars(select(Attendance)).all() == []
    assert client.post(url, data=data).status_code == 302
    [row] = db.session.scalars(select(Attendance)).all()
    assert (row.day, row.came) == (day, False)
    page = client.get(f"{COORD}/tasks/{task.id}").get_data(as_text=True)
    assert f'data-day="{day.isoformat()}" data-came="no"' in page
    person = client.get(f"{COORD}/volunteers/{volunteer.id}").get_data(as_text=True)
    assert 'id="no-shows" data-count="1"' in person and 'data-came="no"' in person


def test_no_shows_are_never_shown_to_the_volunteer_or_the_public(app, client, oystre, coordinator):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre, starts_at=_ago(1), title="Handletur")
    attendance.mark(assign(task, volunteer), coordinator, attendance.first_day(task), False)
    mine = signed_in(app, volunteer.user).get("/oystre-slidre/volunteer/me").get_data(as_text=True)
    assert "no-shows" not in mine and 'data-came="no"' not in mine
    public = client.get("/oystre-slidre/volunteer").get_data(as_text=True)
    assert "no-shows" not in public
