"""Pages for unit staff: the occupancy calendar of their own units, and approving bookings.
They see only what they need to receive the person; `staff.unit_calendar` logs the read."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from webapp import clock
from webapp.accounts.access import require_role
from webapp.accounts.models import Role
from webapp.confirm import asks_first
from webapp.municipalities.models import Municipality
from webapp.respite import bp, office, overview, staff
from webapp.respite.forms import ReasonForm
from webapp.respite.office_views import DECLINE_CONSEQUENCE
from webapp.respite.periods import next_month
from webapp.respite.services import NotFound, RespiteError

staff_only = require_role(Role.UNIT_STAFF)


@bp.get("/<municipality:municipality>/respite/unit")
@staff_only
def unit_start(municipality: Municipality):
    units = office.units_of_staff(current_user, municipality.id)
    if len(units) == 1:
        return redirect(url_for("respite.unit_calendar", municipality=municipality, unit_id=units[0].id))
    return render_template("respite/unit/start.html", municipality=municipality, units=units)


@bp.get("/<municipality:municipality>/respite/unit/<int:unit_id>")
@staff_only
def unit_calendar(municipality: Municipality, unit_id: int):
    try:
        unit = office.unit_for_staff(current_user, municipality.id, unit_id)
    except NotFound:
        abort(404)
    first = overview.month_start(request.args.get("month"), clock.today())
    last = next_month(first) - timedelta(days=1)
    days, pending = staff.unit_calendar(current_user, unit, first, last)
    return render_template(
        "respite/unit/calendar.html",
        municipality=municipality,
        unit=unit,
        days=days,
        month=first,
        month_title=format_date(first, "LLLL y"),
        pending=pending,
        reason_form=ReasonForm(prefix="decide"),
        previous_month=(first - timedelta(days=1)).strftime("%Y-%m"),
        next_month=next_month(first).strftime("%Y-%m"),
    )


@bp.post(
    "/<municipality:municipality>/respite/unit/<int:unit_id>/bookings/<int:booking_id>/<any(approve, decline):action>"
)
@staff_only
@asks_first(DECLINE_CONSEQUENCE, when=lambda action, **rest: action == "decline")
def unit_decide(municipality: Municipality, unit_id: int, booking_id: int, action: str):
    try:
        unit = office.unit_for_staff(current_user, municipality.id, unit_id)
    except NotFound:
        abort(404)
    form = ReasonForm(prefix="decide")
    if form.validate_on_submit():
        try:
            office.decide_booking(current_user, unit, booking_id, action == "approve", form.reason.data or "")
        except NotFound:
            abort(404)
        except RespiteError as error:
            flash(str(error), "error")
        else:
            flash(_("The booking is approved.") if action == "approve" else _("The booking is declined."), "success")
    return redirect(url_for("respite.unit_calendar", municipality=municipality, unit_id=unit.id))
