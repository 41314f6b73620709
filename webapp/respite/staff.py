"""Unit staff: what they see (per day the places taken, who arrives and who leaves) and who they
are. `unit_calendar` logs the read; `occupancy_days` alone gives the counts the reports use,
naming nobody. Access to a unit ends with the office's "Remove" or with the unit-staff role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from webapp.accounts.models import Role, User
from webapp.accounts.roles import revoke_role
from webapp.accounts.signals import role_revoked
from webapp.extensions import db
from webapp.municipalities.models import Unit
from webapp.respite import privacy, queries
from webapp.respite.capacity import respite_unit_for_office, respite_units
from webapp.respite.models import Booking, BookingStatus, RespiteUnit, StaffUnit
from webapp.respite.services import NotFound, occupancy, places_on
from webapp.transactions import atomic


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
    for booking in db.session.scalars(queries.active_bookings_at(unit.id, first, last).order_by(Booking.arrival)):
        if booking.arrival in days:
            days[booking.arrival].arrivals.append(booking)
        if booking.departure in days:
            days[booking.departure].departures.append(booking)
    return list(days.values())


def pending_bookings(unit: RespiteUnit) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .where(
                Booking.respite_unit_id == unit.id,
                Booking.status == BookingStatus.PENDING,
            )
            .order_by(Booking.arrival)
        )
    )


def unit_calendar(reader: User, unit: RespiteUnit, first: date, last: date) -> tuple[list[StaffDay], list[Booking]]:
    """The days with who arrives and leaves, and the bookings to approve, for a member of staff at
    the unit. Each person cared for who is shown is a logged read."""
    days = occupancy_days(unit, first, last)
    pending = pending_bookings(unit)
    people = {b.decision.care_receiver_id for d in days for b in d.arrivals + d.departures}
    privacy.log_reads(reader, "occupancy", "receiving", people | {b.decision.care_receiver_id for b in pending})
    return days, pending


# --- who works at the units ----------------------------------------------------------------------


def staff_by_unit(municipality_id: int) -> dict[int, list[User]]:
    """Who has access to each of the municipality's units, by name."""
    found: dict[int, list[User]] = {}
    for unit_id, user in db.session.execute(
        select(StaffUnit.respite_unit_id, User)
        .join(User, User.id == StaffUnit.user_id)
        .where(StaffUnit.respite_unit_id.in_([u.id for u in respite_units(municipality_id)]), User.erased_at.is_(None))
        .order_by(User.name, User.id)
    ):
        found.setdefault(unit_id, []).append(user)
    return found


@atomic()
def remove_staff(municipality_id: int, respite_unit_id: int, user_id: int) -> None:
    """Take a member of staff off a unit; without units left in the municipality, the role goes
    too. Takes effect on their next page."""
    unit = respite_unit_for_office(municipality_id, respite_unit_id)
    link = db.session.scalar(select(StaffUnit).filter_by(user_id=user_id, respite_unit_id=unit.id))
    if link is None:
        raise NotFound(_("Not found."))
    db.session.delete(link)
    db.session.flush()
    user = db.session.get(User, user_id)
    if user is not None and not db.session.scalars(queries.staff_units(user.id, municipality_id)).first():
        revoke_role(user, Role.UNIT_STAFF, municipality_id)


@role_revoked.connect
def end_unit_access_with_the_role(
    sender: object, user_id: int, role: str, municipality_id: int | None, **rest: object
) -> None:
    """Whoever loses the unit-staff role loses the units too (in that municipality), so a role
    given again later does not open them again. In the caller's transaction."""
    if role != Role.UNIT_STAFF:
        return
    units = select(RespiteUnit.id).join(Unit, Unit.id == RespiteUnit.unit_id)
    if municipality_id is not None:
        units = units.where(Unit.municipality_id == municipality_id)
    db.session.execute(
        delete(StaffUnit).where(StaffUnit.user_id == user_id, StaffUnit.respite_unit_id.in_(units)),
        execution_options={"synchronize_session": False},
    )
