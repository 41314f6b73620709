"""Pages for the allocation office: the application queue, decisions, holidays and capacity.
Only allocation officers of the page's municipality. Every read of a person's data is logged by
the `office` function that loads it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from webapp import clock
from webapp.accounts.access import require_role
from webapp.accounts.assisted import has_email
from webapp.accounts.forms import ConfirmForm
from webapp.accounts.idporten_services import can_register_people
from webapp.accounts.models import Role
from webapp.confirm import asks_first
from webapp.database import parse_id
from webapp.municipalities.models import Municipality
from webapp.respite import bp, office, overview, services, staff
from webapp.respite.forms import (
    ApplicationStatusForm,
    CapacityForm,
    ClosureForm,
    DecisionForm,
    EndDecisionForm,
    HolidayForm,
    NewUnitForm,
    ReasonForm,
    StaffForm,
    application_titles,
    consent_method_title,
    options,
)
from webapp.respite.models import Application, Decision, RespiteKind
from webapp.respite.services import NotFound, RespiteError

# A declined stay is a refusal: the office and the unit ask first.
DECLINE_CONSEQUENCE = _l("The relatives are told that the stay is declined. This cannot be undone.")

officer_only = require_role(Role.ALLOCATION_OFFICER)


@bp.get("/<municipality:municipality>/respite/office")
@officer_only
def office_start(municipality: Municipality):
    return render_template(
        "respite/office/start.html",
        municipality=municipality,
        queue=office.application_queue(municipality.id),
        decisions=office.decisions_of_municipality(municipality.id),
        flagged=office.flagged_bookings(municipality.id),
        quota_text=overview.quota_text,
        workload=services.office_workload(municipality.id, clock.today()),
        cancel_form=ReasonForm(prefix="cancel"),
    )


@bp.route("/<municipality:municipality>/respite/office/applications/<int:application_id>", methods=["GET", "POST"])
@officer_only
def office_application(municipality: Municipality, application_id: int):
    try:
        found = office.application_for_office(current_user, municipality.id, application_id)
    except NotFound:
        abort(404)
    form = ApplicationStatusForm()
    if form.validate_on_submit():
        office.set_application_status(current_user, found, form.status.data, form.note.data or "")
        flash(_("The status is changed and the applicant is told."), "success")
        return redirect(url_for("respite.office_application", municipality=municipality, application_id=found.id))
    return render_template(
        "respite/office/application.html",
        municipality=municipality,
        application=found,
        answers=application_titles(found),
        form=form,
    ), 400 if form.errors else 200


def _decision_form(municipality: Municipality) -> DecisionForm:
    form = DecisionForm()
    form.units.choices = options((u.id, f"{u.name} – {u.kind_title}") for u in office.respite_units(municipality.id))
    return form


def _decision_data(form: DecisionForm) -> office.DecisionData:
    if not can_register_people():  # without the key for identity numbers the form does not ask for them
        form.receiver_pid.data = form.relative_pid.data = ""
    relatives = []
    if form.relative_email.data or form.relative_pid.data or form.relative_phone.data:
        relatives.append(
            office.RelativeData(
                form.relative_email.data or "",
                form.consent_given_by.data,
                form.consent_date.data,
                form.consent_method.data,
                pid="".join((form.relative_pid.data or "").split()),
                name=form.relative_name.data or "",
                phone=(form.relative_phone.data or "").strip(),
            )
        )
    return office.DecisionData(
        receiver_name=form.receiver_name.data,
        receiver_birth_year=form.receiver_birth_year.data,
        kind=form.kind.data,
        unit_ids=list(form.units.data),
        quota_amount=form.quota_amount.data,
        quota_unit=form.quota_unit.data,
        period_kind=form.period_kind.data,
        period_days=form.period_days.data,
        valid_from=form.valid_from.data,
        valid_to=form.valid_to.data,
        horizon_days=form.horizon_days.data,
        cancel_hours=form.cancel_hours.data,
        max_stay=form.max_stay.data,
        needs_approval=form.needs_approval.data,
        weekend_cap=form.weekend_cap.data,
        holiday_cap=form.holiday_cap.data,
        relatives=relatives,
        receiver_pid="".join((form.receiver_pid.data or "").split()),
    )


def _prefill_new(form: DecisionForm, application: Application | None) -> None:
    today = clock.today()
    form.quota_amount.data, form.period_days.data = 4, 28
    form.valid_from.data, form.valid_to.data = today, today + timedelta(days=365)
    form.horizon_days.data, form.cancel_hours.data, form.max_stay.data = 90, 48, 7
    form.consent_date.data = today
    if application is not None:
        form.receiver_name.data = application.receiver_name
        form.receiver_birth_year.data = application.receiver_birth_year
        form.kind.data = application.kind_wanted
        form.relative_email.data = application.applicant.email if application.applicant else ""
        form.consent_given_by.data = application.consent_by
        form.consent_method.data = "digital"
        form.quota_unit.data = "nights" if RespiteKind(application.kind_wanted).counts_nights else "days"


@bp.route("/<municipality:municipality>/respite/office/decisions/new", methods=["GET", "POST"])
@officer_only
def office_new_decision(municipality: Municipality):
    application = None
    if request.args.get("application"):
        try:
            application = office.application_for_office(
                current_user, municipality.id, request.args.get("application", type=parse_id) or 0
            )
        except NotFound:
            abort(404)
    form = _decision_form(municipality)
    if request.method == "GET":
        _prefill_new(form, application)
    if form.validate_on_submit():
        try:
            decision = office.create_decision(current_user, municipality, _decision_data(form), application)
        except NotFound:
            abort(404)
        except RespiteError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The decision is registered. The relatives can now book."), "success")
            return redirect(url_for("respite.office_decision", municipality=municipality, decision_id=decision.id))
    return render_template(
        "respite/office/decision_form.html",
        municipality=municipality,
        form=form,
        decision=None,
        identity_numbers=can_register_people(),
        has_email=has_email,
        application=application,
    ), 400 if form.errors else 200


@bp.route("/<municipality:municipality>/respite/office/decisions/<int:decision_id>", methods=["GET", "POST"])
@officer_only
def office_decision(municipality: Municipality, decision_id: int):
    try:
        found = office.decision_for_office(current_user, municipality.id, decision_id)
    except NotFound:
        abort(404)
    form = _decision_form(municipality)
    if request.method == "GET":
        _fill_from(form, municipality, found)
    if form.validate_on_submit():
        try:
            flagged = office.update_decision(current_user, found, _decision_data(form))
        except NotFound:
            abort(404)
        except RespiteError as error:
            form.form_errors.append(str(error))
        else:
            flash(
                _("The decision is changed.")
                + (
                    " "
                    + ngettext(
                        "%(num)s booking is outside it now and is marked.",
                        "%(num)s bookings are outside it now and are marked.",
                        flagged,
                    )
                    if flagged
                    else ""
                ),
                "success",
            )
            return redirect(url_for("respite.office_decision", municipality=municipality, decision_id=found.id))
    return _decision_page(municipality, found, form, EndDecisionForm(prefix="end"))


def _fill_from(form: DecisionForm, municipality: Municipality, found: Decision) -> None:
    form.process(obj=found)
    form.units.choices = _decision_form(municipality).units.choices
    form.units.data = [u.id for u in found.units]
    form.receiver_name.data = found.care_receiver.name
    form.receiver_birth_year.data = found.care_receiver.birth_year
    form.consent_date.data = clock.today()


def _decision_page(municipality: Municipality, found: Decision, form: DecisionForm, end_form: EndDecisionForm):
    return render_template(
        "respite/office/decision_form.html",
        municipality=municipality,
        form=form,
        decision=found,
        bookings=services.bookings_of_decision(found),
        end_form=end_form,
        quota=overview.quota_text(found),
        consent_title=consent_method_title,
        application=None,
        identity_numbers=can_register_people(),
        has_email=has_email,
    ), 400 if form.errors or end_form.errors else 200


@bp.post("/<municipality:municipality>/respite/office/decisions/<int:decision_id>/end")
@officer_only
@asks_first(_l("No stays can be booked after the end date. This cannot be undone here."))
def office_end_decision(municipality: Municipality, decision_id: int):
    try:
        found: Decision = office.decision_for_office(current_user, municipality.id, decision_id)
    except NotFound:
        abort(404)
    end_form = EndDecisionForm(prefix="end")
    if end_form.validate_on_submit():
        try:
            flagged = office.end_decision(current_user, found, end_form.end.data)
        except RespiteError as error:
            end_form.end.errors.append(str(error))
        else:
            flash(
                _("The decision is ended.")
                + (
                    " "
                    + ngettext(
                        "%(num)s booking is outside it now and is marked.",
                        "%(num)s bookings are outside it now and are marked.",
                        flagged,
                    )
                    if flagged
                    else ""
                ),
                "success",
            )
            return redirect(url_for("respite.office_decision", municipality=municipality, decision_id=decision_id))
    form = _decision_form(municipality)
    _fill_from(form, municipality, found)
    return _decision_page(municipality, found, form, end_form)


@bp.post("/<municipality:municipality>/respite/office/decisions/<int:decision_id>/relatives/<int:user_id>/remove")
@officer_only
@asks_first(_l("The relative can no longer see or book stays in this decision."))
def office_remove_relative(municipality: Municipality, decision_id: int, user_id: int):
    try:
        found = office.decision_for_office(current_user, municipality.id, decision_id)
        if ConfirmForm().validate_on_submit():
            office.remove_relative(current_user, found, user_id)
            flash(_("The relative can no longer book for the person."), "success")
    except NotFound:
        abort(404)
    return redirect(url_for("respite.office_decision", municipality=municipality, decision_id=decision_id))


@bp.post("/<municipality:municipality>/respite/office/bookings/<int:booking_id>/cancel")
@officer_only
@asks_first(_l("The stay is cancelled and the relatives are told. This cannot be undone."))
def office_cancel_booking(municipality: Municipality, booking_id: int):
    form = ReasonForm(prefix="cancel")
    if form.validate_on_submit():
        try:
            office.cancel_by_office(current_user, municipality.id, booking_id, form.reason.data or "")
        except NotFound:
            abort(404)
        flash(_("The booking is cancelled and the relatives are told."), "success")
    return redirect(url_for("respite.office_start", municipality=municipality))


@bp.route("/<municipality:municipality>/respite/office/holidays", methods=["GET", "POST"])
@officer_only
def office_holidays(municipality: Municipality):
    form = HolidayForm()
    if form.validate_on_submit():
        try:
            office.add_school_holiday(municipality.id, form.name.data, form.start.data, form.end.data)
        except RespiteError as error:
            form.end.errors.append(str(error))
        else:
            flash(_("The holiday is saved."), "success")
            return redirect(url_for("respite.office_holidays", municipality=municipality))
    return render_template(
        "respite/office/holidays.html",
        municipality=municipality,
        form=form,
        holidays=office.school_holidays(municipality.id),
        delete_form=ConfirmForm(),
    ), 400 if form.errors else 200


@bp.post("/<municipality:municipality>/respite/office/holidays/<int:holiday_id>/delete")
@officer_only
@asks_first(_l("The school holiday is taken out of the calendar and its rules no longer apply."))
def office_delete_holiday(municipality: Municipality, holiday_id: int):
    return _remove(
        lambda: office.delete_school_holiday(municipality.id, holiday_id),
        _("The holiday is removed."),
        "respite.office_holidays",
        municipality,
    )


@bp.post("/<municipality:municipality>/respite/office/closures/<int:closure_id>/delete")
@officer_only
@asks_first(_l("The unit can be booked on these days again."))
def office_remove_closure(municipality: Municipality, closure_id: int):
    return _remove(
        lambda: office.remove_closure(municipality.id, closure_id),
        _("The unit is open again on those days."),
        "respite.office_units",
        municipality,
    )


def _remove(remove: Callable[[], None], done: str, endpoint: str, municipality: Municipality):
    """A confirmed POST that removes one of the municipality's rows (404 for anyone else's)."""
    if ConfirmForm().validate_on_submit():
        try:
            remove()
        except NotFound:
            abort(404)
        flash(done, "success")
    return redirect(url_for(endpoint, municipality=municipality))


@bp.post("/<municipality:municipality>/respite/office/units/<int:unit_id>/staff/<int:user_id>/remove")
@officer_only
@asks_first(_l("The person can no longer see the bookings of this unit."))
def office_remove_staff(municipality: Municipality, unit_id: int, user_id: int):
    return _remove(
        lambda: staff.remove_staff(municipality.id, unit_id, user_id),
        _("The staff member no longer has access to the unit. It takes effect on their next page."),
        "respite.office_units",
        municipality,
    )


@bp.route("/<municipality:municipality>/respite/office/units", methods=["GET", "POST"])
@officer_only
def office_units(municipality: Municipality):
    forms = {
        "capacity": CapacityForm(prefix="capacity"),
        "closure": ClosureForm(prefix="closure"),
        "staff": StaffForm(prefix="staff"),
        "new": NewUnitForm(prefix="new"),
    }
    candidates = office.units_without_places(municipality.id)
    forms["new"].unit.choices = options((u.id, f"{u.name} – {u.kind_title}") for u in candidates)
    if request.method == "POST":
        which = request.form.get("form", "")
        form = forms.get(which)
        unit_id = request.form.get("unit", type=parse_id) or 0
        if form is None:
            abort(400)
        if form.validate_on_submit():
            try:
                if which == "capacity":
                    office.set_capacity(
                        municipality.id, unit_id, form.valid_from.data, form.places.data, form.note.data or ""
                    )
                elif which == "new":
                    office.add_respite_unit(
                        municipality.id, form.unit.data, form.kind.data, form.places.data, form.valid_from.data
                    )
                elif which == "closure":
                    office.add_closure(municipality.id, unit_id, form.start.data, form.end.data, form.reason.data or "")
                else:
                    office.add_staff(municipality.id, unit_id, form.email.data)
            except NotFound:
                abort(404)
            except RespiteError as error:
                flash(str(error), "error")
            else:
                flash(_("Saved."), "success")
                return redirect(url_for("respite.office_units", municipality=municipality))
        else:
            flash(
                _("Please correct the following") + ": " + "; ".join(str(e[0]) for e in form.errors.values()), "error"
            )
        return redirect(url_for("respite.office_units", municipality=municipality)), 303
    return render_template(
        "respite/office/units.html",
        municipality=municipality,
        units=office.respite_units(municipality.id),
        forms=forms,
        today=clock.today(),
        candidates=candidates,
        staff=staff.staff_by_unit(municipality.id),
    )


@bp.get("/<municipality:municipality>/respite/office/bookings")
@officer_only
def office_pending(municipality: Municipality):
    return render_template(
        "respite/office/pending.html",
        municipality=municipality,
        pending=office.pending_bookings(current_user, municipality.id),
        reason_form=ReasonForm(prefix="decide"),
    )


@bp.post("/<municipality:municipality>/respite/office/bookings/<int:booking_id>/<any(approve, decline):action>")
@officer_only
@asks_first(DECLINE_CONSEQUENCE, when=lambda action, **rest: action == "decline")
def office_decide(municipality: Municipality, booking_id: int, action: str):
    try:
        booking = office.booking_for_office(current_user, municipality.id, booking_id)
    except NotFound:
        abort(404)
    form = ReasonForm(prefix="decide")
    if form.validate_on_submit():
        try:
            office.decide_booking(
                current_user, booking.respite_unit, booking.id, action == "approve", form.reason.data or ""
            )
        except RespiteError as error:
            flash(str(error), "error")
        else:
            flash(_("The booking is approved.") if action == "approve" else _("The booking is declined."), "success")
    return redirect(url_for("respite.office_pending", municipality=municipality))
