"""What unit staff see: per day the places taken, who arrives and who leaves."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from webapp.extensions import db
from webapp.respite import queries
from webapp.respite.models import Booking, BookingStatus, RespiteUnit
from webapp.respite.services import occupancy, places_on


@dataclass
class StaffDay:
    day: date
    places: int
    taken: int
    arrivals: list[Booking] = field(default_factory=list)
    departures: list[Booking] = field(default_factory=list)


def occupancy_days(unit: RespiteUnit, first: date, last: date) -> list[StaffDay]:
    taken = occupancy(unit, first, last)
    days = {}
    day = first
    while day <= last:
        days[day] = StaffDay(day, places_on(unit, day), taken[day])
        day += timedelta(days=1)
    for booking in db.session.scalars(queries.active_bookings_at(unit.id, first, last)
                                      .order_by(Booking.arrival)):
        if booking.arrival in days:
            days[booking.arrival].arrivals.append(booking)
        if booking.departure in days:
            days[booking.departure].departures.append(booking)
    return list(days.values())


def pending_bookings(unit: RespiteUnit) -> list[Booking]:
    return list(db.session.scalars(select(Booking).where(
        Booking.respite_unit_id == unit.id, Booking.status == BookingStatus.PENDING,
    ).order_by(Booking.arrival)))
