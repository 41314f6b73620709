"""Selects used by more than one service."""

from __future__ import annotations

from sqlalchemy import Select, and_, false, or_, select

from webapp.municipalities.models import Municipality
from webapp.offers.models import Location, Offer, SignUp, SignUpStatus


def visible_in(municipality: Municipality) -> Select:
    """Published offers of the municipality, and regional offers open to it."""
    own = Offer.municipality_id == municipality.id
    regional = false()
    if municipality.region_id is not None:
        neighbours = select(Municipality.id).where(Municipality.region_id == municipality.region_id)
        regional = and_(Offer.open_to_region.is_(True), Offer.municipality_id.in_(neighbours))
    return select(Offer).where(Offer.published.is_(True), or_(own, regional))


def places_in(municipality: Municipality) -> Select:
    """Places of the municipality and of its region (the locations table is small)."""
    owners = select(Municipality.id).where(Municipality.id == municipality.id)
    if municipality.region_id is not None:
        owners = select(Municipality.id).where(Municipality.region_id == municipality.region_id)
    return (
        select(Location.place)
        .where(Location.municipality_id.in_(owners), Location.place != "")
        .distinct()
        .order_by(Location.place)
    )


def owned_by(municipality: Municipality) -> Select:
    return select(Offer).where(Offer.municipality_id == municipality.id)


def active_signups(offer_id: int, session_id: int | None, status: str) -> Select:
    scope = SignUp.session_id.is_(None) if session_id is None else SignUp.session_id == session_id
    return select(SignUp).where(SignUp.offer_id == offer_id, scope, SignUp.status == status)


def confirmed_or_waiting() -> tuple[str, str]:
    return (SignUpStatus.CONFIRMED.value, SignUpStatus.WAITING.value)
