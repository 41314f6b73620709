"""Attendance lists and print views for editors and volunteer coordinators of the municipality."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp import clock
from webapp.accounts.access import require_role
from webapp.accounts.models import Role
from webapp.database import parse_id
from webapp.forms import parse_day
from webapp.municipalities.models import Municipality
from webapp.offers import attendance, bp, editing
from webapp.offers.forms import AttendanceForm
from webapp.offers.models import Offer

organisers = require_role(Role.EDITOR, Role.VOLUNTEER_COORDINATOR)
MANAGE = "/<municipality:municipality>/offers/manage"


def _offer(municipality: Municipality, offer_id: int) -> Offer:
    offer = editing.get_owned(municipality, offer_id)
    if offer is None:
        abort(404)
    return offer


def _today() -> date:
    return clock.today()


def _day(value: str | None) -> date:
    try:
        day = parse_day(value) if value else _today()
    except ValueError:
        raise attendance.AttendanceError(_("Write the date, like 24.12.2026.")) from None
    return day


def _present_ids(values: list[str]) -> list[int] | None:
    try:
        return [parse_id(value) for value in values]
    except ValueError:
        return None


def _found(municipality: Municipality, offer_id: int) -> tuple[Offer, attendance.AttendanceList]:
    """The offer and its attendance list for ?date=; a bad date or a day without a session is a
    page that says so (400)."""
    offer = _offer(municipality, offer_id)
    try:
        return offer, attendance.attendance_list(offer, _day(request.values.get("date")))
    except attendance.AttendanceError as exc:
        abort(
            make_response(
                render_template(
                    "offers/attendance_problem.html", municipality=municipality, offer=offer, message=str(exc)
                ),
                400,
            )
        )


@bp.get(MANAGE + "/today")
@organisers
def today(municipality: Municipality):
    day = _today()
    return render_template(
        "offers/today.html", municipality=municipality, day=day, sessions=attendance.sessions_on(municipality, day)
    )


@bp.get(MANAGE + "/today/print")
@organisers
def today_print(municipality: Municipality):
    day = _today()
    return render_template(
        "offers/today_print.html", municipality=municipality, day=day, lists=attendance.day_lists(municipality, day)
    )


@bp.route(MANAGE + "/<int:offer_id>/attendance", methods=["GET", "POST"])
@organisers
def attendance_list(municipality: Municipality, offer_id: int):
    offer, found = _found(municipality, offer_id)
    form = AttendanceForm()
    if form.validate_on_submit():
        present = _present_ids(request.form.getlist("present"))
        try:
            if present is None:
                raise attendance.AttendanceError(_("Someone you marked is not on this attendance list."))
            drop_ins = int(form.drop_ins.data) if form.drop_ins.data else None
            attendance.mark(offer, found.day, present, drop_ins, today=_today())
        except attendance.AttendanceError as exc:
            flash(str(exc), "error")
        else:
            flash(_("The attendance is saved."), "success")
        return redirect(
            url_for("offers.attendance_list", municipality=municipality, offer_id=offer.id, date=found.day.isoformat())
        )
    if request.method == "GET":
        form.drop_ins.data = "" if found.drop_ins is None else str(found.drop_ins)
    return render_template(
        "offers/attendance.html",
        municipality=municipality,
        offer=offer,
        found=found,
        form=form,
        can_mark=found.day <= _today(),
    ), 400 if form.errors else 200


@bp.get(MANAGE + "/<int:offer_id>/attendance/print")
@organisers
def attendance_print(municipality: Municipality, offer_id: int):
    offer, found = _found(municipality, offer_id)
    return render_template("offers/attendance_print.html", municipality=municipality, offer=offer, found=found)


@bp.get(MANAGE + "/<int:offer_id>/phones")
@organisers
def phone_list(municipality: Municipality, offer_id: int):
    offer = _offer(municipality, offer_id)
    return render_template(
        "offers/phones_print.html", municipality=municipality, offer=offer, people=attendance.phone_list(offer)
    )
