"""What the editor's start page needs: drafts that lack one of the two standards, and offers with
people on a waiting list (a sign that another group is needed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from webapp.extensions import db
from webapp.offers.models import Offer, OfferSession, SignUp, SignUpStatus

REQUIRED_TEXTS = (Offer.title_nb, Offer.title_nn, Offer.description_nb, Offer.description_nn)


@dataclass(frozen=True)
class DraftOffer:
    offer_id: int
    title: str
    missing: tuple[str, ...]  # field names, as Offer.missing_texts() gives them


@dataclass(frozen=True)
class WaitingListOffer:
    offer_id: int
    title: str
    waiting: int
    capacity: int | None


def _drafts(municipality_id: int):
    return select(Offer).where(
        Offer.municipality_id == municipality_id,
        Offer.published.is_(False),
        or_(*[func.trim(column) == "" for column in REQUIRED_TEXTS]),
    )


def _waiting(municipality_id: int, now: datetime):
    """Waiting sign-ups for the whole series or for a session that has not started."""
    return (
        select(SignUp.offer_id, func.count(SignUp.id).label("waiting"))
        .join(Offer, Offer.id == SignUp.offer_id)
        .outerjoin(OfferSession, OfferSession.id == SignUp.session_id)
        .where(
            Offer.municipality_id == municipality_id,
            SignUp.status == SignUpStatus.WAITING.value,
            or_(SignUp.session_id.is_(None), OfferSession.starts_at >= now),
        )
        .group_by(SignUp.offer_id)
    )


def count_drafts_missing_standard(municipality_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(_drafts(municipality_id).subquery())) or 0


def count_offers_with_waiting_list(municipality_id: int, now: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(_waiting(municipality_id, now).subquery())) or 0


def drafts_missing_standard(municipality_id: int, limit: int = 5) -> list[DraftOffer]:
    rows = db.session.scalars(
        _drafts(municipality_id).order_by(Offer.updated_at.desc(), Offer.id).limit(limit)
    ).unique()
    return [DraftOffer(row.id, row.text("title"), tuple(row.missing_texts())) for row in rows]


def offers_with_waiting_list(municipality_id: int, now: datetime, limit: int = 5) -> list[WaitingListOffer]:
    """Offers with the longest waiting lists first."""
    waiting = _waiting(municipality_id, now).subquery()
    rows = db.session.execute(
        select(Offer, waiting.c.waiting)
        .join(waiting, waiting.c.offer_id == Offer.id)
        .order_by(waiting.c.waiting.desc(), Offer.id)
        .limit(limit)
    ).unique()
    return [WaitingListOffer(offer.id, offer.text("title"), count, offer.capacity) for offer, count in rows]
