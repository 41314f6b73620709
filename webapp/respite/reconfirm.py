"""Re-confirmation of a stay: two days before arrival the relative gets a signed link and can
confirm or cancel with one tap, without logging in, so a no-show frees the place for the waiting
list. The link works once and expires at arrival."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp import clock, tokens
from webapp.extensions import db
from webapp.municipalities.services import respite_unit_sender
from webapp.navigation import external_url
from webapp.notifications.services import Recipient, Reminder, recipient_of
from webapp.respite import services
from webapp.respite.models import Booking, BookingStatus, StayReconfirmation
from webapp.transactions import atomic

PURPOSE = "respite-reconfirm"
MAX_AGE = 3 * 24 * 3600


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
                    "sender": respite_unit_sender(booking.respite_unit),
                    "name": booking.booked_by.name,
                },
            )
    for booking in _arriving(1, now):
        recipient = _recipient(booking)
        if recipient is not None:
            yield Reminder(
                key=f"respite-reminder:{booking.id}:{booking.arrival}",
                recipient=recipient,
                template="respite_stay_reminder",
                context={
                    "booking": booking,
                    "unit": booking.respite_unit.name,
                    "sender": respite_unit_sender(booking.respite_unit),
                    "name": booking.booked_by.name,
                },
            )


def booking_for(token: str, consume: bool) -> Booking:
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
    booking = booking_for(token, consume=True)
    if answer == "cancel":
        db.session.add(StayReconfirmation(booking_id=booking.id, answer="cancelled"))
        db.session.flush()
        services.cancel(booking.booked_by, booking.id)
    else:
        db.session.add(StayReconfirmation(booking_id=booking.id, answer="confirmed"))
    return booking
