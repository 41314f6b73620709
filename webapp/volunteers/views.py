"""Public page, sign-up and the volunteer's own pages. Coordinator pages: coordinator_views.py."""

from __future__ import annotations

import json

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from webapp import clock
from webapp.database import parse_id
from webapp.municipalities.models import Municipality
from webapp.volunteers import bp, hours, interests, proposals, reconfirm, renewals, services, tasks
from webapp.volunteers.forms import (
    DAY_PARTS,
    LANGUAGE_NAMES,
    AwayForm,
    HoursForm,
    SignUpForm,
    availability_choices,
    availability_columns,
    availability_rows,
    options,
)
from webapp.volunteers.models import ACTIVE_ASSIGNMENT


def _fail(exc: services.VolunteerError, target: str) -> Response:
    flash(str(exc), "error")
    return redirect(target)


@bp.get("/<municipality:municipality>/volunteer")
def index(municipality: Municipality):
    return render_template(
        "volunteers/index.html",
        municipality=municipality,
        centre=services.centre(municipality),
        roles=services.all_roles(),
        volunteer=services.volunteer_of(current_user, municipality),
        nearby=services.centres_nearby(municipality),
    )


def _signup_form(municipality: Municipality, volunteer) -> SignUpForm:
    form = SignUpForm(obj=None)
    form.roles.choices = options((r.code, r.name) for r in services.all_roles())
    form.availability.choices = availability_choices()
    form.place.choices = options([("", _("Choose a place"))] + [(p.id, p.name) for p in services.places(municipality)])
    if request.method == "GET" and volunteer is not None:
        form.roles.data = volunteer.roles
        form.skills.data = volunteer.skills
        form.languages.data = volunteer.languages
        form.place.data = volunteer.place_id
        form.max_travel_km.data = volunteer.max_travel_km
        form.has_car.data, form.has_licence.data = volunteer.has_car, volunteer.has_licence
        form.wants.data = volunteer.wants
        form.tasks_per_week.data = volunteer.tasks_per_week
        form.birth_year.data = volunteer.birth_year
        form.guardian_name.data = volunteer.guardian_name
        form.availability.data = [
            f"{s.weekday}{k}"
            for s in volunteer.slots
            for k, (a, b, _label) in DAY_PARTS.items()
            if s.start_minute == a and s.end_minute == b
        ]
    return form


def _signup_data(form: SignUpForm, editing: bool) -> services.SignUp:
    slots = []
    for value in form.availability.data or []:
        start, end, _label = DAY_PARTS[value[1]]
        slots.append(services.Slot(int(value[0]), start, end))
    away: list | None = None if editing else []  # when editing, the periods are kept on "me"
    if not editing and (form.away_from.data or form.away_to.data):
        first = form.away_from.data or form.away_to.data
        away.append((first, form.away_to.data or first))
    return services.SignUp(
        roles=form.roles.data or [],
        skills=form.skills.data or "",
        languages=form.languages.data or [],
        place_id=form.place.data,
        max_travel_km=form.max_travel_km.data,
        has_car=form.has_car.data,
        has_licence=form.has_licence.data,
        wants=form.wants.data,
        birth_year=form.birth_year.data,
        consent=form.consent.data,
        guardian_name=form.guardian_name.data or "",
        guardian_consent=form.guardian_consent.data,
        tasks_per_week=form.tasks_per_week.data,
        slots=slots,
        away=away,
    )


@bp.route("/<municipality:municipality>/volunteer/sign-up", methods=["GET", "POST"])
def sign_up(municipality: Municipality):
    centre = services.centre(municipality)
    if centre is None:
        abort(404)
    if not current_user.is_authenticated:
        return render_template("volunteers/sign_up_login.html", municipality=municipality, centre=centre)
    volunteer = services.volunteer_of(current_user, municipality)
    form = _signup_form(municipality, volunteer)
    if form.validate_on_submit():
        try:
            services.sign_up(current_user, municipality, _signup_data(form, editing=volunteer is not None))
        except services.VolunteerError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Thank you! The volunteer centre will contact you for a talk."), "success")
            return redirect(url_for("volunteers.me", municipality=municipality))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "volunteers/sign_up.html",
        municipality=municipality,
        centre=centre,
        form=form,
        volunteer=volunteer,
        grid_columns=availability_columns(),
        grid_rows=availability_rows(form.availability),
    ), status


