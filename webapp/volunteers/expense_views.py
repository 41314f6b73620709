"""Mileage and expenses: the volunteer's page, and the coordinator's approval, rate and payroll
export (expenses.py)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from webapp.forms import Form
from webapp.municipalities.models import Municipality
from webapp.volunteers import bp, expenses, hours, services
from webapp.volunteers.coordinator_views import COORD, coordinator
from webapp.volunteers.errors import VolunteerError
from webapp.volunteers.expense_forms import ExpenseForm, KmRateForm, MileageForm, RejectForm
from webapp.volunteers.models import ACTIVE_ASSIGNMENT, Volunteer

ME = "/<municipality:municipality>/volunteer/me/expenses"


def _own(municipality: Municipality) -> Volunteer:
    volunteer = services.volunteer_of(current_user, municipality)
    if volunteer is None:
        abort(404)
    return volunteer


def _with_tasks(form: MileageForm | ExpenseForm, volunteer: Volunteer):
    form.task.choices = [("", _("Choose a task"))] + [
        (a.task_id, a.task.title) for a in hours.my_assignments(volunteer) if a.state in ACTIVE_ASSIGNMENT
    ]
    return form


def _page(municipality: Municipality, volunteer: Volunteer, mileage=None, expense=None, status: int = 200):
    return (
        render_template(
            "volunteers/expenses.html",
            municipality=municipality,
            volunteer=volunteer,
            mileage=mileage or _with_tasks(MileageForm(prefix="mileage"), volunteer),
            expense=expense or _with_tasks(ExpenseForm(prefix="expense"), volunteer),
            lines=expenses.lines_of(volunteer),
            rate=expenses.km_rate_ore(municipality.id),
            kroner=expenses.kroner,
        ),
        status,
    )


@bp.get(ME)
@login_required
def my_expenses(municipality: Municipality):
    return _page(municipality, _own(municipality))


def _log(municipality: Municipality, form: Form, keyword: str, run) -> Response | tuple:
    volunteer = _own(municipality)
    _with_tasks(form, volunteer)
    if form.validate_on_submit():
        try:
            run(volunteer, form)
        except VolunteerError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Thank you! The coordinator will look at it."), "success")
            return redirect(url_for("volunteers.my_expenses", municipality=municipality))
    return _page(municipality, volunteer, status=400, **{keyword: form})


@bp.post(ME + "/mileage")
@login_required
def log_mileage(municipality: Municipality):
    def run(volunteer: Volunteer, form: MileageForm) -> None:
        expenses.log_mileage(
            volunteer,
            form.task.data,
            form.day.data,
            form.km.data,
            form.from_place.data or "",
            form.to_place.data or "",
            form.note.data or "",
        )

    return _log(municipality, MileageForm(prefix="mileage"), "mileage", run)


@bp.post(ME + "/expense")
@login_required
def log_expense(municipality: Municipality):
    def run(volunteer: Volunteer, form: ExpenseForm) -> None:
        expenses.log_expense(volunteer, form.task.data, form.day.data, form.amount.data, form.what.data or "")

    return _log(municipality, ExpenseForm(prefix="expense"), "expense", run)


def _coordinator_page(municipality: Municipality, rate_form: KmRateForm | None = None, status: int = 200):
    if rate_form is None:
        rate_form = KmRateForm(formdata=None)
        rate_form.rate.raw_data = [expenses.kroner(expenses.km_rate_ore(municipality.id))]  # shown as 3,50
    return (
        render_template(
            "volunteers/coordinator/expenses.html",
            municipality=municipality,
            pending=expenses.pending(municipality),
            ready=len(expenses.ready_for_export(municipality)),
            rate_form=rate_form,
            reject_form=RejectForm,
            kroner=expenses.kroner,
        ),
        status,
    )


@bp.get(COORD + "/expenses")
@coordinator
def coordinator_expenses(municipality: Municipality):
    return _coordinator_page(municipality)


@bp.post(COORD + "/expenses/<int:line_id>/approve")
@coordinator
def coordinator_expense_approve(municipality: Municipality, line_id: int):
    line = expenses.get_line(municipality, line_id)
    if line is None:
        abort(404)
    try:
        expenses.decide(line, current_user, True)
    except VolunteerError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Approved."), "success")
    return redirect(url_for("volunteers.coordinator_expenses", municipality=municipality))


@bp.post(COORD + "/expenses/<int:line_id>/reject")
@coordinator
def coordinator_expense_reject(municipality: Municipality, line_id: int):
    line = expenses.get_line(municipality, line_id)
    if line is None:
        abort(404)
    form = RejectForm(prefix=f"reject-{line.id}")
    if not form.validate_on_submit():
        flash(str(form.reason.errors[0] if form.reason.errors else _("Write why the line is not approved.")), "error")
        return redirect(url_for("volunteers.coordinator_expenses", municipality=municipality) + f"#line-{line.id}")
    try:
        expenses.decide(line, current_user, False, form.reason.data)
    except VolunteerError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Not approved. The volunteer sees why."), "success")
    return redirect(url_for("volunteers.coordinator_expenses", municipality=municipality))


@bp.post(COORD + "/expenses/rate")
@coordinator
def coordinator_expense_rate(municipality: Municipality):
    form = KmRateForm()
    if form.validate_on_submit():
        try:
            expenses.save_km_rate(municipality, form.rate.data)
        except VolunteerError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("volunteers.coordinator_expenses", municipality=municipality))
    return _coordinator_page(municipality, form, 400)


@bp.post(COORD + "/expenses/export")
@coordinator
def coordinator_expense_export(municipality: Municipality):
    """The CSV for payroll; the lines in it are marked exported and never come again."""
    body, count = expenses.export(municipality)
    if count == 0:
        flash(_("There are no approved lines left to export."), "error")
        return redirect(url_for("volunteers.coordinator_expenses", municipality=municipality))
    flash(ngettext("%(num)s line exported.", "%(num)s lines exported.", count), "success")
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=utlegg-{municipality.slug}.csv"},
    )
