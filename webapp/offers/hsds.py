"""Published offers shaped as Open Referral HSDS 3.0 services (open data)."""

from __future__ import annotations

import uuid
from typing import Any

from flask_babel import force_locale

from webapp.navigation import external_url
from webapp.offers import taxonomy
from webapp.offers.models import JoinMode, Offer, Status

HSDS_STATUS = {
    Status.ACTIVE: "active",
    Status.NEW: "active",
    Status.PAUSED: "temporarily closed",
    Status.REESTABLISHING: "inactive",
}
LANGUAGE_NAMES = {"nn": "Norsk nynorsk", "nb": "Norsk bokmål", "se": "Davvisámegiella", "en": "English"}


def _title(member: Any, locale: str) -> str:
    with force_locale(locale):
        return str(member.title)


def _child_id(offer: Offer, part: str) -> str:
    return str(uuid.uuid5(uuid.UUID(offer.uuid), part))


def _texts(offer: Offer, locale: str) -> dict[str, str]:
    other = "nb" if locale == "nn" else "nn"
    return {
        "name": offer.text("title", locale),
        "alternate_name": offer.text("title", other),
        "description": offer.text("description", locale),
        "eligibility_description": offer.text("eligibility", locale),
    }


def service_summary(offer: Offer, locale: str) -> dict[str, Any]:
    """The one-to-one fields: the list shape (service_list.json)."""
    data: dict[str, Any] = {
        "id": offer.uuid,
        **_texts(offer, locale),
        "url": external_url("offers.detail", municipality=offer.municipality, offer_id=offer.id),
        "status": HSDS_STATUS.get(Status(offer.status), "active"),
        "application_process": _title(JoinMode(offer.join_mode), locale),
        "fees_description": offer.text("price_note", locale)
        or ("0 NOK" if offer.is_free else f"{offer.price_nok} NOK"),
        "last_modified": offer.updated_at.isoformat(),
    }
    if offer.contact_email:
        data["email"] = offer.contact_email
    if offer.organization is not None:
        data["organization_id"] = offer.organization.uuid
        data["organization"] = {
            "id": offer.organization.uuid,
            "name": offer.organization.name,
            "description": offer.organization.text("description", locale) or offer.organization.kind_title,
        }
    return {k: v for k, v in data.items() if v != ""}


COST_WORDS = {
    "nb": ("Gratis", "Egenandel"),
    "nn": ("Gratis", "Eigenbetaling"),
}


def cost_option(offer: Offer, locale: str) -> str:
    """What the price is for, in words: the editor's note, else free or a payment of one's own."""
    free, payment = COST_WORDS[locale]
    return offer.text("price_note", locale) or (free if offer.is_free else payment)


def service_full(offer: Offer, locale: str) -> dict[str, Any]:
    """Everything nested: compiled_service.json."""
    data = service_summary(offer, locale)
    data["languages"] = [
        {"id": _child_id(offer, f"lang-{code}"), "code": code, "name": LANGUAGE_NAMES.get(code, code)}
        for code in offer.languages.split(",")
        if code
    ]
    data["cost_options"] = [
        {
            "id": _child_id(offer, "cost"),
            "currency": "NOK",
            "amount": offer.price_nok,
            "option": cost_option(offer, locale),
        }
    ]
    data["attributes"] = [
        {
            "id": _child_id(offer, f"attribute-{term.id}"),
            "link_id": offer.uuid,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": term.id,
            "taxonomy_term": taxonomy.term_shape(term, locale),
        }
        for term in taxonomy.terms_of(offer)
    ]
    if offer.contact_name or offer.contact_email or offer.contact_phone:
        contact: dict[str, Any] = {"id": _child_id(offer, "contact"), "service_id": offer.uuid}
        if offer.contact_name:
            contact["name"] = offer.contact_name
        if offer.contact_email:
            contact["email"] = offer.contact_email
        if offer.contact_phone:
            contact["phones"] = [{"id": _child_id(offer, "contact-phone"), "number": offer.contact_phone}]
        data["contacts"] = [contact]
    if offer.contact_phone:
        data["phones"] = [{"id": _child_id(offer, "phone"), "number": offer.contact_phone}]
    schedule = offer.schedule
    if schedule is not None:
        parts = dict(p.split("=", 1) for p in schedule.rrule.split(";") if "=" in p)
        entry: dict[str, Any] = {
            "id": schedule.uuid,
            "service_id": offer.uuid,
            "freq": "WEEKLY",
            "interval": int(parts.get("INTERVAL", "1")),
            "byday": parts.get("BYDAY", ""),
            "wkst": "MO",
            "dtstart": schedule.dtstart.isoformat(),
            "opens_at": schedule.opens_at.strftime("%H:%M"),
            "closes_at": schedule.closes_at.strftime("%H:%M"),
            "attending_type": "in_person",
            "notes": "Europe/Oslo. EXDATE: "
            + (schedule.exdates or "-")
            + ("; no sessions on Norwegian public holidays" if schedule.skip_public_holidays else ""),
        }
        if schedule.until:
            entry["until"] = schedule.until.isoformat()
        data["schedules"] = [entry]
    location = offer.location
    if location is not None:
        data["service_at_locations"] = [
            {
                "id": _child_id(offer, "at-location"),
                "service_id": offer.uuid,
                "location_id": location.uuid,
                "location": {
                    "id": location.uuid,
                    "location_type": "physical",
                    "name": location.name,
                    "transportation": location.text("transport", locale),
                    "addresses": [
                        {
                            "id": _child_id(offer, "address"),
                            "location_id": location.uuid,
                            "address_1": location.address or location.name,
                            "city": location.city or location.place or "-",
                            "state_province": offer.municipality.name,
                            "postal_code": location.postal_code or "-",
                            "country": "NO",
                            "address_type": "physical",
                        }
                    ],
                    "accessibility": [
                        {
                            "id": _child_id(offer, "accessibility"),
                            "location_id": location.uuid,
                            "description": location.text("accessibility", locale) or "-",
                            "details": "step-free" if location.step_free else "steps",
                        }
                    ],
                },
            }
        ]
    return data


def page(items: list[dict[str, Any]], total: int, page_number: int, per_page: int) -> dict[str, Any]:
    """An HSDS page (the OpenAPI document's `Page`) around items already shaped."""
    pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= pages,
        "empty": total == 0,
        "contents": items,
    }
