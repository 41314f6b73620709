"""Booking inside a decision, cancelling and changing it, and the waiting list that hands out
freed places. Every write locks first (see `rules.lock`), checks every rule, writes, queues the
messages, all in one unit of work (`atomic()`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from webapp import clock
from webapp.accounts.models import User
from webapp.database import utcnow
from webapp.extensions import db
from webapp.locking import skip_locked
from webapp.respite import queries
from webapp.respite.messages import notify_booking, notify_offer
from webapp.respite.models import Booking, BookingStatus, Decision, RespiteUnit, WaitingListEntry, WaitStatus
from webapp.respite.periods import occupied_days
from webapp.respite.rules import (  # noqa: F401  (re-exported: other modules reach respite through services)
    NotFound,
    QuotaShare,
    RespiteError,
    booking_for_relative,
    bookings_of_decision,
    check_stay,
    decision_for_relative,
    decisions_of,
    free_places,
    holiday_days,
    lock,
    lock_units,
    occupancy,
    places_on,
    quota_shares,
    quota_used,
    unit_of_decision,
    unit_word,
)
from webapp.respite.summary import OfficeWorkload, office_workload  # noqa: F401
from webapp.transactions import atomic

# --- bookings --------------------------------------------------------------------------


@atomic()
def book(
    user: User,
    decision_id: int,
    unit_id: int,
    arrival: date,
    departure: date,
    *,
    now: datetime | None = None,
    entry_id: int | None = None,
) -> Booking:
    """Book a stay for the person cared for, or raise RespiteError with the reason."""
    now = now or utcnow()
    decision_for_relative(user, decision_id)
    decision = lock(decision_id, [unit_id])
    unit = unit_of_decision(decision, unit_id)
    check_stay(decision, unit, arrival, departure, now=now, exclude_entry=entry_id)
    booking = Booking(
        decision_id=decision.id,
        respite_unit_id=unit.id,
        booked_by_id=user.id,
        arrival=arrival,
        departure=departure,
        status=BookingStatus.PENDING if decision.needs_approval else BookingStatus.CONFIRMED,
    )
    db.session.add(booking)
    db.session.flush()
    notify_booking(booking, "booked")
    return booking


def arrival_at(day: date) -> datetime:
    """The moment a stay arriving on this day begins (Oslo time): the cancel deadline counts back
    from it, and the receipt and the calendar file show it."""
    hour = current_app.config.get("RESPITE_ARRIVAL_HOUR", 12)
    return datetime.combine(day, time(hour), tzinfo=clock.OSLO)


def deadline_for(decision: Decision, arrival: date) -> datetime:
    """The last moment a stay arriving on this day can be cancelled with the quota given back."""
    return arrival_at(arrival) - timedelta(hours=decision.cancel_hours)


def cancellation_deadline(booking: Booking) -> datetime:
    return deadline_for(booking.decision, booking.arrival)


def late_if_cancelled(booking: Booking, now: datetime | None = None) -> bool:
    """Would cancelling now keep the quota used (the deadline has passed, the undo time too)?"""
    now = now or utcnow()
    return now > cancellation_deadline(booking) and not can_undo(booking, now)


UNDO_MINUTES = 15


def undo_until(booking: Booking) -> datetime:
    """The moment a booking made by mistake can no longer be taken back free of charge."""
    return booking.created_at + timedelta(minutes=UNDO_MINUTES)


def can_undo(booking: Booking, now: datetime | None = None) -> bool:
    """A booking made in the last 15 minutes can be taken back with the whole quota returned,
    whatever the cancel deadline says."""
    return booking.is_active and (now or utcnow()) <= undo_until(booking)


def books_late(decision: Decision, arrival: date, now: datetime | None = None) -> bool:
    """Is a stay arriving on this day already inside the cancel deadline? Then the quota cannot be
    given back by cancelling (after the 15 minutes to undo), and the relative is warned first."""
    return (now or utcnow()) > deadline_for(decision, arrival)


def release(booking: Booking, now: datetime) -> None:
    """Cancel in the caller's transaction: the relatives and the unit are told, and the freed
    place goes to the first on the waiting list."""
    booking.status = BookingStatus.CANCELLED
    booking.updated_at = now
    notify_booking(booking, "cancelled")
    offer_freed(booking.respite_unit, booking.arrival, booking.departure, now=now)


@atomic()
def cancel(user: User, booking_id: int, *, now: datetime | None = None) -> Booking:
    """Cancel a booking. Before the deadline, or within 15 minutes of booking (a mistake undone),
    the quota comes back; after it, the place is freed but the quota stays used."""
    now = now or utcnow()
    booking = booking_for_relative(user, booking_id)
    lock(booking.decision_id, [booking.respite_unit_id])
    db.session.refresh(booking)
    if not booking.is_active:
        raise RespiteError(_("The booking is already cancelled or declined."))
    if clock.today(now) >= booking.departure:
        raise RespiteError(_("The stay is over and cannot be cancelled."))
    booking.late_cancel = late_if_cancelled(booking, now)
    release(booking, now)
    return booking


@atomic()
def change(user: User, booking_id: int, arrival: date, departure: date, *, now: datetime | None = None) -> Booking:
    """Move or shorten a stay, under the same rules as a new booking."""
    now = now or utcnow()
    booking = booking_for_relative(user, booking_id)
    decision = lock(booking.decision_id, [booking.respite_unit_id])
    db.session.refresh(booking)
    if not booking.is_active:
        raise RespiteError(_("The booking is already cancelled or declined."))
    if now > cancellation_deadline(booking):
        raise RespiteError(_("The deadline for changes has passed. Contact the unit."))
    check_stay(decision, booking.respite_unit, arrival, departure, now=now, exclude_booking=booking.id)
    old = (booking.arrival, booking.departure)
    booking.arrival, booking.departure = arrival, departure
    booking.updated_at = now
    booking.flagged = False
    if decision.needs_approval:
        booking.status = BookingStatus.PENDING
    notify_booking(booking, "changed")
    db.session.flush()
    offer_freed(booking.respite_unit, *old, now=now)
    return booking


# --- the waiting list ---------------------------------------------------------------------------


@atomic()
def join_waiting_list(
    user: User, decision_id: int, unit_id: int, day: date, *, now: datetime | None = None
) -> WaitingListEntry:
    now = now or utcnow()
    decision = decision_for_relative(user, decision_id)
    unit = unit_of_decision(decision, unit_id)
    today = clock.today(now)
    if (
        not decision.is_active
        or not (max(today, decision.valid_from) <= day <= decision.valid_to)
        or day > today + timedelta(days=decision.horizon_days)
    ):
        raise RespiteError(_("You can only wait for a day within your decision and booking window."))
    if occupancy(unit, day, day, now=now)[day] < places_on(unit, day):
        raise RespiteError(_("There is a free place that day. Book it instead."))
    for other in db.session.scalars(queries.bookings_of_receiver(decision.care_receiver_id, day, day)):
        if day in occupied_days(other.arrival, other.departure, other.respite_unit.counts_nights):
            raise RespiteError(
                _("%(name)s already has a stay on some of these days.", name=decision.care_receiver.name)
            )
    existing = db.session.scalar(
        select(WaitingListEntry).where(
            WaitingListEntry.decision_id == decision.id,
            WaitingListEntry.day == day,
            WaitingListEntry.respite_unit_id == unit.id,
            WaitingListEntry.status.in_((WaitStatus.WAITING, WaitStatus.OFFERED)),
        )
    )
    if existing is not None:
        return existing
    entry = WaitingListEntry(decision_id=decision.id, respite_unit_id=unit.id, user_id=user.id, day=day, created_at=now)
    db.session.add(entry)
    return entry


def waiting_entries(decision: Decision, now: datetime | None = None) -> list[WaitingListEntry]:
    """Places still waited for, and offers still open. An offer whose time is up is over even
    before the hourly job closes it and passes it on."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(WaitingListEntry)
            .where(
                WaitingListEntry.decision_id == decision.id,
                (WaitingListEntry.status == WaitStatus.WAITING) | WaitingListEntry.open_offer(now),
            )
            .order_by(WaitingListEntry.day)
        )
    )


