"""The volunteer centre's figures per month and for a whole period: active volunteers, approved
hours, tasks done and the median time to answer "meld interesse". The coordinator's statistics
page and the reports both read them from here."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from webapp.extensions import db
from webapp.months import month_of, month_starts, next_month
from webapp.municipalities.models import Municipality
from webapp.volunteers.models import HourLog, HourStatus, Interest, Volunteer


@dataclass
class Period:
    label: str  # "2026-11", or the whole period: "2026" or "2026-01–2026-06"
    month: int | None
    active_volunteers: int
    hours: float
    tasks_done: int
    median_answer_hours: float | None
    start: date | None = None  # first day of the month; None for the whole period


def stats_between(
    municipality: Municipality, first: date, last: date, label: str | None = None
) -> tuple[list[Period], Period]:
    """Per month from first's month to last's month, and for all of it. Hours count on the day
    worked; an answer counts in the month the interest was shown (Oslo time)."""
    months = month_starts(first, last)
    end = next_month(months[-1])
    logs = db.session.execute(
        select(HourLog.volunteer_id, HourLog.task_id, HourLog.day, HourLog.minutes)
        .join(Volunteer, HourLog.volunteer_id == Volunteer.id)
        .where(
            Volunteer.municipality_id == municipality.id,
            HourLog.status == HourStatus.APPROVED,
            HourLog.day >= months[0],
            HourLog.day < end,
        )
    ).all()
    answers = [
        (month_of(created), (answered - created).total_seconds() / 3600)
        for created, answered in db.session.execute(
            select(Interest.created_at, Interest.answered_at)
            .join(Volunteer, Interest.volunteer_id == Volunteer.id)
            .where(Volunteer.municipality_id == municipality.id, Interest.answered_at.is_not(None))
        )
        if months[0] <= month_of(created) < end
    ]

    def period(label: str, month: date | None) -> Period:
        rows = [r for r in logs if month is None or r.day.replace(day=1) == month]
        waits = [hours for created, hours in answers if month is None or created == month]
        return Period(
            label,
            month.month if month else None,
            len({r.volunteer_id for r in rows}),
            round(sum(r.minutes for r in rows) / 60, 2),
            len({r.task_id for r in rows}),
            round(statistics.median(waits), 1) if waits else None,
            month,
        )

    whole = label or f"{months[0]:%Y-%m}–{months[-1]:%Y-%m}"
    return [period(f"{m:%Y-%m}", m) for m in months], period(whole, None)
