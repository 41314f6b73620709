"""Editors create and change their municipality's offers; both standards are needed to publish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from flask_babel import gettext as _
from sqlalchemy import select

from webapp.extensions import db
from webapp.municipalities.models import Municipality
from webapp.offers import changes, queries, signups
from webapp.offers.models import Location, Offer, Organization, Schedule, StaircaseLevel
from webapp.offers.recurrence import build_rrule
from webapp.transactions import atomic

TEXT_FIELDS = (
    "title_nb",
    "title_nn",
    "description_nb",
    "description_nn",
    "eligibility_nb",
    "eligibility_nn",
    "price_note_nb",
    "price_note_nn",
)
PLAIN_FIELDS = (
    "category",
    "status",
    "join_mode",
    "target_group",
    "walking_aid",
    "price_nok",
    "capacity",
    "open_to_region",
    "contact_name",
    "contact_phone",
    "contact_email",
)


class EditError(Exception):
    """An editor action that cannot be done; the message is translated."""


@dataclass
class OfferData:
    values: dict  # TEXT_FIELDS and PLAIN_FIELDS
    level_id: int | None
    location_id: int | None
    organization_id: int | None
    weekdays: list[str]
    interval: int
    opens_at: time
    closes_at: time
    dtstart: date
    until: date | None
    exdates: list[date]
    skip_public_holidays: bool
    new_location: dict | None = None  # Location columns (name, address, place …): a place not in the list yet


def owned_offers(municipality: Municipality) -> list[Offer]:
    return list(db.session.scalars(queries.owned_by(municipality).order_by(Offer.title_nb)).unique())


def get_owned(municipality: Municipality, offer_id: int) -> Offer | None:
    return db.session.scalar(queries.owned_by(municipality).where(Offer.id == offer_id))


def locations(municipality: Municipality) -> list[Location]:
    return list(
        db.session.scalars(select(Location).where(Location.municipality_id == municipality.id).order_by(Location.name))
    )


def organizations(municipality: Municipality) -> list[Organization]:
    return list(
        db.session.scalars(
            select(Organization).where(Organization.municipality_id == municipality.id).order_by(Organization.name)
        )
    )


def _owned(model, municipality: Municipality, row_id: int | None):
    if row_id is None:
        return None
    row = db.session.get(model, row_id)
    if row is None or row.municipality_id != municipality.id:
        raise EditError(_("Choose from the list."))
    return row


def _new_location(municipality: Municipality, values: dict) -> Location:
    location = db.session.scalar(
        select(Location).where(Location.municipality_id == municipality.id, Location.name == values["name"])
    )
    if location is None:
        location = Location(municipality_id=municipality.id, **values)
        db.session.add(location)
    return location


def save_offer(municipality: Municipality, offer: Offer | None, data: OfferData) -> Offer:
    """Create or change an offer. A published offer that loses a text goes back to draft."""
    try:
        with atomic():  # the change and the promotions it allows are one transaction
            before = changes.Plan.of(offer) if offer is not None else None
            old_capacity = offer.capacity if offer is not None else None
            if offer is None:
                offer = Offer(municipality_id=municipality.id, published=False)
                db.session.add(offer)
            for name in TEXT_FIELDS:
                setattr(offer, name, (data.values.get(name) or "").strip())
            for name in PLAIN_FIELDS:
                setattr(offer, name, data.values.get(name))
            offer.staircase_level = _owned(StaircaseLevel, municipality, data.level_id)
            offer.location = (
                _new_location(municipality, data.new_location)
                if data.new_location
                else _owned(Location, municipality, data.location_id)
            )
            offer.organization = _owned(Organization, municipality, data.organization_id)
            values = {
                "rrule": build_rrule(data.weekdays, data.interval, data.until),
                "dtstart": data.dtstart,
                "opens_at": data.opens_at,
                "closes_at": data.closes_at,
                "until": data.until,
                "weekdays": ",".join(d for d in data.weekdays),
                "exdates": ",".join(sorted({d.isoformat() for d in data.exdates})),
                "skip_public_holidays": data.skip_public_holidays,
            }
            if offer.schedule is None:
                offer.schedule = Schedule(**values)
            else:
                for name, value in values.items():
                    setattr(offer.schedule, name, value)
            if offer.published and offer.missing_texts():
                offer.published = False
            if before is not None:
                db.session.flush()
                changes.tell_about_change(offer, before)
            if old_capacity is not None and (offer.capacity is None or offer.capacity > old_capacity):
                db.session.flush()
                signups.promote_waiting(offer.id)  # more places: those waiting move up, with a message
    except ValueError as exc:
        raise EditError(_("Choose at least one weekday.")) from exc
    return offer


@atomic()
def publish(offer: Offer) -> None:
    if offer.missing_texts():
        raise EditError(_("Write the title and the description in both nynorsk and bokmål before publishing."))
    offer.published = True


@atomic()
def unpublish(offer: Offer) -> None:
    offer.published = False
