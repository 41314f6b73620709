"""Reading published offers for the open-data API, with the HSDS 3.0 filters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import event, false, func, select
from sqlalchemy.orm import Session

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.offers import search, taxonomy
from webapp.offers.models import Location, Offer, Organization, StaircaseLevel


@dataclass
class ServiceQuery:
    page: int = 1
    per_page: int = 50
    search: str = ""
    modified_after: datetime | None = None
    organization_id: str = ""
    taxonomy_term_ids: set[str] = field(default_factory=set)
    taxonomy_id: str = ""


def _conditions(query: ServiceQuery) -> list:
    conditions = [Offer.published.is_(True), *search.matching(search.terms(query.search), Offer.search_text)]
    if query.modified_after is not None:
        conditions.append(Offer.updated_at >= query.modified_after)
    if query.organization_id:
        conditions.append(
            Offer.organization_id.in_(select(Organization.id).where(Organization.uuid == query.organization_id))
        )
    if query.taxonomy_term_ids:
        matching = taxonomy.offer_filter(query.taxonomy_term_ids)
        conditions.append(false() if matching is None else matching)
    if query.taxonomy_id:
        kinds = [kind for kind in taxonomy.all_taxonomies() if taxonomy.taxonomy_id(kind) == query.taxonomy_id]
        if not kinds:
            conditions.append(false())
        elif kinds[0] == taxonomy.STAIRCASE:
            conditions.append(Offer.staircase_level_id.is_not(None))
    return conditions


def published_page(query: ServiceQuery) -> tuple[list[Offer], int]:
    conditions = _conditions(query)
    total = db.session.scalar(select(func.count(Offer.id)).where(*conditions)) or 0
    offers = db.session.scalars(
        select(Offer)
        .where(*conditions)
        .order_by(Offer.id)
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).unique()
    return list(offers), total


def last_change() -> datetime | None:
    """When any offer last changed (published or not: a withdrawn one leaves the lists)."""
    return db.session.scalar(select(func.max(Offer.updated_at)))


@event.listens_for(Session, "before_flush")
def _touch_offers_of_changed_places(session: Session, _context, _instances) -> None:
    """A service document nests its place, organisation and step: when one of them changes, the
    offers that show it count as changed (modified_after, last_modified, Last-Modified)."""
    changed = [
        item
        for item in session.dirty
        if isinstance(item, Location | Organization | StaircaseLevel) and session.is_modified(item)
    ]
    if not changed:
        return
    column = {
        Location: Offer.location_id,
        Organization: Offer.organization_id,
        StaircaseLevel: Offer.staircase_level_id,
    }
    with session.no_autoflush:
        for item in changed:
            for offer in session.scalars(select(Offer).where(column[type(item)] == item.id)):
                offer.updated_at = utcnow()
