"""Re-confirmation of a stay: two days before arrival the relative gets a signed link and can
confirm or cancel with one tap, without logging in, so a no-show frees the place for the waiting
list. The link works once and expires at arrival."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta

from flask import Blueprint, abort, g, render_template, request
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, selectinload

from webapp import clock, tokens
from webapp.database import Base, utcnow
from webapp.extensions import db
from webapp.navigation import external_url
from webapp.notifications.services import Recipient, Reminder, recipient_of
from webapp.respite import services
from webapp.respite.models import Booking, BookingStatus
from webapp.respite.rules import RespiteError
from webapp.transactions import atomic

bp = Blueprint("reconfirm", __name__, template_folder="templates")
PURPOSE = "respite-reconfirm"
MAX_AGE = 3 * 24 * 3600


class StayReconfirmation(Base):
    __tablename__ = "respite_reconfirmations"

    booking_id: Mapped[int] = mapped_column(ForeignKey("respite_bookings.id", ondelete="CASCADE"), primary_key=True)
    answer: Mapped[str] = mapped_column(String(10))  # "confirmed" or "cancelled"
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


def _recipient(booking: Booking) -> Recipient | None:
    user = booking.booked_by
    if user is None or not user.is_active:
        return None
    return recipient_of(user)


def _arriving(days_ahead: int, now: datetime) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .where(
                Booking.status == BookingStatus.CONFIRMED.value,
                Booking.arrival == (clock.today(now) + timedelta(days=days_ahead)),
            )
            .options(selectinload(Booking.booked_by), selectinload(Booking.respite_unit))
        )
    )


def due(now: datetime) -> Iterator[Reminder]:
    """The re-confirmation two days before arrival, and a reminder the day before. First, offers
    from the waiting list whose time is up are closed and passed on, so the hourly `flask notify
    due` also keeps the waiting list moving (the offer messages are queued and committed there)."""
    services.expire_offers(now)
    for booking in _arriving(2, now):
        recipient = _recipient(booking)
        if recipient is not None:
            token = tokens.make_token(PURPOSE, {"b": booking.id})
            yield Reminder(
                key=f"respite-reconfirm:{booking.id}:{booking.arrival}",
                recipient=recipient,
                template="respite_reconfirm",
                context={
                    "booking": booking,
                    "unit": booking.respite_unit.name,
                    "link": external_url("reconfirm.answer", token=token),
                },
            )
    for booking in _arriving(1, now):
        recipient = _recipient(booking)
        if recipient is not None:
            yield Reminder(
                key=f"respite-reminder:{booking.id}:{booking.arrival}",
                recipient=recipient,
                template="respite_stay_reminder",
                context={"booking": booking, "unit": booking.respite_unit.name},
            )


def _booking(token: str, consume: bool) -> Booking:
    read = tokens.consume_token if consume else tokens.peek_token
    data = read(PURPOSE, token, MAX_AGE)
    booking = db.session.get(Booking, int(data.get("b", 0))) if isinstance(data, dict) else None
    if booking is None:
        raise tokens.TokenError("invalid")
    return booking


@atomic()
def answer_stay(token: str, answer: str) -> Booking:
    """Record the answer; a cancel goes through the booking rules (quota back before the deadline,
    the place offered to the waiting list)."""
    booking = _booking(token, consume=True)
    if answer == "cancel":
        db.session.add(StayReconfirmation(booking_id=booking.id, answer="cancelled"))
        db.session.flush()
        services.cancel(booking.booked_by, booking.id)
    else:
        db.session.add(StayReconfirmation(booking_id=booking.id, answer="confirmed"))
    return booking


def _message(reason: str) -> str:
    return {
        "expired": _("The link has expired. Contact the unit if your plans have changed."),
        "used": _("You have already answered with this link."),
    }.get(reason, _("The link is not valid."))


def _use_relatives_standard(token: str) -> None:
    """The page speaks the relative's standard even when the link has expired or was used."""
    try:
        data = tokens.read_token(PURPOSE, token, 10 * 365 * 24 * 3600)
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
            booking = answer_stay(token, request.form["answer"])
            return render_template("reconfirm/done.html", booking=booking, cancelled=request.form["answer"] == "cancel")
        booking = _booking(token, consume=False)
    except tokens.TokenError as exc:
        return render_template("reconfirm/problem.html", message=_message(exc.reason)), 400
    except RespiteError as exc:
        return render_template("reconfirm/problem.html", message=str(exc)), 400
    arrival = datetime.combine(booking.arrival, time(12), tzinfo=clock.OSLO)
    return render_template("reconfirm/answer.html", booking=booking, arrival=arrival)
