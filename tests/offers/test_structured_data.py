"""The schema.org Event on an offer's page, read as search engines read it (extruct): places left
as availability, the links to the offer and the organiser, and the region of the address."""

from __future__ import annotations

import extruct

from tests.offers.conftest import make_location, make_offer
from webapp.extensions import db
from webapp.offers import signups
from webapp.offers.models import Organization


def event(client, offer) -> dict:
    url = f"http://localhost/{offer.municipality.slug}/offers/{offer.id}"
    html = client.get(url).get_data(as_text=True)
    found = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]
    events = [item for item in found if item.get("@type") == "Event"]
    assert len(events) == 1
    data = events[0]
    # What search engines require of an Event, and what we promise besides.
    for key in ("name", "startDate", "location", "url", "offers", "organizer"):
        assert data.get(key), key
    assert data["offers"]["url"] == url == data["url"]
    return data


def test_places_left_are_the_offers_availability(client, ctx, municipalities):
    oystre_slidre = municipalities["oystre-slidre"]
    offer = make_offer(
        oystre_slidre, capacity=8, join_mode="sign_up", location=make_location(oystre_slidre, city="Heggenes")
    )
    data = event(client, offer)
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["location"]["address"]["addressRegion"] == "Valdres"  # the region the municipality is in
    assert data["organizer"] == {
        "@type": "Organization",
        "name": oystre_slidre.name,
        "url": "http://localhost/oystre-slidre/offers",
    }

    for n in range(5):
        signups.sign_up(offer.id, signups.Person(name=f"Person {n}", phone=f"9000000{n}"))
    assert event(client, offer)["offers"]["availability"] == "https://schema.org/LimitedAvailability"
    for n in range(5, 8):
        signups.sign_up(offer.id, signups.Person(name=f"Person {n}", phone=f"9000000{n}"))
    assert event(client, offer)["offers"]["availability"] == "https://schema.org/SoldOut"


def test_the_organiser_links_to_its_own_site_and_a_drop_in_is_in_stock(client, ctx, municipalities):
    gausdal = municipalities["gausdal"]
    organization = Organization(
        municipality_id=gausdal.id, name="Gausdal frivilligsentral", website="https://frivillig.example"
    )
    db.session.add(organization)
    db.session.commit()
    offer = make_offer(gausdal, organization_id=organization.id, location=make_location(gausdal))
    data = event(client, offer)
    assert data["organizer"]["url"] == "https://frivillig.example"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    region = gausdal.region.name if gausdal.region is not None else gausdal.name
    assert data["location"]["address"]["addressRegion"] == region