def offer_freed(unit: RespiteUnit, arrival: date, departure: date, *, now: datetime) -> None:
    """Offer the places that are free on these days to the first in line, in the caller's transaction."""
    hours = current_app.config.get("RESPITE_OFFER_HOURS", 24)
    days = occupied_days(arrival, departure, unit.counts_nights) or [arrival]
    db.session.flush()
    taken = occupancy(unit, days[0], days[-1], now=now)
    for day in days:
        free = places_on(unit, day) - taken[day]
        while free > 0:
            entry = db.session.scalar(
                select(WaitingListEntry)
                .where(
                    WaitingListEntry.respite_unit_id == unit.id,
                    WaitingListEntry.day == day,
                    WaitingListEntry.status == WaitStatus.WAITING,
                )
                .order_by(WaitingListEntry.created_at, WaitingListEntry.id)
                .limit(1)
            )
            if entry is None:
                break
            entry.status = WaitStatus.OFFERED
            entry.offered_at = now
            entry.offer_expires_at = now + timedelta(hours=hours)
            notify_offer(entry)
            free -= 1


@atomic()
def accept_offer(user: User, entry_id: int, *, now: datetime | None = None) -> Booking:
    """Take an offered place: the stay is booked and the offer marked accepted in one transaction.
    The offer is checked again under the lock, so one whose time ran out meanwhile is not taken."""
    now = now or utcnow()
    entry = db.session.get(WaitingListEntry, entry_id)
    if entry is None:
        raise NotFound(_("Not found."))
    decision_for_relative(user, entry.decision_id)
    lock(entry.decision_id, [entry.respite_unit_id])
    db.session.refresh(entry)
    if entry.status != WaitStatus.OFFERED or not entry.offer_expires_at or entry.offer_expires_at <= now:
        raise RespiteError(_("The offer is no longer open."))
    departure = entry.day + timedelta(days=1) if entry.respite_unit.counts_nights else entry.day
    booking = book(user, entry.decision_id, entry.respite_unit_id, entry.day, departure, now=now, entry_id=entry.id)
    entry.status = WaitStatus.ACCEPTED
    return booking


