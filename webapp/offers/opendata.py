"""Reading published offers for the open-data API."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.offers.models import Offer


def published_page(page_number: int, per_page: int) -> tuple[list[Offer], int]:
    query = select(Offer).where(Offer.published.is_(True))
    total = db.session.scalar(select(func.count(Offer.id)).where(Offer.published.is_(True))) or 0
    offers = list(
        db.session.scalars(query.order_by(Offer.id).limit(per_page).offset((page_number - 1) * per_page)).unique()
    )
    return offers, total
