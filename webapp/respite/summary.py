"""Counts and lists for staff start pages (the workspace reads these through `respite.services`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.respite.models import (
    ACTIVE_BOOKING,
    OPEN_APPLICATION,
    Application,
    Booking,
    BookingStatus,
    Decision,
    DecisionStatus,
)


@dataclass
class OfficeWorkload:
    applications_waiting: int
    bookings_to_approve: int
    decisions_expiring: int
    flagged_bookings: int


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _bookings_in(municipality_id: int):
    return (
        select(Booking.id)
        .join(Decision, Decision.id == Booking.decision_id)
        .where(Decision.municipality_id == municipality_id)
    )


def office_workload(municipality_id: int, today: date, expiring_days: int = 30) -> OfficeWorkload:
    return OfficeWorkload(
        applications_waiting=_count(
            select(Application.id).where(
                Application.municipality_id == municipality_id, Application.status.in_(OPEN_APPLICATION)
            )
        ),
        bookings_to_approve=_count(_bookings_in(municipality_id).where(Booking.status == BookingStatus.PENDING)),
        decisions_expiring=_count(
            select(Decision.id).where(
                Decision.municipality_id == municipality_id,
                Decision.status == DecisionStatus.ACTIVE,
                Decision.valid_to >= today,
                Decision.valid_to <= today + timedelta(days=expiring_days),
            )
        ),
        flagged_bookings=_count(
            _bookings_in(municipality_id).where(Booking.flagged.is_(True), Booking.status.in_(ACTIVE_BOOKING))
        ),
    )
