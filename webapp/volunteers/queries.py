"""Queries used more than once."""

from __future__ import annotations

from sqlalchemy import Select, select

from webapp.volunteers.models import HourLog, HourStatus, Task, TaskStatus, Volunteer


def volunteer_of(user_id: int, municipality_id: int) -> Select[tuple[Volunteer]]:
    return select(Volunteer).where(Volunteer.user_id == user_id, Volunteer.municipality_id == municipality_id)


def volunteers(municipality_id: int, status: str | None = None) -> Select[tuple[Volunteer]]:
    query = select(Volunteer).where(Volunteer.municipality_id == municipality_id)
    if status:
        query = query.where(Volunteer.status == status)
    return query.order_by(Volunteer.created_at.desc(), Volunteer.id.desc())


def open_tasks(municipality_id: int) -> Select[tuple[Task]]:
    return (
        select(Task)
        .where(Task.municipality_id == municipality_id, Task.status == TaskStatus.OPEN)
        .order_by(Task.starts_at)
    )


def approved_hours() -> Select:
    """What counts as a volunteer's work: hours a coordinator approved, with the volunteer's
    municipality, the task's role and kind. The centre's figures, its yearly report and each
    volunteer's record of service all start here."""
    return (
        select(
            HourLog.volunteer_id,
            HourLog.task_id,
            HourLog.day,
            HourLog.minutes,
            Task.role_code,
            Task.kind,
            Volunteer.municipality_id,
        )
        .join(Volunteer, HourLog.volunteer_id == Volunteer.id)
        .join(Task, HourLog.task_id == Task.id)
        .where(HourLog.status == HourStatus.APPROVED)
    )
