"""Pages for relatives: their decisions, the calendar, booking, the waiting list, applying, and
their own data. A relative reaches only the people they are authorised for: anything else is 404."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp import clock
from webapp.accounts.forms import ConfirmForm
from webapp.accounts.models import Role
from webapp.database import parse_id, utcnow
from webapp.htmx import is_htmx, render
from webapp.municipalities.models import Municipality
from webapp.navigation import external_url
from webapp.respite import bp, office, overview, privacy, services
from webapp.respite import receipt as receipt_rules
from webapp.respite.forms import ApplicationForm, ChangeForm, StayForm, WaitForm, options
from webapp.respite.models import Booking, Decision, RespiteKind
from webapp.respite.periods import next_month
from webapp.respite.services import NotFound, RespiteError


def _decision_or_404(municipality: Municipality, decision_id: int) -> Decision:
    try:
        return services.decision_for_relative(current_user, decision_id, municipality.id)
    except NotFound:
        abort(404)


@bp.get("/<municipality:municipality>/respite")
def index(municipality: Municipality):
    if not current_user.is_authenticated:
        return render_template("respite/public.html", municipality=municipality, kinds=list(RespiteKind))
    decisions = services.decisions_of(current_user, municipality.id)
    return render_template(
        "respite/index.html",
        municipality=municipality,
        decisions=decisions,
        quota_text=overview.quota_text,
        today=clock.today(),
        current_allowance=overview.current_allowance,
        applications=office.applications_of(current_user, municipality.id),
        is_officer=current_user.has_role(Role.ALLOCATION_OFFICER, municipality),
        is_staff=current_user.has_role(Role.UNIT_STAFF, municipality),
        erase_form=ConfirmForm(prefix="erase"),
    )


def _decision_page(
    municipality: Municipality,
    decision: Decision,
    form: StayForm | None = None,
    status: int = 200,
    preview: str = "",
    wait_form: WaitForm | None = None,
    late_warning: bool = False,
    stay_preview: overview.StayPreview | None = None,
):
    decision = services.decision_for_relative(current_user, decision.id)
    try:
        unit = services.unit_of_decision(decision, request.args.get("unit", type=parse_id))
    except NotFound:
        unit = decision.units[0]
    today = clock.today()
    first = overview.month_start(request.args.get("month"), today)
    last = next_month(first) - timedelta(days=1)
    form = form or _stay_form(decision, unit.id)
    wait_form = wait_form or _wait_form(decision, unit.id)
    context = dict(
        municipality=municipality,
        decision=decision,
        unit=unit,
        month=first,
        form=form,
        wait_form=wait_form,
        preview=preview,
        stay_preview=stay_preview,
        preview_focus=stay_preview is not None,
        late_warning=late_warning,
        month_title=format_date(first, "LLLL y"),
        weeks=overview.month_days(decision, unit, first, now=utcnow()),
        weekdays=overview.weekday_names(),
        legend=overview.legend(),
        allowances=[overview.allowance_text(decision, a) for a in overview.allowances(decision, first, last)],
        quota=overview.quota_text(decision),
        bookings=services.bookings_of_decision(decision),
        can_undo=services.can_undo,
        undo_until=services.undo_until,
        waiting=services.waiting_entries(decision),
        previous_month=(first - timedelta(days=1)).strftime("%Y-%m"),
        next_month=next_month(first).strftime("%Y-%m"),
    )
    response = render("respite/decision.html", "respite/_calendar.html", **context)
    if status != 200:
        return response, status
    return response


def _stay_form(decision: Decision, unit_id: int | None = None) -> StayForm:
    form = StayForm()
    form.unit.choices = options((u.id, u.name) for u in decision.units)
    if request.method == "GET" and unit_id:
        form.unit.data = unit_id
    return form


def _wait_form(decision: Decision, unit_id: int | None = None) -> WaitForm:
    form = WaitForm(prefix="wait")
    form.unit.choices = options((u.id, u.name) for u in decision.units)
    if request.method == "GET" and unit_id:
        form.unit.data = unit_id
    return form


@bp.get("/<municipality:municipality>/respite/decisions/<int:decision_id>")
@login_required
def decision(municipality: Municipality, decision_id: int):
    return _decision_page(municipality, _decision_or_404(municipality, decision_id))


@bp.post("/<municipality:municipality>/respite/decisions/<int:decision_id>/book")
@login_required
def book(municipality: Municipality, decision_id: int):
    found = _decision_or_404(municipality, decision_id)
    form = _stay_form(found)
    if not form.validate_on_submit():
        return _decision_page(municipality, found, form, 400)
    late = services.books_late(found, form.arrival.data)
    if request.form.get("action") == "preview" or (late and request.form.get("late_ok") != "1"):
        try:
            services.check_stay(
                found,
                services.unit_of_decision(found, form.unit.data),
                form.arrival.data,
                form.departure.data,
                now=utcnow(),
            )
        except NotFound:
            abort(404)
        except RespiteError as error:
            form.form_errors.append(str(error))
            return _decision_page(municipality, found, form, 400)
        return _decision_page(
            municipality,
            found,
            form,
            preview=overview.stay_summary(found, form.arrival.data, form.departure.data),
            late_warning=late,
            stay_preview=_stay_preview(found, form),
        )
    try:
        booking = services.book(current_user, found.id, form.unit.data, form.arrival.data, form.departure.data)
    except NotFound:
        abort(404)
    except RespiteError as error:
        form.form_errors.append(str(error))
        return _decision_page(municipality, found, form, 400)
    flash(
        _("The stay is booked.")
        if booking.status == "confirmed"
        else _("The stay is booked and waits for approval by the unit."),
        "success",
    )
    return redirect(url_for("respite.receipt", municipality=municipality, booking_id=booking.id))


def _stay_preview(decision: Decision, form: StayForm) -> overview.StayPreview:
    unit = services.unit_of_decision(decision, form.unit.data)
    return overview.stay_preview(decision, unit, form.arrival.data, form.departure.data, now=utcnow())


@bp.get("/<municipality:municipality>/respite/decisions/<int:decision_id>/preview")
@login_required
def preview(municipality: Municipality, decision_id: int):
    """What the chosen dates would use, as they change (htmx swaps it in beside the button). Reads
    only; incomplete or bad dates give an empty answer, never an error."""
    found = _decision_or_404(municipality, decision_id)
    if not is_htmx():  # without JavaScript the check button on the booking page answers instead
        return redirect(url_for("respite.decision", municipality=municipality, decision_id=found.id))
    form = StayForm(formdata=request.args, meta={"csrf": False})
    form.unit.choices = options((u.id, u.name) for u in found.units)
    context: dict = dict(municipality=municipality, decision=found, stay_preview=None, preview="")
    if form.validate():
        try:
            context["stay_preview"] = _stay_preview(found, form)
        except NotFound:
            abort(404)
        if not context["stay_preview"].problem:
            context["preview"] = overview.stay_summary(found, form.arrival.data, form.departure.data)
    response = render_template("respite/_preview.html", **context)
    return Response(response, headers={"Vary": "HX-Request"})


def _own_booking(municipality: Municipality, booking_id: int) -> Booking:
    """A booking for a person the relative may book for, whatever its status, or 404."""
    try:
        return services.booking_for_relative(current_user, booking_id, municipality.id)
    except NotFound:
        abort(404)


@bp.get("/<municipality:municipality>/respite/bookings/<int:booking_id>")
@login_required
def receipt(municipality: Municipality, booking_id: int):
    """The receipt after booking: who, where, when, what to bring, and what can be done next."""
    booking = _own_booking(municipality, booking_id)
    return render_template(
        "respite/receipt.html",
        municipality=municipality,
        booking=booking,
        unit=booking.respite_unit,
        who=receipt_rules.first_name(booking.decision.care_receiver.name),
        arrival_at=services.arrival_at(booking.arrival),
        what_to_bring=receipt_rules.what_to_bring(booking.respite_unit),
        allowance=overview.current_allowance(booking.decision, booking.arrival),
        can_undo=services.can_undo(booking),
        undo_until=services.undo_until(booking),
        status_color="warning" if booking.is_pending else "success" if booking.is_active else "neutral",
    )


@bp.get("/<municipality:municipality>/respite/bookings/<int:booking_id>/stay.ics")
@login_required
def receipt_ics(municipality: Municipality, booking_id: int):
    booking = _own_booking(municipality, booking_id)
    if not booking.is_active:
        abort(404)
    body = receipt_rules.calendar_file(
        booking, external_url("respite.receipt", municipality=municipality, booking_id=booking.id)
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="avlasting-{booking.id}.ics"'},
    )


def _active_booking(municipality: Municipality, booking_id: int) -> Booking:
    """The relative's own booking that still holds, or 404."""
    try:
        booking = services.booking_for_relative(current_user, booking_id, municipality.id)
    except NotFound:
        abort(404)
    if not booking.is_active:
        abort(404)
    return booking