def _own(municipality: Municipality):
    volunteer = services.volunteer_of(current_user, municipality)
    if volunteer is None:
        abort(404)
    return volunteer


@bp.get("/<municipality:municipality>/volunteer/me")
@login_required
def me(municipality: Municipality):
    volunteer = services.volunteer_of(current_user, municipality)
    if volunteer is None:
        return redirect(url_for("volunteers.sign_up", municipality=municipality))
    assignments = hours.my_assignments(volunteer)
    hours_form = HoursForm()
    hours_form.task.choices = options(
        [("", _("Choose a task"))] + [(a.task_id, a.task.title) for a in assignments if a.state in ACTIVE_ASSIGNMENT]
    )
    return render_template(
        "volunteers/me.html",
        municipality=municipality,
        volunteer=volunteer,
        assignments=assignments,
        suited=tasks.suited_tasks(volunteer),
        interests=interests.interests_of(volunteer),
        hours=hours.hours_of(volunteer),
        hours_form=hours_form,
        roles={r.code: r for r in services.all_roles()},
        away_form=AwayForm(prefix="away"),
        declaration_version=services.DECLARATION_VERSION,
        renewal=renewals.standing(volunteer),
        languages=LANGUAGE_NAMES,
        reminder_days=interests.REMINDER_WORKING_DAYS,
    )


ACTIONS = {
    "declaration": (services.sign_declaration, _l("You have signed the confidentiality declaration.")),
    "pause": (services.pause, _l("You are on a pause. You get no new tasks until you come back.")),
    "resume": (services.resume, _l("Welcome back!")),
    "leave": (services.leave, _l("You have left the volunteer centre. Thank you for your help!")),
}


@bp.get("/<municipality:municipality>/volunteer/me/leave")
@login_required
def leave_confirm(municipality: Municipality):
    """Asks first, and names the tasks that go back to the coordinator."""
    volunteer = _own(municipality)
    if volunteer.has_left:
        return redirect(url_for("volunteers.me", municipality=municipality))
    return render_template(
        "volunteers/leave.html",
        municipality=municipality,
        tasks=services.tasks_given_up_by_leaving(volunteer),
    )


@bp.post("/<municipality:municipality>/volunteer/me/<any(declaration, pause, resume, leave):action>")
@login_required
def my_action(municipality: Municipality, action: str):
    volunteer = _own(municipality)
    run, message = ACTIONS[action]
    try:
        run(volunteer)
    except services.VolunteerError as exc:
        return _fail(exc, url_for("volunteers.me", municipality=municipality))
    flash(str(message), "success")
    return redirect(url_for("volunteers.me", municipality=municipality))


@bp.post("/<municipality:municipality>/volunteer/me/away")
@login_required
def add_away(municipality: Municipality):
    volunteer = _own(municipality)
    form = AwayForm(prefix="away")
    target = url_for("volunteers.me", municipality=municipality) + "#away-heading"
    if not form.validate_on_submit():
        flash(str(next(iter(form.errors.values()))[0]), "error")
        return redirect(target)
    try:
        services.add_away(volunteer, form.start.data, form.end.data or form.start.data)
    except services.VolunteerError as exc:
        return _fail(exc, target)
    flash(_("Saved. We do not suggest tasks to you in that period."), "success")
    return redirect(target)


@bp.post("/<municipality:municipality>/volunteer/me/away/<int:period_id>/remove")
@login_required
def remove_away(municipality: Municipality, period_id: int):
    volunteer = _own(municipality)
    target = url_for("volunteers.me", municipality=municipality) + "#away-heading"
    try:
        services.remove_away(volunteer, period_id)
    except services.VolunteerError:
        abort(404)
    flash(_("The period is removed."), "success")
    return redirect(target)


@bp.get("/<municipality:municipality>/volunteer/me/export")
@login_required
def export(municipality: Municipality):
    data = json.dumps(services.export(current_user), ensure_ascii=False, indent=2)
    return Response(
        data, mimetype="application/json", headers={"Content-Disposition": "attachment; filename=frivillig.json"}
    )


