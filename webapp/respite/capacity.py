"""Units' respite places: which units give respite, places from a date, closed periods, and the
municipality's school holidays."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from webapp.extensions import db
from webapp.municipalities.models import Unit, UnitKind
from webapp.respite.models import CapacityPeriod, ClosedPeriod, RespiteKind, RespiteUnit, SchoolHoliday
from webapp.respite.rules import NotFound, RespiteError, lock_units
from webapp.transactions import atomic

RESPITE_UNIT_KINDS = (UnitKind.CARE_HOME, UnitKind.RESPITE_HOME, UnitKind.DAY_CENTRE)


def respite_units(municipality_id: int) -> list[RespiteUnit]:
    return list(
        db.session.scalars(
            select(RespiteUnit)
            .join(Unit, Unit.id == RespiteUnit.unit_id)
            .where(Unit.municipality_id == municipality_id)
            .order_by(Unit.name)
        )
    )


def respite_unit_for_office(municipality_id: int, respite_unit_id: int) -> RespiteUnit:
    unit = db.session.get(RespiteUnit, respite_unit_id)
    if unit is None or unit.unit.municipality_id != municipality_id:
        raise NotFound(_("Not found."))
    return unit


def ensure_respite_unit(unit: Unit, kind: str, places: int, valid_from: date) -> RespiteUnit:
    respite_unit = db.session.scalar(select(RespiteUnit).where(RespiteUnit.unit_id == unit.id))
    if respite_unit is None:
        respite_unit = RespiteUnit(unit=unit, kind=kind)
        db.session.add(respite_unit)
        respite_unit.capacities.append(CapacityPeriod(valid_from=valid_from, places=places))
    db.session.flush()
    return respite_unit


def units_without_places(municipality_id: int) -> list[Unit]:
    """The municipality's care homes, respite homes and day centres that have no respite places yet."""
    return list(
        db.session.scalars(
            select(Unit)
            .where(
                Unit.municipality_id == municipality_id,
                Unit.kind.in_(RESPITE_UNIT_KINDS),
                ~select(RespiteUnit.id).where(RespiteUnit.unit_id == Unit.id).exists(),
            )
            .order_by(Unit.name)
        )
    )


@atomic()
def add_respite_unit(municipality_id: int, unit_id: int, kind: str, places: int, valid_from: date) -> RespiteUnit:
    """Give a unit of the municipality respite places from a date."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or unit.municipality_id != municipality_id or unit.kind not in RESPITE_UNIT_KINDS:
        raise NotFound(_("Not found."))
    if kind not in RespiteKind.__members__.values():
        raise RespiteError(_("Not a valid choice."))
    if not 0 <= places <= 500:
        raise RespiteError(_("Write a number from 0 to 500."))
    if db.session.scalar(select(RespiteUnit).where(RespiteUnit.unit_id == unit.id)) is not None:
        raise RespiteError(_("The unit already has respite places. Change the number of places instead."))
    respite_unit = RespiteUnit(unit=unit, kind=kind)
    respite_unit.capacities.append(CapacityPeriod(valid_from=valid_from, places=places))
    db.session.add(respite_unit)
    return respite_unit


@atomic()
def set_capacity(municipality_id: int, respite_unit_id: int, valid_from: date, places: int, note: str = "") -> None:
    unit = respite_unit_for_office(municipality_id, respite_unit_id)
    lock_units([unit.id])  # bookings count the places: the change waits for a booking under way
    if not 0 <= places <= 500:
        raise RespiteError(_("Write a number from 0 to 500."))
    period = next((c for c in unit.capacities if c.valid_from == valid_from), None)
    if period is None:
        period = CapacityPeriod(valid_from=valid_from)
        unit.capacities.append(period)
    period.places = places
    period.note = note[:200]


@atomic()
def add_closure(municipality_id: int, respite_unit_id: int, start: date, end: date, reason: str) -> None:
    unit = respite_unit_for_office(municipality_id, respite_unit_id)
    lock_units([unit.id])
    if end < start:
        raise RespiteError(_("The end must be on or after the start."))
    unit.closures.append(ClosedPeriod(start=start, end=end, reason=reason[:200]))


@atomic()
def remove_closure(municipality_id: int, closure_id: int) -> None:
    """The unit opens again for those days (a closure entered by mistake, or plans changed)."""
    closure = db.session.get(ClosedPeriod, closure_id)
    if closure is None:
        raise NotFound(_("Not found."))
    respite_unit_for_office(municipality_id, closure.respite_unit_id)  # 404 for another municipality
    lock_units([closure.respite_unit_id])
    db.session.delete(closure)


def school_holidays(municipality_id: int) -> list[SchoolHoliday]:
    return list(
        db.session.scalars(
            select(SchoolHoliday).where(SchoolHoliday.municipality_id == municipality_id).order_by(SchoolHoliday.start)
        )
    )


@atomic()
def add_school_holiday(municipality_id: int, name: str, start: date, end: date) -> SchoolHoliday:
    if end < start:
        raise RespiteError(_("The end must be on or after the start."))
    if (end - start).days > 120:
        raise RespiteError(_("A holiday can last at most 120 days."))
    holiday = SchoolHoliday(municipality_id=municipality_id, name=name.strip()[:100], start=start, end=end)
    db.session.add(holiday)
    return holiday


@atomic()
def delete_school_holiday(municipality_id: int, holiday_id: int) -> None:
    holiday = db.session.get(SchoolHoliday, holiday_id)
    if holiday is None or holiday.municipality_id != municipality_id:
        raise NotFound(_("Not found."))
    db.session.delete(holiday)
