"""Tasks (oppdrag): creating them and ranking volunteers for them. Asking: proposals.py."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webapp import clock
from webapp.accounts.models import User
from webapp.clock import local, local_datetime
from webapp.clock import today as oslo_today
from webapp.database import utcnow
from webapp.extensions import db
from webapp.locking import lock_rows
from webapp.municipalities.models import Municipality
from webapp.transactions import atomic
from webapp.volunteers import attendance, matching, region_pool, renewals
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.models import (
    ACTIVE_ASSIGNMENT,
    ASKED_OR_ACTIVE,
    Assignment,
    AssignmentState,
    HourLog,
    HourStatus,
    Interest,
    Place,
    Task,
    TaskKind,
    TaskStatus,
    Volunteer,
    VolunteerStatus,
)
from webapp.volunteers.roles import LANGUAGES, role_by_code


@dataclass
class TaskData:
    kind: str
    role_code: str
    title: str
    starts_at: datetime  # aware
    duration_minutes: int
    place_id: int | None = None
    address: str = ""
    repeat_until: date | None = None
    needs_politiattest: bool = False
    needs_car: bool = False
    language: str = ""
    language_required: bool = False
    person_name: str = ""
    person_phone: str = ""
    need_to_know: str = ""
    offer_ref: str = ""


@dataclass
class Candidate:
    volunteer: Volunteer
    total: float
    points: dict[str, float]  # component → points given (weight × value)
    # A sharing partner's volunteer (region_pool.py): their centre's own facts are not shown.
    partner: bool = False

    @property
    def interested(self) -> bool:
        """Has said they want this very task ("Har meldt interesse")."""
        return self.points.get("stated_interest", 0) > 0


# What is not shown of a partner's volunteer, and counts as the middle in their score.
PARTNER_HIDDEN = ("load", "no_shows")


def person_ref(name: str, phone: str) -> str:
    digits = re.sub(r"\D", "", phone)[-8:]
    return f"{' '.join(name.lower().split())}|{digits}" if name.strip() else ""


def get_task(municipality: Municipality, task_id: int) -> Task | None:
    task = db.session.get(Task, task_id)
    return task if task and task.municipality_id == municipality.id else None


def tasks_of(municipality: Municipality) -> list[Task]:
    return list(
        db.session.scalars(
            select(Task).where(Task.municipality_id == municipality.id).order_by(Task.status, Task.starts_at)
        )
    )


def checked_role(municipality: Municipality, data: TaskData):
    role = role_by_code(data.role_code)
    if role is None or data.kind not in set(TaskKind):
        raise VolunteerError(str(_l("Not a valid choice.")))
    if data.language and data.language not in LANGUAGES:
        raise VolunteerError(str(_l("Not a valid choice.")))
    if not 15 <= data.duration_minutes <= 12 * 60:
        raise VolunteerError(str(_l("A task lasts between 15 minutes and 12 hours.")))
    if data.place_id is not None:
        place = db.session.get(Place, data.place_id)
        if place is None or place.municipality_id != municipality.id:
            raise VolunteerError(str(_l("Not a valid choice.")))
    if data.repeat_until and data.repeat_until < local(data.starts_at).date():
        raise VolunteerError(str(_l("A standing task must end after it starts.")))
    return role


def fill(task: Task, data: TaskData, role) -> None:
    task.kind, task.role_code, task.title = data.kind, data.role_code, data.title.strip()
    task.starts_at, task.duration_minutes = data.starts_at, data.duration_minutes
    task.place_id, task.address = data.place_id, data.address.strip()
    task.repeat_until = data.repeat_until if data.kind == TaskKind.STANDING else None
    task.needs_politiattest = data.needs_politiattest or role.needs_politiattest
    task.needs_car, task.language = data.needs_car, data.language
    task.language_required = data.language_required and bool(data.language)
    task.person_name, task.person_phone = data.person_name.strip(), data.person_phone.strip()
    task.need_to_know = data.need_to_know.strip()
    task.person_ref = person_ref(data.person_name, data.person_phone)


@atomic()
def create_task(municipality: Municipality, data: TaskData, creator: User | None = None) -> Task:
    return add_task(municipality, data, creator)


def add_task(
    municipality: Municipality,
    data: TaskData,
    creator: User | None = None,
    escort_request_id: int | None = None,
) -> Task:
    """`create_task` inside the caller's transaction (an escort request at sign-up); the caller
    commits."""
    role = checked_role(municipality, data)
    task = Task(
        municipality_id=municipality.id,
        offer_ref=data.offer_ref,
        escort_request_id=escort_request_id,
        created_by_id=creator.id if creator else None,
    )
    fill(task, data, role)
    db.session.add(task)
    db.session.flush()
    return task


# Scoring against the database.


def _month_bounds(now: datetime) -> tuple[date, date]:
    today = clock.today(now)
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following


def load_hours(volunteer_ids: list[int], now: datetime) -> dict[int, float]:
    """Approved hours this month plus hours planned in tasks taken this month."""
    first, following = _month_bounds(now)
    load: dict[int, float] = dict.fromkeys(volunteer_ids, 0.0)
    rows = db.session.execute(
        select(HourLog.volunteer_id, func.sum(HourLog.minutes))
        .where(
            HourLog.volunteer_id.in_(volunteer_ids),
            HourLog.status == HourStatus.APPROVED,
            HourLog.day >= first,
            HourLog.day < following,
        )
        .group_by(HourLog.volunteer_id)
    )
    for vid, minutes in rows:
        load[vid] += (minutes or 0) / 60
    start = local_datetime(first, time(0))
    end = local_datetime(following, time(0))
    planned = db.session.execute(
        select(Assignment.volunteer_id, Task.kind, Task.duration_minutes, Task.starts_at)
        .join(Task, Assignment.task_id == Task.id)
        .where(
            Assignment.volunteer_id.in_(volunteer_ids),
            Assignment.state.in_(ACTIVE_ASSIGNMENT),
            Task.status.not_in([TaskStatus.DONE, TaskStatus.CANCELLED]),
            (Task.kind == TaskKind.STANDING) | ((Task.starts_at >= start) & (Task.starts_at < end)),
        )
    )
    for vid, kind, minutes, _starts in planned:
        load[vid] += minutes / 60 * (4 if kind == TaskKind.STANDING else 1)
    return load


def _busy(volunteer_ids: list[int], index: dict[int, int]) -> dict[str, np.ndarray]:
    """The times of tasks each volunteer has or is asked for, as weekly windows (see matching.busy)."""
    columns: dict[str, list[int]] = {
        name: [] for name in ("busy_row", "busy_first", "busy_last", "busy_weekday", "busy_start_q", "busy_end_q")
    }
    if volunteer_ids:
        rows = db.session.execute(
            select(Assignment.volunteer_id, Task.kind, Task.starts_at, Task.duration_minutes, Task.repeat_until)
            .join(Task, Assignment.task_id == Task.id)
            .where(
                Assignment.volunteer_id.in_(volunteer_ids),
                Assignment.state.in_(ASKED_OR_ACTIVE),
                Task.status.in_([TaskStatus.OPEN, TaskStatus.FILLED]),
            )
        )
        for vid, kind, starts_at, minutes, repeat_until in rows:
            start = local(starts_at)
            minute = start.hour * 60 + start.minute
            first = start.date().toordinal()
            if kind == TaskKind.STANDING:
                last = repeat_until.toordinal() if repeat_until else date.max.toordinal()
            else:
                last = first
            columns["busy_row"].append(index[vid])
            columns["busy_first"].append(first)
            columns["busy_last"].append(last)
            columns["busy_weekday"].append(start.weekday())
            columns["busy_start_q"].append(matching.quarter(minute))
            columns["busy_end_q"].append(min(matching.SLOTS_PER_DAY, math.ceil((minute + minutes) / 15)))
    return {name: np.array(values, dtype=np.int64) for name, values in columns.items()}


def build_pool(volunteers: list[Volunteer], now: datetime | None = None) -> matching.Pool:
    now = now or utcnow()
    n = len(volunteers)
    role_codes = sorted({code for v in volunteers for code in v.roles})
    role_index = {code: i for i, code in enumerate(role_codes)}
    lang_index = {code: i for i, code in enumerate(LANGUAGES)}
    roles = np.zeros((n, max(len(role_codes), 1)), dtype=bool)
    langs = np.zeros((n, len(LANGUAGES)), dtype=bool)
    grid = matching.empty_grid(n)
    away_row, away_start, away_end = [], [], []
    for i, v in enumerate(volunteers):
        for code in v.roles:
            roles[i, role_index[code]] = True
        for lang in v.languages:
            if lang in lang_index:
                langs[i, lang_index[lang]] = True
        for slot in v.slots:
            matching.fill_slot(grid, i, slot.weekday, slot.start_minute, slot.end_minute)
        for away in v.exceptions:
            away_row.append(i)
            away_start.append(away.start_date.toordinal())
            away_end.append(away.end_date.toordinal())
    load = load_hours([v.id for v in volunteers], now) if volunteers else {}
    missed = attendance.no_shows([v.id for v in volunteers], oslo_today(now))
    return matching.Pool(
        ids=np.array([v.id for v in volunteers], dtype=np.int64),
        approved=np.array([v.status == VolunteerStatus.APPROVED for v in volunteers], dtype=bool),
        politiattest=np.array(renewals.valid_politiattests(volunteers, oslo_today(now)), dtype=bool),
        car=np.array([v.has_car and v.has_licence for v in volunteers], dtype=bool),
        lat=np.array([v.place.lat if v.place else np.nan for v in volunteers], dtype=float),
        lon=np.array([v.place.lon if v.place else np.nan for v in volunteers], dtype=float),
        max_km=np.array([v.max_travel_km for v in volunteers], dtype=float),
        roles=roles,
        langs=langs,
        wants=np.array([matching.WANTS_CODES.get(v.wants, 0) for v in volunteers], dtype=np.int8),
        load_hours=np.array([load.get(v.id, 0.0) for v in volunteers], dtype=float),
        grid=grid,
        capacity=np.array([v.tasks_per_week for v in volunteers], dtype=np.int64),
        role_index=role_index,
        lang_index=lang_index,
        away_row=np.array(away_row, dtype=np.int64),
        away_start=np.array(away_start, dtype=np.int64),
        away_end=np.array(away_end, dtype=np.int64),
        **_busy([v.id for v in volunteers], {v.id: i for i, v in enumerate(volunteers)}),
        no_shows=np.array([missed.get(v.id, 0) for v in volunteers], dtype=float),
    )


def helped_before(task: Task, volunteer_ids: np.ndarray) -> np.ndarray:
    if not task.person_ref:
        return np.zeros(len(volunteer_ids), dtype=bool)
    helpers = set(
        db.session.scalars(
            select(Assignment.volunteer_id)
            .join(Task, Assignment.task_id == Task.id)
            .where(
                Task.person_ref == task.person_ref,
                Task.municipality_id == task.municipality_id,
                Task.id != task.id,
                Assignment.state.in_(ACTIVE_ASSIGNMENT),
            )
        )
    )
    return np.array([int(i) in helpers for i in volunteer_ids], dtype=bool)


def interested_in(task: Task, volunteer_ids: np.ndarray) -> np.ndarray:
    """Who has said they want this task and not been told no."""
    keen = set(
        db.session.scalars(select(Interest.volunteer_id).where(Interest.task_id == task.id, Interest.answer != "no"))
    )
    return np.array([int(i) in keen for i in volunteer_ids], dtype=bool)


def task_spec(task: Task, pool: matching.Pool) -> matching.TaskSpec:
    start = local(task.starts_at)
    minute = start.hour * 60 + start.minute
    return matching.TaskSpec(
        role=task.role_code,
        kind=task.kind,
        weekday=start.weekday(),
        start_q=matching.quarter(minute),
        end_q=min(matching.SLOTS_PER_DAY, math.ceil((minute + task.duration_minutes) / 15)),
        day=start.date().toordinal(),
        lat=task.place.lat if task.place else float("nan"),
        lon=task.place.lon if task.place else float("nan"),
        needs_politiattest=task.needs_politiattest,
        needs_car=task.needs_car,
        language=task.language,
        language_required=task.language_required,
        helped_before=helped_before(task, pool.ids),
        interested=interested_in(task, pool.ids),
        last_day=task.repeat_until.toordinal() if task.kind == TaskKind.STANDING and task.repeat_until else None,
    )


def pool_volunteers(municipality_id: int) -> list[Volunteer]:
    return list(
        db.session.scalars(
            select(Volunteer)
            .where(Volunteer.municipality_id == municipality_id, Volunteer.status != VolunteerStatus.LEFT)
            .options(
                selectinload(Volunteer.slots),
                selectinload(Volunteer.exceptions),
                selectinload(Volunteer.place),
                selectinload(Volunteer.user),
            )
            .order_by(Volunteer.id)
        )
    )


def asked_volunteers(task: Task) -> set[int]:
    return {a.volunteer_id for a in task.assignments if a.state != AssignmentState.DRAFT}


def candidates(task: Task, limit: int | None = 20, now: datetime | None = None) -> list[Candidate]:
    """Volunteers meeting every hard requirement, best first, not yet asked for this task."""
    volunteers = pool_volunteers(task.municipality_id)
    for partner_id in sorted(region_pool.partner_ids(task)):
        volunteers += pool_volunteers(partner_id)
    if not volunteers:
        return []
    pool = build_pool(volunteers, now)
    partner = np.array([v.municipality_id != task.municipality_id for v in volunteers], dtype=bool)
    pool.load_hours[partner] = matching.FULL_LOAD_HOURS / 2
    if pool.no_shows is not None:
        pool.no_shows[partner] = 0
    parts, feasible = matching.components(task_spec(task, pool), pool)
    asked = asked_volunteers(task)
    feasible &= np.array([v.id not in asked for v in volunteers], dtype=bool)
    total = sum(matching.WEIGHTS[name] * values for name, values in parts.items())
    rows = np.flatnonzero(feasible)
    rows = rows[np.argsort(-total[rows], kind="stable")][:limit]
    return [
        Candidate(
            volunteers[r],
            round(float(total[r]), 1),
            {
                # + 0.0: no "-0" for a negative weight that gave nothing
                name: round(matching.WEIGHTS[name] * float(parts[name][r]), 1) + 0.0
                for name in parts
                if not (partner[r] and name in PARTNER_HIDDEN)
            },
            partner=bool(partner[r]),
        )
        for r in rows
    ]


def suited_tasks(volunteer: Volunteer, now: datetime | None = None) -> list[tuple[Task, float]]:
    """ "Passar for deg": open tasks this volunteer may take, ranked by the same score."""
    now = now or utcnow()
    if volunteer.status != VolunteerStatus.APPROVED:
        return []
    pool = build_pool([volunteer], now)
    out = []
    for task in db.session.scalars(
        select(Task).where(
            Task.municipality_id == volunteer.municipality_id,
            Task.status == TaskStatus.OPEN,
            (Task.starts_at >= now) | (Task.kind == TaskKind.STANDING),
        )
    ):
        if volunteer.id in asked_volunteers(task) or any(a.state in ASKED_OR_ACTIVE for a in task.assignments):
            continue
        score = float(matching.scores(task_spec(task, pool), pool)[0])
        if np.isfinite(score):
            out.append((task, round(score, 1)))
    return sorted(out, key=lambda pair: -pair[1])


def lock_task(task: Task) -> Task:
    """Lock the task row, then read it and its assignments afresh: another request may have just
    asked someone."""
    lock_rows((Task, [task.id]))
    db.session.refresh(task)
    db.session.expire(task, ["assignments"])
    return task


@atomic()
def mark_done(task: Task) -> None:
    task.status = TaskStatus.DONE


def get_assignment(municipality: Municipality, assignment_id: int) -> Assignment | None:
    assignment = db.session.get(Assignment, assignment_id)
    return assignment if assignment and assignment.task.municipality_id == municipality.id else None
