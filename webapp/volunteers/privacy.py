"""Volunteers' part of what the service holds about a person (see `webapp.personal_data`): their
volunteer profile and work, and the tasks made to help them (an escort asked for at sign-up, or a
task a coordinator wrote with their name and number)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from webapp.extensions import db
from webapp.offers import privacy as offers_privacy
from webapp.personal_data import Part, Traces
from webapp.volunteers import services
from webapp.volunteers.models import (
    Assignment,
    Attendance,
    ExpenseLine,
    HourLog,
    Interest,
    Task,
    TaskReconfirmation,
    Volunteer,
)
from webapp.volunteers.tasks import person_ref


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def tasks_about(user: Any) -> list[Task]:
    """Tasks made from the person's escort requests, or written with their name and number (a
    name alone could be someone else's)."""
    signups = offers_privacy.signups_of(user)
    refs = {
        person_ref(name, phone)
        for name, phone in [(user.name, user.phone)] + [(s.name, s.phone) for s in signups]
        if name.strip() and any(c.isdigit() for c in phone)
    }
    requests = offers_privacy.escort_request_ids(signups)
    if not refs and not requests:
        return []
    return list(
        db.session.scalars(
            select(Task)
            .where(or_(Task.person_ref.in_(refs), Task.escort_request_id.in_(requests)))
            .order_by(Task.starts_at)
        )
    )


def export(user: Any) -> dict[str, Any]:
    data = services.export(user)
    volunteer_ids = list(db.session.scalars(select(Volunteer.id).where(Volunteer.user_id == user.id)))
    data["reconfirmations"] = [
        {"task": r.assignment.task.title, "day": _iso(r.day), "answer": r.answer, "answered_at": _iso(r.answered_at)}
        for r in db.session.scalars(
            select(TaskReconfirmation).join(Assignment).where(Assignment.volunteer_id.in_(volunteer_ids))
        )
    ]
    data["attendance"] = [
        {"task": a.assignment.task.title, "day": _iso(a.day), "came": a.came}
        for a in db.session.scalars(
            select(Attendance).join(Assignment).where(Assignment.volunteer_id.in_(volunteer_ids))
        )
    ]
    data["driving_and_expenses"] = [
        {
            "task": e.task.title,
            "day": _iso(e.day),
            "kind": e.kind,
            "km": e.km,
            "amount_ore": e.amount_ore,
            "from": e.from_place,
            "to": e.to_place,
            "note": e.note,
            "status": e.status,
            "reason": e.reason,
            "exported_at": _iso(e.exported_at),
        }
        for e in db.session.scalars(select(ExpenseLine).where(ExpenseLine.volunteer_id.in_(volunteer_ids)))
    ]
    data["tasks_about_you"] = [
        {
            "title": t.title,
            "starts_at": _iso(t.starts_at),
            "status": t.status,
            "person_name": t.person_name,
            "person_phone": t.person_phone,
            "need_to_know": t.need_to_know,
            "address": t.address,
        }
        for t in tasks_about(user)
    ]
    return data


def forget_task_person(task: Task) -> None:
    task.person_name, task.person_phone, task.need_to_know, task.person_ref = "", "", "", ""


def erase(user: Any, _traces: Traces) -> None:
    """Leave every centre and drop what describes the person and what they wrote; hours and tasks
    stay for the centre's figures, tied to no name. Tasks made to help them no longer say who."""
    services.forget(user)
    volunteer_ids = select(Volunteer.id).where(Volunteer.user_id == user.id).scalar_subquery()
    for interest in db.session.scalars(select(Interest).where(Interest.volunteer_id.in_(volunteer_ids))):
        interest.message = ""
    for log in db.session.scalars(select(HourLog).where(HourLog.volunteer_id.in_(volunteer_ids))):
        log.note = ""
    # Amounts stay for the municipality's accounts; where the person drove and why does not.
    for line in db.session.scalars(select(ExpenseLine).where(ExpenseLine.volunteer_id.in_(volunteer_ids))):
        line.from_place, line.to_place, line.note, line.reason = "", "", "", ""
    for task in tasks_about(user):
        forget_task_person(task)
    db.session.flush()


PART = Part(
    "volunteers",
    export=export,
    erase=erase,
    tables=(
        "volunteers",
        "volunteer_slots",
        "volunteer_exceptions",
        "volunteer_assignments",
        "volunteer_interests",
        "volunteer_hours",
        "volunteer_attendance",
        "volunteer_reconfirmations",
        "volunteer_tasks",
        "volunteer_expenses",
    ),
    not_personal={
        "volunteer_roles": "The kinds of volunteer work.",
        "volunteer_places": "Villages and hamlets with rough coordinates, for distances.",
        "volunteer_renewal_rules": "How long a politiattest and a declaration hold, per municipality.",
        "volunteer_expense_rules": "The rate per kilometre for driving, per municipality.",
    },
)
