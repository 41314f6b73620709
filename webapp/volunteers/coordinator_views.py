"""Coordinator pages. Every object is looked up within the municipality of the URL, so another
municipality's volunteers, tasks and hours are a 404 (the role check itself gives 403)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp import clock
from webapp.accounts.access import require_role
from webapp.accounts.models import Role
from webapp.confirm import asks_first
from webapp.database import parse_id, utcnow
from webapp.forms import parse_day
from webapp.htmx import render
from webapp.municipalities.models import Municipality
from webapp.municipalities.services import sharing_partners
from webapp.volunteers import (
    attendance,
    bp,
    cancelling,
    editing,
    hours,
    interests,
    offer_sessions,
    proposals,
    reconfirm,
    region_pool,
    renewals,
    services,
    tasks,
)
from webapp.volunteers.forms import LANGUAGE_NAMES, DayForm, OfferHelpersForm, TaskForm, attendance_form, options
from webapp.volunteers.matching import WEIGHTS
from webapp.volunteers.models import Task, Volunteer, VolunteerStatus

T = TypeVar("T")
COORD = "/<municipality:municipality>/volunteer/coordinator"
coordinator = require_role(Role.VOLUNTEER_COORDINATOR)


def _component_titles() -> dict[str, str]:
    return {
        "availability": _("Available then"),
        "distance": _("Distance"),
        "interest": _("Interest in the role"),
        "stated_interest": _("Interest in this task"),
        "language": _("Language"),
        "load": _("Load this month"),
        "continuity": _("Has helped the person before"),
        "no_shows": _("Did not come in the last year"),
    }


def _back(endpoint: str, municipality: Municipality, **values) -> Response:
    return redirect(url_for(endpoint, municipality=municipality, **values))


def run_action(
    action: Callable[[], object], done: str, endpoint: str, municipality: Municipality, **values
) -> Response:
    """Call one service; show its domain error or the success message, then go back (PRG)."""
    try:
        action()
    except services.VolunteerError as exc:
        flash(str(exc), "error")
    else:
        flash(done, "success")
    return _back(endpoint, municipality, **values)


@bp.get(COORD)
@coordinator
def coordinator_home(municipality: Municipality):
    status = request.args.get("status", "")
    if status not in set(VolunteerStatus):
        status = ""
    return render(
        "volunteers/coordinator/volunteers.html",
        "volunteers/coordinator/_volunteer_table.html",
        municipality=municipality,
        volunteers=services.volunteers_of(municipality, status or None),
        status=status,
        statuses=VolunteerStatus.titles(),
        roles={r.code: r for r in services.all_roles()},
        waiting=len(interests.queue(municipality)),
        hours_waiting=len(hours.pending_hours(municipality)),
    )


def _found(value: T | None) -> T:
    """Objects of another municipality are as good as missing."""
    if value is None:
        abort(404)
    return value


def _volunteer(municipality: Municipality, volunteer_id: int) -> Volunteer:
    return _found(services.get_for_coordinator(municipality, volunteer_id))


@bp.get(COORD + "/volunteers/<int:volunteer_id>")
@coordinator
def coordinator_volunteer(municipality: Municipality, volunteer_id: int):
    volunteer = _volunteer(municipality, volunteer_id)
    return render_template(
        "volunteers/coordinator/volunteer.html",
        municipality=municipality,
        volunteer=volunteer,
        intro_form=DayForm(prefix="intro"),
        attest_form=DayForm(prefix="politiattest"),
        renewal=renewals.standing(volunteer),
        attendance_record=attendance.record_of(volunteer.id),
        no_shows=attendance.no_shows([volunteer.id]).get(volunteer.id, 0),
        roles={r.code: r for r in services.all_roles()},
        languages=LANGUAGE_NAMES,
        weekdays=_weekdays(),
    )


def _weekdays() -> list[str]:
    from webapp.volunteers.forms import WEEKDAYS

    return [str(d) for d in WEEKDAYS]


@bp.post(COORD + "/volunteers/<int:volunteer_id>/<any(intro, politiattest):step>")
@coordinator
def coordinator_onboarding(municipality: Municipality, volunteer_id: int, step: str):
    volunteer = _volunteer(municipality, volunteer_id)
    form = DayForm(prefix=step)
    target = ("volunteers.coordinator_volunteer", municipality)
    if not form.validate_on_submit():
        flash(str(form.day.errors[0] if form.day.errors else _("Write a valid date.")), "error")
        return _back(*target, volunteer_id=volunteer.id)
    record = services.record_intro if step == "intro" else services.record_politiattest
    return run_action(
        lambda: record(volunteer, current_user, form.day.data), _("Saved."), *target, volunteer_id=volunteer.id
    )


@bp.post(COORD + "/volunteers/<int:volunteer_id>/approve")
@coordinator
def coordinator_approve(municipality: Municipality, volunteer_id: int):
    volunteer = _volunteer(municipality, volunteer_id)
    return run_action(
        lambda: services.approve(volunteer, current_user),
        _("%(name)s is approved as a volunteer.", name=volunteer.user.name),
        "volunteers.coordinator_volunteer",
        municipality,
        volunteer_id=volunteer.id,
    )


# Tasks.


def _helpers_form(municipality: Municipality) -> OfferHelpersForm:
    form = OfferHelpersForm(prefix="helpers")
    form.session.choices = options(
        [("", _("Choose a session"))]
        + [
            (s.key, f"{s.shown_title}, {format_datetime(s.starts_at, 'EEEE d. MMMM HH.mm')}")
            for s in offer_sessions.sessions(municipality)
        ]
    )
    form.role.choices = options((r.code, r.name) for r in services.all_roles())
    return form


@bp.get(COORD + "/tasks")
@coordinator
def coordinator_tasks(municipality: Municipality):
    return render_template(
        "volunteers/coordinator/tasks.html",
        municipality=municipality,
        tasks=tasks.tasks_of(municipality),
        local=clock.local,
        roles={r.code: r for r in services.all_roles()},
        helpers_form=_helpers_form(municipality),
    )


@bp.post(COORD + "/tasks/offer-helpers")
@coordinator
def coordinator_offer_helpers(municipality: Municipality):
    """Helpers for a coming session of an offer: one task per helper."""
    form = _helpers_form(municipality)
    if not form.validate_on_submit():
        flash(str(next(iter(form.errors.values()))[0]), "error")
        return _back("volunteers.coordinator_tasks", municipality)
    return run_action(
        lambda: offer_sessions.helpers_for(
            municipality, form.session.data, form.role.data, form.helpers.data, current_user
        ),
        _("The helper tasks are created. Find a volunteer for each."),
        "volunteers.coordinator_tasks",
        municipality,
    )


def _task_data(form: TaskForm) -> tasks.TaskData:
    return tasks.TaskData(
        kind=form.kind.data,
        role_code=form.role.data,
        title=form.title.data,
        starts_at=clock.local_datetime(form.day.data, form.start.data),
        duration_minutes=form.duration_minutes.data,
        place_id=form.place.data,
        address=form.address.data or "",
        repeat_until=form.repeat_until.data,
        needs_politiattest=form.needs_politiattest.data,
        needs_car=form.needs_car.data,
        language=form.language.data,
        language_required=form.language_required.data,
        person_name=form.person_name.data or "",
        person_phone=form.person_phone.data or "",
        need_to_know=form.need_to_know.data or "",
    )


def _task_form(municipality: Municipality, task: Task | None = None) -> TaskForm:
    form = TaskForm(obj=task)
    if task is not None and not form.is_submitted():
        starts = clock.local(task.starts_at)
        form.role.data, form.place.data = task.role_code, task.place_id
        form.day.data, form.start.data = starts.date(), starts.time().replace(tzinfo=None)
    form.role.choices = options((r.code, r.name) for r in services.all_roles())
    form.place.choices = options([("", _("Choose a place"))] + [(p.id, p.name) for p in services.places(municipality)])
    form.language.choices = options([("", _("No particular language"))] + list(LANGUAGE_NAMES.items()))
    return form


@bp.route(COORD + "/tasks/new", methods=["GET", "POST"])
@coordinator
def coordinator_new_task(municipality: Municipality):
    return _task_form_page(municipality, None)


@bp.route(COORD + "/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@coordinator
def coordinator_edit_task(municipality: Municipality, task_id: int):
    return _task_form_page(municipality, _task(municipality, task_id))


def _save(municipality: Municipality, task: Task | None, data: tasks.TaskData) -> tuple[Task, str]:
    if task is None:
        return tasks.create_task(municipality, data, current_user), _("The task is created.")
    told = editing.update_task(municipality, task, data)
    return task, (
        ngettext(
            "The task is changed. %(num)s volunteer has been told.",
            "The task is changed. %(num)s volunteers have been told.",
            told,
        )
        if told
        else _("The task is changed.")
    )


def _task_form_page(municipality: Municipality, task: Task | None):
    """A new task (task None) or a change of one; the form keeps what was typed on an error."""
    form = _task_form(municipality, task)
    if form.validate_on_submit():
        try:
            saved, message = _save(municipality, task, _task_data(form))
        except services.VolunteerError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(message, "success")
            return _back("volunteers.coordinator_task", municipality, task_id=saved.id)
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "volunteers/coordinator/task_form.html", municipality=municipality, form=form, task=task
    ), status


def _task(municipality: Municipality, task_id: int) -> Task:
    return _found(tasks.get_task(municipality, task_id))


@bp.get(COORD + "/tasks/<int:task_id>")
@coordinator
def coordinator_task(municipality: Municipality, task_id: int):
    task = _task(municipality, task_id)
    return render_template(
        "volunteers/coordinator/task.html",
        municipality=municipality,
        task=task,
        candidates=tasks.candidates(task) if task.status == "open" else [],
        starts=clock.local(task.starts_at),
        weights=WEIGHTS,
        components=_component_titles(),
        roles={r.code: r for r in services.all_roles()},
        languages=LANGUAGE_NAMES,
        answers=reconfirm.answers_for(task.id, clock.today()),
        attendance=attendance.for_task(task),
        attendance_form=attendance_form,
        partners=sharing_partners(municipality),
    )


@bp.post(COORD + "/tasks/<int:task_id>/propose")
@coordinator
def coordinator_propose(municipality: Municipality, task_id: int):
    task = _task(municipality, task_id)
    volunteer = _found(region_pool.volunteer_for_task(task, request.form.get("volunteer_id", 0, type=parse_id)))
    return run_action(
        lambda: proposals.propose(task, volunteer),
        _("%(name)s has been asked by e-mail.", name=volunteer.user.name),
        "volunteers.coordinator_task",
        municipality,
        task_id=task.id,
    )


@bp.post(COORD + "/tasks/<int:task_id>/done")
@coordinator
def coordinator_task_done(municipality: Municipality, task_id: int):
    tasks.mark_done(_task(municipality, task_id))
    flash(_("The task is marked as done."), "success")
    return _back("volunteers.coordinator_tasks", municipality)


@bp.post(COORD + "/tasks/<int:task_id>/cancel")
@coordinator
@asks_first(_l("The volunteers on the task are told that it is cancelled. This cannot be undone."))
def coordinator_task_cancel(municipality: Municipality, task_id: int):
    task = _task(municipality, task_id)
    reason = request.form.get("reason", "")
    return run_action(
        lambda: cancelling.cancel_task(task, reason),
        _("The task is cancelled."),
        "volunteers.coordinator_task",
        municipality,
        task_id=task.id,
    )


@bp.post(COORD + "/assignments/<int:assignment_id>/<any(confirm, send, reject):action>")
@coordinator
@asks_first(_l("The volunteer is taken off this task."), when=lambda action, **rest: action == "reject")
def coordinator_assignment(municipality: Municipality, assignment_id: int, action: str):
    assignment = _found(tasks.get_assignment(municipality, assignment_id))
    task_id = assignment.task_id
    run = {"confirm": proposals.confirm, "send": proposals.send_draft, "reject": proposals.reject_draft}[action]
    if request.form.get("back") == "batch":
        return run_action(lambda: run(assignment), _("Saved."), "volunteers.coordinator_batch", municipality)
    return run_action(
        lambda: run(assignment), _("Saved."), "volunteers.coordinator_task", municipality, task_id=task_id
    )


def _week(value: str | None) -> date:
    try:
        day = parse_day(value) if value else clock.today()
    except ValueError:
        abort(400)
    return proposals.monday_of(day)


@bp.route(COORD + "/batch", methods=["GET", "POST"])
@coordinator
def coordinator_batch(municipality: Municipality):
    monday = _week(request.values.get("week"))
    if request.method == "POST":
        made = proposals.batch_propose(municipality, monday)
        flash(
            ngettext(
                "%(num)s suggestion. Check it, then send or reject it.",
                "%(num)s suggestions. Check them, then send or reject each.",
                len(made),
            ),
            "success",
        )
        return redirect(url_for("volunteers.coordinator_batch", municipality=municipality, week=monday.isoformat()))
    return render_template(
        "volunteers/coordinator/batch.html",
        municipality=municipality,
        monday=monday,
        open_tasks=proposals.week_tasks(municipality, monday),
        drafts=proposals.drafts(municipality),
        local=clock.local,
    )


# Interest, hours, statistics.


@bp.get(COORD + "/interest")
@coordinator
def coordinator_interests(municipality: Municipality):
    return render_template(
        "volunteers/coordinator/interests.html",
        municipality=municipality,
        queue=interests.queue(municipality),
        now=utcnow(),
        roles={r.code: r for r in services.all_roles()},
    )


@bp.post(COORD + "/interest/<int:interest_id>/<any(yes, no):choice>")
@coordinator
@asks_first(_l("The volunteer is told no for this task."), when=lambda choice, **rest: choice == "no")
def coordinator_answer_interest(municipality: Municipality, interest_id: int, choice: str):
    interest = _found(interests.get_interest(municipality, interest_id))
    return run_action(
        lambda: interests.answer_interest(interest, choice == "yes"),
        _("The volunteer has got your answer."),
        "volunteers.coordinator_interests",
        municipality,
    )


@bp.get(COORD + "/hours")
@coordinator
def coordinator_hours(municipality: Municipality):
    return render_template(
        "volunteers/coordinator/hours.html", municipality=municipality, logs=hours.pending_hours(municipality)
    )


@bp.post(COORD + "/hours/<int:log_id>/<any(approve, reject):choice>")
@coordinator
@asks_first(
    _l("The hours are not counted. The volunteer can log them again."), when=lambda choice, **rest: choice == "reject"
)
def coordinator_decide_hours(municipality: Municipality, log_id: int, choice: str):
    log = _found(hours.get_hours(municipality, log_id))
    return run_action(
        lambda: hours.decide_hours(log, current_user, choice == "approve"),
        _("Saved."),
        "volunteers.coordinator_hours",
        municipality,
    )


def _report(municipality: Municipality, endpoint: str) -> Response:
    """The centre's statistics are the volunteers report; a year asked for becomes its months."""
    year = request.args.get("year", type=int)
    period = {"start": f"{year}-01", "end": f"{year}-12"} if year and 2000 <= year <= 2100 else {}
    return redirect(url_for(endpoint, municipality=municipality, slug="volunteers", **period), 301)


@bp.get(COORD + "/stats")
@coordinator
def coordinator_stats(municipality: Municipality):
    return _report(municipality, "reports.report")


@bp.get(COORD + "/stats.csv")
@coordinator
def coordinator_stats_csv(municipality: Municipality):
    return _report(municipality, "reports.csv")
