"""What the staff start pages need from respite, without naming the people cared for: dates,
units and counts only, so reading the start page is not a read of a person's health data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.respite import queries
from webapp.respite.models import (
    ACTIVE_BOOKING,
    OPEN_APPLICATION,
    Application,
    Booking,
    BookingStatus,
    Decision,
    DecisionStatus,
)


@dataclass(frozen=True)
class ExpiringDecision:
    decision_id: int
    valid_to: date


@dataclass(frozen=True)
class WaitingApplication:
    application_id: int
    received_at: datetime


@dataclass(frozen=True)
class UnitToday:
    unit_id: int
    unit_name: str
    arrivals: int
    departures: int
    to_approve: int


def decisions_expiring(municipality_id: int, today: date, days: int = 30, limit: int = 3) -> list[ExpiringDecision]:
    """Active decisions ending from today up to and including `days` days ahead, soonest first.
    The same window as `office_workload` counts."""
    rows = db.session.execute(
        select(Decision.id, Decision.valid_to)
        .where(
            Decision.municipality_id == municipality_id,
            Decision.status == DecisionStatus.ACTIVE,
            Decision.valid_to >= today,
            Decision.valid_to <= today + timedelta(days=days),
        )
        .order_by(Decision.valid_to, Decision.id)
        .limit(limit)
    )
    return [ExpiringDecision(row.id, row.valid_to) for row in rows]


def oldest_applications(municipality_id: int, limit: int = 3) -> list[WaitingApplication]:
    rows = db.session.execute(
        select(Application.id, Application.created_at)
        .where(Application.municipality_id == municipality_id, Application.status.in_(OPEN_APPLICATION))
        .order_by(Application.created_at, Application.id)
        .limit(limit)
    )
    return [WaitingApplication(row.id, row.created_at) for row in rows]


def _count_at(unit_id: int, *conditions) -> int:
    return db.session.scalar(select(func.count(Booking.id)).where(Booking.respite_unit_id == unit_id, *conditions)) or 0


def units_today(user_id: int, municipality_id: int, today: date) -> list[UnitToday]:
    """For each unit the person works at: arrivals and departures today, bookings to approve."""
    result = []
    for unit in db.session.scalars(queries.staff_units(user_id, municipality_id)):
        active = Booking.status.in_(ACTIVE_BOOKING)
        result.append(
            UnitToday(
                unit_id=unit.id,
                unit_name=unit.name,
                arrivals=_count_at(unit.id, active, Booking.arrival == today),
                departures=_count_at(unit.id, active, Booking.departure == today),
                to_approve=_count_at(unit.id, Booking.status == BookingStatus.PENDING),
            )
        )
    return result
