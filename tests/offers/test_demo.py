"""Demo data: the offers the seed plans name, loaded twice without duplicates."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.offers import demo
from webapp.offers.models import Offer


def _offers(slug_municipality) -> dict[str, Offer]:
    return {
        o.title_nb: o
        for o in db.session.scalars(select(Offer).where(Offer.municipality_id == slug_municipality.id)).unique()
    }


def test_demo_has_the_offers_of_the_plans_and_loads_twice(ctx, demo_offers):
    count = db.session.scalar(select(func.count(Offer.id)))
    demo.load()
    assert db.session.scalar(select(func.count(Offer.id))) == count == len(demo.OFFERS)
    oystre = _offers(demo_offers["oystre-slidre"])
    assert sum(t.startswith("Sterk og stødig") for t in oystre) == 4
    assert all(o.walking_aid == "without" for t, o in oystre.items() if t.startswith("Sterk og stødig"))
    assert [o.walking_aid for t, o in oystre.items() if t.startswith("Trimgruppe med ganghjelpemiddel")] == [
        "with",
        "with",
    ]
    cafe = oystre["Kaffe og vaffel på helsetunet"]
    assert (cafe.price_nok, cafe.schedule.weekdays) == (20, "MO,WE,FR")
    assert oystre["Gågruppe fra Moavegen 25"].location.address == "Moavegen 25"
    assert "Sittedans" in oystre and "Styrke- og balansegruppe på Frisklivssentralen" in oystre
    toten = _offers(demo_offers["vestre-toten"])
    assert toten["Vestre Toten dagsenter, Gimle"].capacity == 19 and toten["Lundersveg dagsenter"].capacity == 15
    assert any(t.startswith("HUSET") for t in toten)
    aurdal = _offers(demo_offers["nord-aurdal"])
    assert "frisklivsresept" in aurdal["Frisklivssentralen: samtale og trening"].description_nb
    assert aurdal["Fallforebyggende treningsgruppe"].schedule.rrule.startswith("FREQ=WEEKLY;INTERVAL=1")
    lag = _offers(demo_offers["midtre-gauldal"])["Seniortrim med idrettslaget"]
    assert (lag.organization.kind, lag.price_nok) == ("association", 50)
    assert all(o.title_nn and o.description_nn and o.published for o in db.session.scalars(select(Offer)).unique())