@bp.get("/<municipality:municipality>/respite/bookings/<int:booking_id>/cancel")
@login_required
def cancel_confirm(municipality: Municipality, booking_id: int):
    """Asks first, and says what cancelling now will cost (nothing within 15 minutes of booking)."""
    booking = _active_booking(municipality, booking_id)
    now = utcnow()
    return render_template(
        "respite/cancel.html",
        municipality=municipality,
        booking=booking,
        undo=services.can_undo(booking, now),
        late=services.late_if_cancelled(booking, now),
        form=ConfirmForm(),
    )


@bp.post("/<municipality:municipality>/respite/bookings/<int:booking_id>/cancel")
@login_required
def cancel(municipality: Municipality, booking_id: int):
    form = ConfirmForm()
    try:
        booking = services.booking_for_relative(current_user, booking_id, municipality.id)
        if form.validate_on_submit():
            booking = services.cancel(current_user, booking_id)
            flash(
                _("The stay is cancelled. The place may now go to someone on the waiting list.")
                if booking.late_cancel
                else _("The stay is cancelled and the quota is given back."),
                "success",
            )
    except NotFound:
        abort(404)
    except RespiteError as error:
        flash(str(error), "error")
    return redirect(url_for("respite.decision", municipality=municipality, decision_id=booking.decision_id))


