"""Active volunteers, approved hours and median answer time per month, against hand-built data."""

from datetime import date, timedelta

from tests.reports.conftest import oslo
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.extensions import db
from webapp.volunteers import figures, services
from webapp.volunteers.models import HourLog, Interest

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


def _hours(volunteer, task, day: date, minutes: int, status: str = "approved") -> None:
    db.session.add(HourLog(volunteer_id=volunteer.id, task_id=task.id, day=day, minutes=minutes, status=status))


def _interest(volunteer, created, hours: float | None) -> None:
    answered = created + timedelta(hours=hours) if hours is not None else None
    db.session.add(Interest(volunteer_id=volunteer.id, role_code="escort", created_at=created, answered_at=answered))


def test_hours_volunteers_tasks_and_median_answer_per_month(ctx, municipalities):
    services.ensure_roles()
    m = municipalities["oystre-slidre"]
    anne, bjorn = make_volunteer(m), make_volunteer(m)
    task, other_task = make_task(m), make_task(m)
    _hours(anne, task, date(2026, 1, 31), 90)
    _hours(bjorn, task, date(2026, 1, 2), 60)
    _hours(bjorn, other_task, date(2026, 2, 1), 30)
    _hours(anne, task, date(2026, 1, 15), 600, status="pending")  # not approved: not counted
    _hours(anne, task, date(2025, 12, 31), 60)  # before the period
    _interest(anne, oslo(date(2026, 1, 5)), 2)
    _interest(bjorn, oslo(date(2026, 1, 6)), 5)  # even count: the median is the mean of 2 and 5
    _interest(bjorn, oslo(date(2026, 2, 1), 0, 30), 10)  # 31 January in UTC: February in Oslo
    _interest(anne, oslo(date(2026, 1, 7)), None)  # not answered yet
    db.session.commit()
    months, total = figures.stats_between(m, JAN, FEB)
    jan, feb = months
    assert (jan.label, jan.active_volunteers, jan.hours, jan.tasks_done, jan.median_answer_hours) == (
        "2026-01",
        2,
        2.5,
        1,
        3.5,
    )
    assert (feb.active_volunteers, feb.hours, feb.tasks_done, feb.median_answer_hours) == (1, 0.5, 1, 10.0)
    assert (total.label, total.active_volunteers, total.hours, total.tasks_done, total.median_answer_hours) == (
        "2026-01–2026-02",
        2,
        3.0,
        2,
        5.0,
    )
    year_months, year = figures.stats_between(m, JAN, date(2026, 12, 1))  # the report for the year
    assert len(year_months) == 12 and year.hours == 3.0 and year.label == "2026-01–2026-12"
