"""The page a relative reaches from the re-confirmation link: confirm or cancel the stay with one
tap, without logging in. The rules: reconfirm.py."""

from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, abort, g, render_template, request
from flask_babel import gettext as _

from webapp import clock, tokens
from webapp.extensions import db
from webapp.respite import reconfirm
from webapp.respite.models import Booking
from webapp.respite.rules import RespiteError

bp = Blueprint("reconfirm", __name__, template_folder="templates")


def _message(reason: str) -> str:
    return {
        "expired": _("The link has expired. Contact the unit if your plans have changed."),
        "used": _("You have already answered with this link."),
    }.get(reason, _("The link is not valid."))


def _use_relatives_standard(token: str) -> None:
    """The page speaks the relative's standard even when the link has expired or was used."""
    try:
        data = tokens.read_token(reconfirm.PURPOSE, token, 10 * 365 * 24 * 3600)
    except tokens.TokenError:
        return
    booking = db.session.get(Booking, int(data.get("b", 0))) if isinstance(data, dict) else None
    if booking is not None and booking.booked_by is not None and booking.booked_by.locale:
        g.page_locale = booking.booked_by.locale


@bp.route("/stay/<token>", methods=["GET", "POST"])
def answer(token: str):
    _use_relatives_standard(token)
    try:
        if request.method == "POST":
            if request.form.get("answer") not in ("confirm", "cancel"):
                abort(400)
            booking = reconfirm.answer_stay(token, request.form["answer"])
            return render_template("reconfirm/done.html", booking=booking, cancelled=request.form["answer"] == "cancel")
        booking = reconfirm.booking_for(token, consume=False)
    except tokens.TokenError as exc:
        return render_template("reconfirm/problem.html", message=_message(exc.reason)), 400
    except RespiteError as exc:
        return render_template("reconfirm/problem.html", message=str(exc)), 400
    arrival = datetime.combine(booking.arrival, time(12), tzinfo=clock.OSLO)
    return render_template("reconfirm/answer.html", booking=booking, arrival=arrival)
