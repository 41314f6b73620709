"""Factories and fixtures for the offers tests."""

from __future__ import annotations

from datetime import date, time
from itertools import count

import pytest

from webapp.extensions import db
from webapp.offers import demo as offers_demo
from webapp.offers.models import Location, Offer, Schedule
from webapp.offers.recurrence import build_rrule

_seq = count(1)


def make_location(municipality, **overrides) -> Location:
    n = next(_seq)
    values = {
        "municipality_id": municipality.id,
        "name": f"Stad {n}",
        "address": f"Vegen {n}",
        "place": "Heggenes",
        "step_free": True,
    }
    values.update(overrides)
    location = Location(**values)
    db.session.add(location)
    db.session.commit()
    return location


def make_offer(
    municipality,
    *,
    days=("TU",),
    at=time(10, 0),
    until=time(11, 0),
    interval=1,
    dtstart=date(2026, 1, 6),
    exdates="",
    skip_public_holidays=True,
    **overrides,
) -> Offer:
    n = next(_seq)
    values = {
        "municipality_id": municipality.id,
        "title_nb": f"Tilbud {n}",
        "title_nn": f"Tilbod {n}",
        "description_nb": "Beskrivelse.",
        "description_nn": "Skildring.",
        "category": "training",
        "published": True,
    }
    values.update(overrides)
    offer = Offer(**values)
    offer.schedule = Schedule(
        rrule=build_rrule(list(days), interval),
        dtstart=dtstart,
        opens_at=at,
        closes_at=until,
        weekdays=",".join(days),
        exdates=exdates,
        skip_public_holidays=skip_public_holidays,
    )
    db.session.add(offer)
    db.session.commit()
    return offer


@pytest.fixture
def demo_offers(municipalities):
    """The seed municipalities with the demo offers and staircases."""
    offers_demo.load()
    return municipalities
