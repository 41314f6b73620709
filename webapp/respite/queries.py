"""Queries used in more than one place."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Select, select

from webapp.respite.models import (
    ACTIVE_BOOKING,
    Booking,
    Decision,
    DecisionRelative,
    RespiteUnit,
    StaffUnit,
    WaitingListEntry,
)


def active_bookings_at(unit_id: int, first: date, last: date) -> Select[tuple[Booking]]:
    """Active bookings at a unit that touch any day from first to last (inclusive)."""
    return select(Booking).where(
        Booking.respite_unit_id == unit_id,
        Booking.status.in_(ACTIVE_BOOKING),
        Booking.arrival <= last,
        Booking.departure >= first,
    )


def bookings_of_receiver(care_receiver_id: int, first: date, last: date) -> Select[tuple[Booking]]:
    return (
        select(Booking)
        .join(Decision, Booking.decision_id == Decision.id)
        .where(
            Decision.care_receiver_id == care_receiver_id,
            Booking.status.in_(ACTIVE_BOOKING),
            Booking.arrival <= last,
            Booking.departure >= first,
        )
    )


def quota_bookings(decision_id: int) -> Select[tuple[Booking]]:
    """Bookings that use the quota: active ones and those cancelled too late."""
    return select(Booking).where(
        Booking.decision_id == decision_id,
        (Booking.status.in_(ACTIVE_BOOKING)) | (Booking.late_cancel.is_(True)),
    )


def decisions_of_relative(user_id: int, municipality_id: int) -> Select[tuple[Decision]]:
    return (
        select(Decision)
        .join(DecisionRelative, DecisionRelative.decision_id == Decision.id)
        .where(DecisionRelative.user_id == user_id, Decision.municipality_id == municipality_id)
        .order_by(Decision.valid_from.desc())
    )


def offers_at(unit_id: int, first: date, last: date, now: datetime) -> Select[tuple[WaitingListEntry]]:
    """Open offers from the waiting list for days of the unit."""
    return select(WaitingListEntry).where(
        WaitingListEntry.respite_unit_id == unit_id,
        WaitingListEntry.open_offer(now),
        WaitingListEntry.day >= first,
        WaitingListEntry.day <= last,
    )


def staff_units(user_id: int, municipality_id: int) -> Select[tuple[RespiteUnit]]:
    from webapp.municipalities.models import Unit

    return (
        select(RespiteUnit)
        .join(StaffUnit, StaffUnit.respite_unit_id == RespiteUnit.id)
        .join(Unit, Unit.id == RespiteUnit.unit_id)
        .where(StaffUnit.user_id == user_id, Unit.municipality_id == municipality_id)
        .order_by(Unit.name)
    )
