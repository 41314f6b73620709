"""Volunteer rules that depend on the calendar, run at every awkward moment of tests/clock.py: the
weekly batch, the reminder the day before a task, and the re-confirmation two days before each time
of a standing task."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from tests.volunteers.conftest import make_task, make_volunteer
from webapp.clock import OSLO, local_datetime
from webapp.extensions import db
from webapp.volunteers import proposals, reconfirm, reminders
from webapp.volunteers.models import Assignment

pytestmark = pytest.mark.calendar_sweep


def accepted(task, volunteer) -> Assignment:
    assignment = Assignment(task_id=task.id, volunteer_id=volunteer.id, state="accepted", score=1)
    db.session.add(assignment)
    db.session.commit()
    return assignment


def test_the_weekly_batch_plans_next_week_from_monday_to_sunday(oystre, clock):
    monday = proposals.monday_of(clock.today) + timedelta(weeks=1)
    volunteers = [make_volunteer(oystre, tasks_per_week=1) for _ in range(2)]
    inside = [
        make_task(oystre, title=f"Dag {n}", starts_at=local_datetime(monday + timedelta(days=n), time(9)))
        for n in (0, 1)
    ]
    make_task(oystre, title="Sundag før", starts_at=local_datetime(monday - timedelta(days=1), time(9)))
    make_task(oystre, title="Måndag etter", starts_at=local_datetime(monday + timedelta(weeks=1), time(9)))
    assert {t.id for t in proposals.week_tasks(oystre, monday)} == {t.id for t in inside}
    drafts = proposals.batch_propose(oystre, monday)
    assert {d.task_id for d in drafts} == {t.id for t in inside}
    assert {d.volunteer_id for d in drafts} == {v.id for v in volunteers}


def test_a_task_is_reminded_the_day_before_in_oslo(oystre, clock):
    volunteer = make_volunteer(oystre)
    tomorrow = accepted(
        make_task(oystre, title="I morgon", starts_at=local_datetime(clock.today + timedelta(days=1), time(10))),
        volunteer,
    )
    accepted(
        make_task(oystre, title="Om to dagar", starts_at=local_datetime(clock.today + timedelta(days=2), time(10))),
        volunteer,
    )
    [reminder] = list(reminders.due(clock.now))
    assert reminder.context["title"] == "I morgon"
    assert reminder.context["starts_at"] == tomorrow.task.starts_at
    assert reminder.context["starts_at"].astimezone(OSLO).hour == 10


def test_a_standing_task_is_re_confirmed_two_days_before_each_time(oystre, clock):
    first = local_datetime(clock.today - timedelta(days=5), time(14))  # weekly since five days ago
    task = make_task(
        oystre, kind="standing", title="Besøk", starts_at=first, repeat_until=clock.today + timedelta(weeks=8)
    )
    assignment = accepted(task, make_volunteer(oystre))
    [item] = list(reconfirm.due(clock.now))
    when = item.context["starts_at"].astimezone(OSLO)
    assert when.date() == clock.today + timedelta(days=2) and when.hour == 14
    assert item.key == f"volunteer-reconfirm:{assignment.id}:{when.date().isoformat()}"
