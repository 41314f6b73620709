"""Factories for respite: a unit with places, a decision with its relatives."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from tests.factories import make_municipality, make_user
from webapp.accounts.models import Role
from webapp.clock import OSLO
from webapp.extensions import db
from webapp.municipalities.models import Unit, UnitKind
from webapp.respite.models import (
    CapacityPeriod,
    CareReceiver,
    Decision,
    DecisionRelative,
    RespiteKind,
    RespiteUnit,
    StaffUnit,
)


def at(day: date, hour: int = 12) -> datetime:
    """An aware moment on a day, Oslo time."""
    return datetime.combine(day, time(hour), tzinfo=OSLO)


def make_respite_unit(
    municipality,
    places: int = 4,
    kind: str = RespiteKind.INSTITUTION,
    name: str | None = None,
    valid_from: date = date(2020, 1, 1),
) -> RespiteUnit:
    unit = Unit(
        municipality_id=municipality.id,
        name=name or f"Helsetun {municipality.id}-{places}-{kind}",
        kind=UnitKind.DAY_CENTRE if kind == RespiteKind.DAY else UnitKind.CARE_HOME,
        email="eining@kommune.example",
    )
    respite_unit = RespiteUnit(unit=unit, kind=kind)
    respite_unit.capacities.append(CapacityPeriod(valid_from=valid_from, places=places))
    db.session.add(respite_unit)
    db.session.commit()
    return respite_unit


def make_decision(municipality, units, relatives=(), receiver: CareReceiver | None = None, **overrides) -> Decision:
    values = dict(
        kind=units[0].kind,
        quota_amount=4,
        quota_unit="nights" if units[0].counts_nights else "days",
        period_kind="rolling",
        period_days=28,
        valid_from=date(2020, 1, 1),
        valid_to=date(2040, 12, 31),
        horizon_days=120,
        cancel_hours=48,
        max_stay=7,
        needs_approval=False,
    )
    values.update(overrides)
    decision = Decision(municipality_id=municipality.id, **values)
    decision.care_receiver = receiver or CareReceiver(
        municipality_id=municipality.id, name="Olav Omsorg", birth_year=1938
    )
    decision.units = list(units)
    for user in relatives:
        decision.relatives.append(
            DecisionRelative(
                user=user, consent_given_by="Olav Omsorg", consent_date=date(2026, 1, 5), consent_method="written"
            )
        )
    db.session.add(decision)
    db.session.commit()
    return decision


def make_staff(municipality, unit: RespiteUnit, **overrides):
    user = make_user(roles=(Role.UNIT_STAFF,), municipality=municipality, **overrides)
    db.session.add(StaffUnit(user_id=user.id, respite_unit_id=unit.id))
    db.session.commit()
    return user


@pytest.fixture
def setting(ctx):
    """A municipality, a unit with 2 places, a relative with a decision of 4 nights per 4 weeks."""
    municipality = make_municipality(default_locale="nn")
    unit = make_respite_unit(municipality, places=2)
    relative = make_user(roles=(Role.RELATIVE,), municipality=municipality, locale="nn")
    decision = make_decision(municipality, [unit], [relative])
    return municipality, unit, relative, decision


def next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)
