"""Hand-built data for the reports: offers with sign-ups and attendance, volunteers with hours,
respite units with bookings. Each helper builds only what its test reads."""

from __future__ import annotations

from datetime import date, datetime, time

from tests.factories import make_municipality
from tests.offers.conftest import make_offer
from webapp.clock import OSLO
from webapp.extensions import db
from webapp.offers.models import Attendance, OfferSession, SignUp, StaircaseLevel


def oslo(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=OSLO)


def make_level(municipality, rank: int, needs_decision: bool = False) -> StaircaseLevel:
    level = StaircaseLevel(
        municipality_id=municipality.id,
        rank=rank,
        title_nb=f"Trinn {rank}",
        title_nn=f"Steg {rank}",
        needs_decision=needs_decision,
    )
    db.session.add(level)
    db.session.commit()
    return level


def make_signup(offer, created_at: datetime, status: str = "confirmed", **overrides) -> SignUp:
    values = dict(offer_id=offer.id, name="Kari", phone="41234567", status=status, created_at=created_at)
    values.update(overrides)
    signup = SignUp(**values)
    db.session.add(signup)
    db.session.commit()
    return signup


def make_session(
    offer, starts_at: datetime, present: int = 0, absent: int = 0, drop_ins: int | None = None
) -> OfferSession:
    session = OfferSession(offer_id=offer.id, starts_at=starts_at, ends_at=starts_at, drop_ins=drop_ins)
    db.session.add(session)
    db.session.flush()
    for came in [True] * present + [False] * absent:
        signup = make_signup(offer, starts_at, session_id=session.id)
        db.session.add(Attendance(session_id=session.id, signup_id=signup.id, present=came))
    db.session.commit()
    return session


def offers_setting():
    """Two offers on steps 1 and 2, one without a step, and a neighbour's offer that must not count."""
    municipality = make_municipality(default_locale="nn")
    step1, step2 = make_level(municipality, 1), make_level(municipality, 2, needs_decision=True)
    walk = make_offer(municipality, title_nn="Gågruppe", title_nb="Gågruppe", staircase_level_id=step1.id, capacity=10)
    dance = make_offer(municipality, title_nn="Sittedans", title_nb="Sittedans", staircase_level_id=step2.id)
    cafe = make_offer(municipality, title_nn="Kafé", title_nb="Kafé")
    other = make_offer(make_municipality(), title_nb="Annen kommune")
    return municipality, walk, dance, cafe, other
