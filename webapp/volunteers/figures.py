"""The volunteer centre's figures per month and for a whole period: active volunteers, approved
hours, tasks done and the median time to answer "meld interesse". The coordinator's statistics
page and the reports both read them from here."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, select

from webapp.extensions import db
from webapp.months import month_of, month_starts, next_month
from webapp.municipalities.models import Municipality
from webapp.volunteers import queries
from webapp.volunteers.models import HourLog, Interest, TaskKind, Volunteer
from webapp.volunteers.roles import all_roles


@dataclass
class Period:
    label: str  # "2026-11", or the whole period: "2026" or "2026-01–2026-06"
    month: int | None
    active_volunteers: int
    hours: float
    tasks_done: int
    median_answer_hours: float | None
    start: date | None = None  # first day of the month; None for the whole period


def hours_between(municipality: Municipality, first: date, end: date) -> list[Row]:
    """Approved hours of the municipality's volunteers worked from first up to (not including) end."""
    return list(
        db.session.execute(
            queries.approved_hours().where(
                Volunteer.municipality_id == municipality.id, HourLog.day >= first, HourLog.day < end
            )
        )
    )


def stats_between(
    municipality: Municipality, first: date, last: date, label: str | None = None
) -> tuple[list[Period], Period]:
    """Per month from first's month to last's month, and for all of it. Hours count on the day
    worked; an answer counts in the month the interest was shown (Oslo time)."""
    months = month_starts(first, last)
    end = next_month(months[-1])
    logs = hours_between(municipality, months[0], end)
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


@dataclass
class Year:
    """The centre's year (or any run of months) for its annual report: per month the active
    volunteers, approved minutes per role and tasks worked on per kind; the same approved hours
    as `stats_between` counts."""

    months: list[date]
    volunteers: dict[date | None, int]  # per month; None: the whole period
    minutes: dict[tuple[date, str], int]  # (month, role code)
    tasks: dict[tuple[date, str], int]  # (month, task kind): tasks with approved hours
    roles: list[str]  # role codes with hours, most hours first
    kinds: list[str]  # task kinds with hours, in the enum's order

    def hours(self, month: date | None = None, role: str | None = None) -> float:
        return round(sum(m for (mo, r), m in self.minutes.items() if month in (None, mo) and role in (None, r)) / 60, 2)

    def task_count(self, month: date | None = None, kind: str | None = None) -> int:
        return sum(n for (mo, k), n in self.tasks.items() if month in (None, mo) and kind in (None, k))


def year_between(municipality: Municipality, first: date, last: date) -> Year:
    months = month_starts(first, last)
    rows = hours_between(municipality, months[0], next_month(months[-1]))
    people: dict[date | None, set[int]] = defaultdict(set)
    minutes: dict[tuple[date, str], int] = defaultdict(int)
    tasks: dict[tuple[date, str], set[int]] = defaultdict(set)
    for row in rows:
        month = row.day.replace(day=1)
        people[month].add(row.volunteer_id)
        people[None].add(row.volunteer_id)
        minutes[month, row.role_code] += row.minutes
        tasks[month, row.kind].add(row.task_id)
    by_role: dict[str, int] = defaultdict(int)
    for (_month, role), value in minutes.items():
        by_role[role] += value
    kinds = {kind for _month, kind in tasks}
    return Year(
        months=months,
        volunteers={key: len(ids) for key, ids in people.items()},
        minutes=dict(minutes),
        tasks={key: len(ids) for key, ids in tasks.items()},
        roles=sorted(by_role, key=lambda code: (-by_role[code], code)),
        kinds=[kind.value for kind in TaskKind if kind.value in kinds],
    )


def role_names() -> dict[str, str]:
    """Each role's name in the page's standard."""
    return {role.code: role.name for role in all_roles()}


def kind_names() -> dict[str, str]:
    """Each kind of task's name in the page's standard."""
    return {kind.value: kind.title for kind in TaskKind}
