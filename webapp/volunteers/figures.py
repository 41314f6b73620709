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


def stats(municipality: Municipality, year: int) -> tuple[list[Period], Period]:
    """Per month and for the year: active volunteers, approved hours, tasks done, median answer time."""
    return stats_between(municipality, date(year, 1, 1), date(year, 12, 1), label=str(year))


BAR_AREA = (60, 20, 620, 220)  # left, top, right, bottom of the plot


def chart(months: list[Period]) -> dict:
    """Geometry for a bar chart of approved hours per month, drawn by the template as SVG."""
    left, top, right, bottom = BAR_AREA
    highest = max([p.hours for p in months] + [1.0])
    step = (right - left) / len(months)
    bars = []
    for i, p in enumerate(months):
        height = (bottom - top) * p.hours / highest
        bars.append(
            {
                "x": round(left + i * step + step * 0.15, 1),
                "y": round(bottom - height, 1),
                "width": round(step * 0.7, 1),
                "height": round(height, 1),
                "month": p.month,
                "hours": p.hours,
                "label_x": round(left + i * step + step / 2, 1),
            }
        )
    ticks = [{"y": round(bottom - (bottom - top) * f, 1), "value": round(highest * f, 1)} for f in (0, 0.5, 1)]
    return {"bars": bars, "ticks": ticks, "left": left, "right": right, "bottom": bottom, "top": top}
