"""Volunteers are reminded the day before a task, also each week of a standing task."""

from datetime import UTC, date, datetime, time, timedelta

from tests.volunteers.conftest import make_task, make_volunteer
from webapp.clock import OSLO
from webapp.extensions import db
from webapp.volunteers.models import Assignment
from webapp.volunteers.reminders import due, occurrence_on


def assign(task, volunteer, state="accepted"):
    db.session.add(Assignment(task_id=task.id, volunteer_id=volunteer.id, state=state, score=1))
    db.session.commit()


def test_one_off_task_reminded_the_day_before(oystre):
    volunteer = make_volunteer(oystre)
    task = make_task(oystre)
    assign(task, volunteer)
    day_before = task.starts_at.astimezone(OSLO) - timedelta(days=1)
    [reminder] = list(due(day_before))
    assert reminder.recipient.user_id == volunteer.user_id
    assert reminder.context["title"] == "Følgje til legen"
    assert list(due(day_before - timedelta(days=1))) == []


def test_proposed_but_not_accepted_gets_no_reminder(oystre):
    task = make_task(oystre)
    assign(task, make_volunteer(oystre), state="proposed")
    assert list(due(task.starts_at - timedelta(days=1))) == []


def test_standing_task_repeats_weekly_across_dst_until_its_end(oystre):
    first = datetime(2026, 3, 17, 14, 0, tzinfo=OSLO)  # Tuesdays 14.00, winter time
    task = make_task(oystre, kind="standing", starts_at=first, repeat_until=date(2026, 4, 30))
    start = datetime(2026, 3, 31, 0, 0, tzinfo=OSLO)  # after the change to summer time
    when = occurrence_on(task, start, start + timedelta(days=1))
    assert when is not None and when.hour == 14 and when.utcoffset() == timedelta(hours=2)
    late = datetime(2026, 5, 5, 0, 0, tzinfo=OSLO)
    assert occurrence_on(task, late, late + timedelta(days=1)) is None
    assert when.astimezone(UTC).hour == 12 and time(14) == when.timetz().replace(tzinfo=None)