@atomic()
def leave_waiting_list(user: User, entry_id: int, *, now: datetime | None = None) -> None:
    """Leave the list or turn an offer down; an open offer then passes to the next in line."""
    now = now or utcnow()
    entry = db.session.get(WaitingListEntry, entry_id)
    if entry is None:
        raise NotFound(_("Not found."))
    decision_for_relative(user, entry.decision_id)
    lock(entry.decision_id, [entry.respite_unit_id])
    db.session.refresh(entry)
    if entry.status in (WaitStatus.WAITING, WaitStatus.OFFERED):
        was_offered = entry.status == WaitStatus.OFFERED
        entry.status = WaitStatus.LEFT
        if was_offered:
            offer_freed(entry.respite_unit, entry.day, entry.day, now=now)


@atomic()
def expire_offers(now: datetime | None = None) -> int:
    """Close offers whose time is up and pass each place on to the next in line."""
    now = now or utcnow()
    expired = list(
        db.session.scalars(
            skip_locked(
                select(WaitingListEntry).where(
                    WaitingListEntry.status == WaitStatus.OFFERED,
                    WaitingListEntry.offer_expires_at <= now,
                )
            )
        )
    )
    for entry in expired:
        entry.status = WaitStatus.EXPIRED
    db.session.flush()
    if expired:
        lock_units([entry.respite_unit_id for entry in expired])
    for entry in expired:
        offer_freed(entry.respite_unit, entry.day, entry.day, now=now)
    return len(expired)
