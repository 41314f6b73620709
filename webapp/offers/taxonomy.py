"""The two classifications the open-data API publishes as HSDS taxonomies: our kinds of offer
(categories, the same in every municipality) and each municipality's staircase of help
(meistringstrapp). Ids are stable UUIDs derived from what they name, so integrators can keep them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask_babel import force_locale
from sqlalchemy import or_, select

from webapp.extensions import db
from webapp.navigation import external_url
from webapp.offers.models import Category, Offer, StaircaseLevel

NAMESPACE = uuid.UUID("6f0f9b8e-3d59-5d2e-9d3c-1b1f1d0a7c11")
CATEGORIES = "category"
STAIRCASE = "staircase"
NAMES = {
    CATEGORIES: {"nb": "Kategorier av tilbud", "nn": "Kategoriar av tilbod"},
    STAIRCASE: {"nb": "Kommunens innsatstrapp (mestringstrapp)", "nn": "Kommunen si innsatstrapp (meistringstrapp)"},
}
DESCRIPTIONS = {
    CATEGORIES: {"nb": "Hva slags tilbud det er.", "nn": "Kva slags tilbod det er."},
    STAIRCASE: {
        "nb": "Trinnet i kommunens trapp av hjelp, fra å klare seg selv til tjenester etter vedtak.",
        "nn": "Trinnet i kommunen si trapp av hjelp, frå å klare seg sjølv til tenester etter vedtak.",
    },
}


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


@dataclass(frozen=True)
class Term:
    id: str
    code: str
    taxonomy: str
    names: dict[str, str]
    descriptions: dict[str, str]


def taxonomy_id(kind: str) -> str:
    return _id("taxonomy", kind)


def taxonomy(kind: str, locale: str) -> dict:
    return {
        "id": taxonomy_id(kind),
        "name": NAMES[kind][locale],
        "description": DESCRIPTIONS[kind][locale],
        "uri": external_url("offers.api_taxonomy", taxonomy_id=taxonomy_id(kind)),
        "version": "1",
    }


def all_taxonomies() -> list[str]:
    return [CATEGORIES, STAIRCASE]


def category_terms() -> list[Term]:
    terms = []
    for category in Category:
        titles = {}
        for locale in ("nb", "nn"):
            with force_locale(locale):
                titles[locale] = category.title
        terms.append(Term(_id(CATEGORIES, category.value), category.value, CATEGORIES, titles, titles))
    return terms


def staircase_term(level: StaircaseLevel) -> Term:
    return Term(
        _id(STAIRCASE, level.municipality_id, level.rank),
        f"{level.municipality_id}-{level.rank}",
        STAIRCASE,
        {"nb": level.text("title", "nb"), "nn": level.text("title", "nn")},
        {
            "nb": level.text("description", "nb") or level.text("title", "nb"),
            "nn": level.text("description", "nn") or level.text("title", "nn"),
        },
    )


def staircase_terms() -> list[Term]:
    levels = db.session.scalars(select(StaircaseLevel).order_by(StaircaseLevel.municipality_id, StaircaseLevel.rank))
    return [staircase_term(level) for level in levels]


def all_terms(kind: str | None = None) -> list[Term]:
    found = []
    if kind in (None, CATEGORIES):
        found += category_terms()
    if kind in (None, STAIRCASE):
        found += staircase_terms()
    return found


def terms_of(offer: Offer) -> list[Term]:
    found = [t for t in category_terms() if t.code == offer.category]
    if offer.staircase_level is not None:
        found.append(staircase_term(offer.staircase_level))
    return found


def term_shape(term: Term, locale: str) -> dict:
    return {
        "id": term.id,
        "code": term.code,
        "name": term.names[locale],
        "description": term.descriptions[locale],
        "taxonomy_id": taxonomy_id(term.taxonomy),
        "language": locale,
        "taxonomy_detail": taxonomy(term.taxonomy, locale),
    }


def offer_filter(term_ids: set[str]):
    """An SQL condition: offers classified by any of these terms (None if no term matches)."""
    categories = [t.code for t in category_terms() if t.id in term_ids]
    levels = [level.id for level in db.session.scalars(select(StaircaseLevel)) if staircase_term(level).id in term_ids]
    conditions = []
    if categories:
        conditions.append(Offer.category.in_(categories))
    if levels:
        conditions.append(Offer.staircase_level_id.in_(levels))
    return or_(*conditions) if conditions else None