@bp.route("/<municipality:municipality>/respite/bookings/<int:booking_id>/change", methods=["GET", "POST"])
@login_required
def change(municipality: Municipality, booking_id: int):
    booking = _active_booking(municipality, booking_id)
    form = ChangeForm(obj=booking)
    if form.validate_on_submit():
        try:
            services.change(current_user, booking.id, form.arrival.data, form.departure.data)
        except RespiteError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The stay is changed."), "success")
            return redirect(url_for("respite.decision", municipality=municipality, decision_id=booking.decision_id))
    return render_template(
        "respite/change.html", municipality=municipality, booking=booking, form=form
    ), 400 if form.errors else 200


@bp.post("/<municipality:municipality>/respite/decisions/<int:decision_id>/wait")
@login_required
def wait(municipality: Municipality, decision_id: int):
    found = _decision_or_404(municipality, decision_id)
    form = _wait_form(found)
    if not form.validate_on_submit():
        return _decision_page(municipality, found, wait_form=form, status=400)
    try:
        services.join_waiting_list(current_user, found.id, form.unit.data, form.day.data)
    except NotFound:
        abort(404)
    except RespiteError as error:
        form.form_errors.append(str(error))
        return _decision_page(municipality, found, wait_form=form, status=400)
    flash(_("You are on the waiting list. We send you an e-mail if a place becomes free."), "success")
    return redirect(url_for("respite.decision", municipality=municipality, decision_id=found.id))


@bp.post("/<municipality:municipality>/respite/waiting/<int:entry_id>/<any(accept, leave):action>")
@login_required
def waiting(municipality: Municipality, entry_id: int, action: str):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if action == "accept":
            booking = services.accept_offer(current_user, entry_id)
            flash(_("The stay is booked."), "success")
            decision_id = booking.decision_id
        else:
            services.leave_waiting_list(current_user, entry_id)
            flash(_("You are no longer on the waiting list for that day."), "success")
            decision_id = None
    except NotFound:
        abort(404)
    except RespiteError as error:
        flash(str(error), "error")
        decision_id = None
    if decision_id is None:
        return redirect(url_for("respite.index", municipality=municipality))
    return redirect(url_for("respite.decision", municipality=municipality, decision_id=decision_id))


@bp.route("/<municipality:municipality>/respite/apply", methods=["GET", "POST"])
@login_required
def apply(municipality: Municipality):
    form = ApplicationForm()
    if form.validate_on_submit():
        data = office.ApplicationData(
            **{
                name: form[name].data
                for name in (
                    "receiver_name",
                    "receiver_birth_year",
                    "relation",
                    "care_work",
                    "hours_per_week",
                    "what_would_help",
                    "kind_wanted",
                    "consent",
                    "consent_by",
                )
            }
        )
        data.what_would_help = data.what_would_help or ""
        application = office.apply(current_user, municipality, data)
        return redirect(url_for("respite.application_sent", municipality=municipality, application_id=application.id))
    return render_template("respite/apply.html", municipality=municipality, form=form), 400 if form.errors else 200


@bp.get("/<municipality:municipality>/respite/applications/<int:application_id>")
@login_required
def application(municipality: Municipality, application_id: int):
    try:
        found = office.application_for_applicant(current_user, application_id, municipality.id)
    except NotFound:
        abort(404)
    return render_template("respite/application.html", municipality=municipality, application=found)


@bp.get("/<municipality:municipality>/respite/applications/<int:application_id>/sent")
@login_required
def application_sent(municipality: Municipality, application_id: int):
    """The receipt after applying: when it was sent, how long it takes, where to follow it."""
    try:
        found = office.application_for_applicant(current_user, application_id, municipality.id)
    except NotFound:
        abort(404)
    return render_template(
        "respite/application_sent.html",
        municipality=municipality,
        application=found,
        days=office.processing_days(municipality),
    )


@bp.get("/<municipality:municipality>/respite/who-has-looked")
@login_required
def looked(municipality: Municipality):
    return render_template(
        "respite/looked.html",
        municipality=municipality,
        entries=privacy.reads_for_relative(current_user, municipality.id),
        what_title=privacy.what_title,
        why_title=privacy.why_title,
    )


@bp.get("/<municipality:municipality>/respite/my-data.json")
@login_required
def export(municipality: Municipality):
    return Response(
        privacy.export(current_user),
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=avlasting.json"},
    )


@bp.post("/<municipality:municipality>/respite/erase")
@login_required
def erase(municipality: Municipality):
    form = ConfirmForm(prefix="erase")
    if form.validate_on_submit():
        count = privacy.erase_applications(current_user)
        flash(
            ngettext(
                "Erased %(num)s application. Decisions and bookings are kept as the law requires.",
                "Erased %(num)s applications. Decisions and bookings are kept as the law requires.",
                count,
            ),
            "success",
        )
    return redirect(url_for("respite.index", municipality=municipality))
