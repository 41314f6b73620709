"""Reading municipalities, regions and units; which municipality a request belongs to."""

from __future__ import annotations

import time

from flask import g, request, session
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import make_transient_to_detached
from werkzeug.routing import BaseConverter, ValidationError

from webapp.extensions import db
from webapp.municipalities import queries
from webapp.municipalities.models import Municipality, Region, Unit
from webapp.navigation import external_url
from webapp.notifications.services import Sender, municipality_sender, queue_email, sender_of
from webapp.text import one_line
from webapp.transactions import atomic

SESSION_KEY = "municipality"


def all_municipalities() -> list[Municipality]:
    return list(db.session.scalars(queries.municipalities()))


def get_by_slug(slug: str) -> Municipality | None:
    return db.session.scalar(queries.by_slug(slug))


# Every page of a municipality looks it up by the slug in its URL. The rows change almost never, so
# each process keeps their columns for a minute and hands each request its own instance without a
# query; a change made in this process clears the copy at once.
CACHE_SECONDS = 60
_COLUMNS = [column.key for column in Municipality.__table__.columns]
_cache: dict[str, tuple[float, dict]] = {}


def clear_cache(*_: object) -> None:
    _cache.clear()


for _event in ("after_insert", "after_update", "after_delete"):
    event.listen(Municipality, _event, clear_cache)


def get_for_page(slug: str) -> Municipality | None:
    """The municipality of a URL, from this process's copy when it is fresh."""
    found = _cache.get(slug)
    if found is None or found[0] < time.monotonic():
        municipality = get_by_slug(slug)
        if municipality is not None:
            _cache[slug] = (time.monotonic() + CACHE_SECONDS, {name: getattr(municipality, name) for name in _COLUMNS})
        return municipality
    copy = Municipality(**found[1])
    make_transient_to_detached(copy)
    return db.session.merge(copy, load=False)


def get_by_id(municipality_id: int) -> Municipality | None:
    return db.session.get(Municipality, municipality_id)


def get_region(slug: str) -> Region | None:
    return db.session.scalar(queries.region_by_slug(slug))


def all_regions() -> list[Region]:
    return list(db.session.scalars(db.select(Region).order_by(Region.name)))


def sharing_partners(municipality: Municipality) -> list[Municipality]:
    """The other municipalities of the region that share tasks and volunteers, when this one
    shares too: the one rule for who sees whose tasks and volunteers across municipalities."""
    if not municipality.shares_with_region or municipality.region_id is None:
        return []
    return list(db.session.scalars(queries.sharing_partners(municipality.region_id, municipality.id)))


@atomic()
def set_shares_with_region(municipality: Municipality, value: bool) -> Municipality:
    municipality = db.session.merge(municipality)
    municipality.shares_with_region = value
    return municipality


def units(municipality: Municipality, kind: str | None = None) -> list[Unit]:
    return list(db.session.scalars(queries.units_of(municipality.id, kind)))


def first_unit(municipality: Municipality, kind: str) -> Unit | None:
    return db.session.scalar(queries.units_of(municipality.id, kind).limit(1))


class MunicipalityConverter(BaseConverter):
    """`<municipality:municipality>` in a URL gives the view a Municipality, or a 404."""

    regex = r"[a-z0-9-]{2,60}"

    def to_python(self, value: str) -> Municipality:
        municipality = get_for_page(value)
        if municipality is None:
            raise ValidationError()
        return municipality

    def to_url(self, value: Municipality | str) -> str:
        return value if isinstance(value, str) else value.slug


def set_request_municipality() -> None:
    """Remember the municipality of the page, or fall back to the last one seen or the home one."""
    municipality = (request.view_args or {}).get("municipality")
    if isinstance(municipality, Municipality):
        if session.get(SESSION_KEY) != municipality.slug and not request.headers.get("HX-Request"):
            session[SESSION_KEY] = municipality.slug  # an htmx request's page has already set it
    else:
        municipality = None
        slug = session.get(SESSION_KEY)
        if isinstance(slug, str):
            municipality = get_for_page(slug)
        if municipality is None and current_user.is_authenticated:
            municipality = current_user.home_municipality
    g.municipality = municipality
    if municipality is not None:
        g.page_locale = municipality.default_locale


def unit_sender(municipality: Municipality, kind: str) -> Sender:
    """The municipality's unit of a kind (its frivilligsentral, its allocation office) as the sender
    of a message, with the municipality's phone and e-mail where the unit has none; lacking such a
    unit, the municipality itself."""
    unit = first_unit(municipality, kind)
    if unit is None:
        return municipality_sender(municipality)
    return Sender(
        name=unit.name,
        phone=unit.phone or municipality.contact_phone or "",
        email=unit.email or municipality.contact_email or "",
    )


def respite_unit_sender(respite_unit: object) -> Sender:
    """A respite unit (its own address first, then its foundation unit's) as a message's sender."""
    unit = respite_unit.unit  # type: ignore[attr-defined]
    own = sender_of(unit)
    return Sender(name=own.name, phone=own.phone, email=respite_unit.email or own.email)  # type: ignore[attr-defined]


@atomic()
def send_accessibility_feedback(municipality: Municipality, *, message: str, page: str, name: str, email: str) -> None:
    """Queue the feedback to the municipality's contact address, in the municipality's standard."""
    if not municipality.contact_email:
        raise NoContactAddress(municipality.slug)
    queue_email(
        municipality.contact_email,
        "accessibility_feedback",
        municipality.default_locale,
        municipality=municipality,
        message=message.strip(),
        page=one_line(page),
        name=one_line(name),
        email=one_line(email),
        statement_link=external_url("municipalities.accessibility", municipality=municipality),
        my_pages=False,
    )


class NoContactAddress(Exception):
    """The municipality has no e-mail address to send feedback to."""
