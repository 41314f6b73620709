"""A municipality with something waiting for each staff role, built with the domains' factories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from tests.factories import make_user
from tests.offers.conftest import make_offer
from tests.respite.conftest import make_decision, make_respite_unit, make_staff
from webapp.accounts.models import Role, User
from webapp.clock import today as oslo_today
from webapp.database import utcnow
from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.offers.models import Offer, SignUp
from webapp.respite.models import Booking, BookingStatus, Decision, RespiteUnit
from webapp.volunteers import services as volunteer_services

ALL_STAFF = (Role.VOLUNTEER_COORDINATOR, Role.ALLOCATION_OFFICER, Role.EDITOR, Role.UNIT_STAFF)


def today() -> date:
    return oslo_today()


def make_booking(
    decision: Decision,
    unit: RespiteUnit,
    arrival: date,
    departure: date,
    status: str = BookingStatus.CONFIRMED,
    **overrides,
) -> Booking:
    booking = Booking(
        decision_id=decision.id,
        respite_unit_id=unit.id,
        arrival=arrival,
        departure=departure,
        status=status,
        **overrides,
    )
    db.session.add(booking)
    db.session.commit()
    return booking


def make_signup(
    offer: Offer, name: str, phone: str = "", status: str = "confirmed", session_id: int | None = None
) -> SignUp:
    signup = SignUp(
        offer_id=offer.id, name=name, phone=phone, status=status, session_id=session_id, created_at=utcnow()
    )
    db.session.add(signup)
    db.session.commit()
    return signup


def weekly_offer(municipality: Municipality, **overrides) -> Offer:
    """Meets every day, so it meets today whatever day the tests run."""
    values = dict(
        days=("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
        dtstart=today() - timedelta(days=14),
        skip_public_holidays=False,
        join_mode="sign_up",
        capacity=10,
        contact_name="Kari Kontakt",
        contact_phone="61 00 00 00",
    )
    values.update(overrides)
    return make_offer(municipality, **values)


@dataclass
class World:
    m: Municipality
    other: Municipality
    unit: RespiteUnit
    decision: Decision
    staff: User


@pytest.fixture
def world(ctx, municipalities) -> World:
    volunteer_services.ensure_roles()
    db.session.commit()
    m, other = municipalities["vestre-toten"], municipalities["oystre-slidre"]
    unit = make_respite_unit(m, places=3, name="Gimle test")
    staff = make_staff(m, unit, locale="nb")
    decision = make_decision(m, [unit], needs_approval=True)
    return World(m, other, unit, decision, staff)


def staff_user(m: Municipality, roles=ALL_STAFF, locale: str = "nb") -> User:
    return make_user(roles=tuple((role, m) for role in roles), municipality=m, locale=locale)