@bp.post("/<municipality:municipality>/volunteer/me/interest")
@login_required
def interest(municipality: Municipality):
    volunteer = _own(municipality)
    task_id = request.form.get("task_id", type=parse_id)
    try:
        interests.express_interest(
            volunteer,
            task_id=task_id,
            role_code=request.form.get("role", "")[:40],
            message=request.form.get("message", "")[:500],
        )
    except services.VolunteerError as exc:
        return _fail(exc, url_for("volunteers.me", municipality=municipality))
    flash(_("The volunteer centre has got your message. You can follow the answer here."), "success")
    return redirect(url_for("volunteers.me", municipality=municipality))


@bp.get("/<municipality:municipality>/volunteer/me/tasks/<int:task_id>")
@login_required
def my_task(municipality: Municipality, task_id: int):
    volunteer = _own(municipality)
    assignment = hours.my_task(volunteer, task_id)
    if assignment is None:
        abort(404)
    return render_template(
        "volunteers/my_task.html",
        municipality=municipality,
        assignment=assignment,
        task=assignment.task,
        local=clock.local,
        roles={r.code: r for r in services.all_roles()},
    )


@bp.post("/<municipality:municipality>/volunteer/me/hours")
@login_required
def log_hours(municipality: Municipality):
    volunteer = _own(municipality)
    form = HoursForm()
    form.task.choices = options([("", "")] + [(a.task_id, a.task.title) for a in hours.my_assignments(volunteer)])
    if not form.validate_on_submit():
        message = next(iter(form.errors.values()))[0] if form.errors else _("Not a valid choice.")
        flash(str(message), "error")
        return redirect(url_for("volunteers.me", municipality=municipality)), 303
    try:
        hours.log_hours(volunteer, form.task.data, form.day.data, float(form.hours.data), form.note.data or "")
    except services.VolunteerError as exc:
        return _fail(exc, url_for("volunteers.me", municipality=municipality))
    flash(_("Thank you! The coordinator will approve your hours."), "success")
    return redirect(url_for("volunteers.me", municipality=municipality))


@bp.route("/volunteer/answer/<token>", methods=["GET", "POST"])
def answer(token: str):
    """The link in the e-mail shows the task; the button (a POST) gives the answer."""
    g.page_locale = proposals.locale_of(token) or g.get("page_locale")
    try:
        assignment, choice = proposals.read_answer(token)
    except services.VolunteerError as exc:
        return render_template("volunteers/link_problem.html", message=str(exc)), 400
    if request.method == "POST":
        try:
            assignment = proposals.answer(token)
        except services.VolunteerError as exc:
            return render_template("volunteers/link_problem.html", message=str(exc)), 400
        flash(
            _("Thank you! You have taken the task.")
            if choice == "yes"
            else _("Thank you for answering. We will ask someone else."),
            "success",
        )
        return render_template(
            "volunteers/answered.html",
            assignment=assignment,
            choice=choice,
            starts=clock.local(assignment.task.starts_at),
        )
    return render_template(
        "volunteers/answer.html",
        assignment=assignment,
        choice=choice,
        task=assignment.task,
        starts=clock.local(assignment.task.starts_at),
    )


@bp.route("/volunteer/reconfirm/<token>", methods=["GET", "POST"])
def reconfirm_task(token: str):
    """Two days before a standing task: "yes, I am coming" or "not this time", with one tap."""
    g.page_locale = reconfirm.locale_of(token) or g.get("page_locale")
    try:
        occurrence = reconfirm.read(token)
        if request.method == "POST":
            choice = request.form.get("answer", "")
            occurrence = reconfirm.answer(token, choice)
            return render_template("volunteers/reconfirmed.html", occurrence=occurrence, cancelled=choice == "cancel")
    except services.VolunteerError as exc:
        return render_template("volunteers/link_problem.html", message=str(exc)), 400
    return render_template("volunteers/reconfirm.html", occurrence=occurrence)


from webapp.volunteers import coordinator_views  # noqa: E402,F401
