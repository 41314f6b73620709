"""Attendance for volunteers: the coordinator marks one time of a task as done or "did not come".
No-shows are for coordinators only (the volunteer's page in the coordinator pages, never the
public or the volunteer's own pages), and lower the ranking a little: `no_shows` feeds the pool's
`no_shows` column, worth at most `matching.WEIGHTS["no_shows"]` points."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp.accounts.models import User
from webapp.clock import today as oslo_today
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.locking import lock_rows
from webapp.transactions import atomic
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import ACTIVE_ASSIGNMENT, Assignment, Attendance, Task, TaskKind

LOOKBACK_DAYS = 365  # no-shows older than this no longer count


def first_day(task: Task) -> date:
    return oslo_today(task.starts_at)


def occurs_on(task: Task, day: date) -> bool:
    """The task takes place that (Oslo) day: a one-off task on its date, a standing one every week
    from its first date until `repeat_until`."""
    first = first_day(task)
    if task.kind != TaskKind.STANDING:
        return day == first
    return day >= first and (day - first).days % 7 == 0 and (task.repeat_until is None or day <= task.repeat_until)


def last_time(task: Task, on: date) -> date | None:
    """The task's latest time on or before `on`."""
    first = first_day(task)
    if on < first:
        return None
    if task.kind != TaskKind.STANDING:
        return first
    end = min(on, task.repeat_until) if task.repeat_until else on
    if end < first:
        return None
    return first + timedelta(days=7 * ((end - first).days // 7))


@atomic()
def mark(assignment: Assignment, coordinator: User, day: date, came: bool) -> Attendance:
    """Done or did not come, for one time of the task; marking the same time again changes it."""
    lock_rows((Assignment, [assignment.id]))
    db.session.refresh(assignment)
    if assignment.state not in ACTIVE_ASSIGNMENT:
        raise VolunteerError(str(_l("Only a volunteer who has the task can be marked.")))
    if day > oslo_today():
        raise VolunteerError(str(_l("Attendance can be marked on the day or after.")))
    if not occurs_on(assignment.task, day):
        raise VolunteerError(str(_l("The task does not take place on that day.")))
    found = db.session.scalar(
        select(Attendance).where(Attendance.assignment_id == assignment.id, Attendance.day == day)
    )
    values = {"came": came, "marked_at": utcnow(), "marked_by_id": coordinator.id}
    if found is None:
        found = Attendance(assignment_id=assignment.id, day=day, **values)
        db.session.add(found)
    else:
        found.came, found.marked_at, found.marked_by_id = values.values()
    return found


def no_shows(volunteer_ids: list[int], on: date | None = None) -> dict[int, int]:
    """No-shows in the last `LOOKBACK_DAYS` per volunteer (missing: none)."""
    if not volunteer_ids:
        return {}
    since = (on or oslo_today()) - timedelta(days=LOOKBACK_DAYS)
    rows = db.session.execute(
        select(Assignment.volunteer_id, func.count(Attendance.id))
        .join(Assignment, Attendance.assignment_id == Assignment.id)
        .where(Assignment.volunteer_id.in_(volunteer_ids), Attendance.came.is_(False), Attendance.day > since)
        .group_by(Assignment.volunteer_id)
    )
    return {volunteer_id: count for volunteer_id, count in rows}


def record_of(volunteer_id: int) -> list[Attendance]:
    """Everything marked for a volunteer, the latest first (for the coordinator's page)."""
    return list(
        db.session.scalars(
            select(Attendance)
            .join(Assignment, Attendance.assignment_id == Assignment.id)
            .where(Assignment.volunteer_id == volunteer_id)
            .order_by(Attendance.day.desc(), Attendance.id.desc())
        )
    )


@dataclass(frozen=True)
class Row:
    assignment: Assignment
    last_time: date | None
    marked: list[Attendance]


def for_task(task: Task, on: date | None = None) -> list[Row]:
    """The volunteers who have the task, each with the time to mark by default and what is marked."""
    on = on or oslo_today()
    out = []
    for assignment in task.assignments:
        if assignment.state not in ACTIVE_ASSIGNMENT:
            continue
        marked = list(
            db.session.scalars(
                select(Attendance).where(Attendance.assignment_id == assignment.id).order_by(Attendance.day.desc())
            )
        )
        out.append(Row(assignment, last_time(task, on), marked))
    return out
