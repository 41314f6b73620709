"""What unit staff see: per day the places taken, who arrives and who leaves. `unit_calendar`
logs the read; `occupancy_days` alone gives the counts the reports use, naming nobody."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, select

from webapp.accounts.models import Role, User
from webapp.accounts.signals import role_revoked
from webapp.extensions import db
from webapp.respite import privacy, queries
from webapp.municipalities.models import Unit
from webapp.respite.models import Booking, BookingStatus, RespiteUnit, StaffUnit
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


def unit_calendar(reader: User, unit: RespiteUnit, first: date, last: date) -> tuple[list[StaffDay], list[Booking]]:
    """The days with who arrives and leaves, and the bookings to approve, for a member of staff at
    the unit. Each person cared for who is shown is a logged read."""
    days = occupancy_days(unit, first, last)
    pending = pending_bookings(unit)
    people = {b.decision.care_receiver_id for d in days for b in d.arrivals + d.departures}
    privacy.log_reads(reader, "occupancy", "receiving", people | {b.decision.care_receiver_id for b in pending})
    return days, pending


@role_revoked.connect
def end_unit_access_with_the_role(sender: object, user_id: int, role: str, municipality_id: int | None,
                                  **_: object) -> None:
    """Whoever loses the unit-staff role loses the units too (in that municipality), so a role
    given again later does not open them again. In the caller's transaction."""
    if role != Role.UNIT_STAFF:
        return
    units = select(RespiteUnit.id).join(Unit, Unit.id == RespiteUnit.unit_id)
    if municipality_id is not None:
        units = units.where(Unit.municipality_id == municipality_id)
    db.session.execute(delete(StaffUnit).where(StaffUnit.user_id == user_id, StaffUnit.respite_unit_id.in_(units)),
                       execution_options={"synchronize_session": False})
