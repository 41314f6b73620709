"""Browse and search: each filter, nn↔nb search, folding, title hits first, regional offers."""

from __future__ import annotations

from datetime import time

import pytest

from tests.offers.conftest import make_location, make_offer
from webapp.offers import search
from webapp.offers.services import Filters, find_offers


def titles(municipality, **filters) -> list[str]:
    return [o.title_nb for o in find_offers(municipality, Filters(**filters)).offers]


@pytest.mark.parametrize(
    "nynorsk, bokmal",
    [
        ("meistring", "mestring"),
        ("tilbod", "tilbud"),
        ("ikkje", "ikke"),
        ("heime", "hjemme"),
        ("pårørande", "pårørende"),
        ("tenester", "tjenester"),
        ("Kvar veke", "hver uke"),
        ("kvardagsmeistring", "hverdagsmestring"),
        ("heimebuande", "hjemmeboende"),
        ("lågterskeltilbod", "lavterskeltilbud"),
        ("førebyggjande", "forebyggende"),
        ("vaksne", "voksne"),
        ("rettleiing", "veiledning"),
        ("sitjande", "sittende"),
        ("tilrettelagd", "tilrettelagt"),
    ],
)
def test_normalise_makes_nynorsk_and_bokmal_meet(nynorsk, bokmal):
    assert search.normalise(nynorsk) == search.normalise(bokmal)


def test_normalise_folds_case_and_accents():
    assert search.normalise("KAFÉ Stødig Bæ") == search.normalise("kafe stodig bae")


def test_search_finds_offer_whichever_standard(ctx, municipalities):
    m = municipalities["oystre-slidre"]
    make_offer(m, title_nb="Kurs i mestring av hverdagen", title_nn="Kurs i meistring av kvardagen")
    make_offer(
        m,
        title_nb="Dagtilbud på Heggenes",
        title_nn="Dagtilbud på Heggenes",
        description_nb="Et tilbud for deg.",
        description_nn="Eit tilbud for deg.",
    )
    make_offer(m, title_nb="Sittedans")
    assert titles(m, q="meistring") == ["Kurs i mestring av hverdagen"]
    assert titles(m, q="MESTRING") == ["Kurs i mestring av hverdagen"]
    assert titles(m, q="dagtilbod") == ["Dagtilbud på Heggenes"]


def test_words_in_one_standard_find_text_written_only_in_the_other(ctx, municipalities):
    m = municipalities["oystre-slidre"]
    make_offer(m, title_nb="Aaa", title_nn="Aaa", description_nb="", description_nn="Eit tilbod for heimebuande.")
    make_offer(m, title_nb="Bbb", title_nn="Bbb", description_nb="Lavterskeltilbud for voksne.", description_nn="")
    make_offer(m, title_nb="Sterk og stødig", title_nn="Sterk og stødig", description_nb="", description_nn="")
    assert titles(m, q="tilbud hjemmeboende") == ["Aaa"]
    assert titles(m, q="lågterskeltilbod vaksne") == ["Bbb"]
    assert titles(m, q="STODIG") == titles(m, q="stødig") == titles(m, q="Stödig") == ["Sterk og stødig"]


def test_reindex_brings_stale_search_text_up_to_date(ctx, municipalities):
    from webapp.extensions import db
    from webapp.offers.services import reindex

    offer = make_offer(municipalities["gausdal"], title_nb="Kvardagsmeistring", title_nn="Kvardagsmeistring")
    offer.search_text = offer.search_title = "stale"
    db.session.flush()
    db.session.execute(db.text("UPDATE offers SET search_text = 'stale', search_title = 'stale'"))
    db.session.commit()
    assert titles(municipalities["gausdal"], q="hverdagsmestring") == []
    assert reindex() == 1
    assert titles(municipalities["gausdal"], q="hverdagsmestring") == ["Kvardagsmeistring"]


def test_title_hits_rank_before_description_hits(ctx, municipalities):
    m = municipalities["oystre-slidre"]
    make_offer(m, title_nb="Aaa kafé", title_nn="Aaa kafé", description_nb="Vi går tur.", category="cafe")
    make_offer(m, title_nb="Zzz turgruppe", title_nn="Zzz turgruppe", category="walking")
    assert titles(m, q="tur") == ["Zzz turgruppe", "Aaa kafé"]


def test_each_filter(ctx, municipalities):
    m = municipalities["oystre-slidre"]
    step_free = make_location(m, place="Beitostølen", step_free=True)
    steps = make_location(m, place="Rogne", step_free=False)
    make_offer(
        m,
        title_nb="A",
        category="cafe",
        price_nok=20,
        location=steps,
        days=("MO",),
        at=time(18, 0),
        until=time(19, 0),
        join_mode="referral",
        target_group="relatives",
        walking_aid="with",
    )
    make_offer(
        m,
        title_nb="B",
        category="training",
        price_nok=0,
        location=step_free,
        days=("WE",),
        at=time(9, 0),
        until=time(10, 0),
        join_mode="drop_in",
        walking_aid="without",
    )
    make_offer(
        m,
        title_nb="C",
        category="walking",
        price_nok=0,
        days=("FR",),
        at=time(13, 0),
        until=time(14, 0),
        join_mode="sign_up",
        walking_aid="any",
    )
    assert titles(m) == ["A", "B", "C"]
    assert titles(m, category="cafe") == ["A"]
    assert titles(m, place="Beitostølen") == ["B"]
    assert titles(m, weekday="FR") == ["C"]
    assert titles(m, time_of_day="morning") == ["B"]
    assert titles(m, time_of_day="afternoon") == ["C"]
    assert titles(m, time_of_day="evening") == ["A"]
    assert titles(m, target_group="relatives") == ["A"]
    assert titles(m, free=True) == ["B", "C"]
    assert titles(m, no_referral=True) == ["B", "C"]
    assert titles(m, step_free=True) == ["B"]
    assert titles(m, walking_aid="without") == ["B", "C"]
    assert titles(m, walking_aid="with") == ["A", "C"]


def test_level_filter_uses_staircase_rank(ctx, demo_offers):
    m = demo_offers["vestre-toten"]
    assert set(titles(m, level=7)) == {"Vestre Toten dagsenter, Gimle", "Lundersveg dagsenter"}


def test_regional_offers_are_open_to_neighbours_only(ctx, demo_offers):
    oystre, nord_aurdal, toten = (demo_offers[s] for s in ("oystre-slidre", "nord-aurdal", "vestre-toten"))
    assert "Frisklivssentralen: samtale og trening" in titles(oystre)  # owned by Nord-Aurdal, open to Valdres
    assert "Sittedans" not in titles(nord_aurdal)  # Øystre Slidre's own, not regional
    assert "Frisklivssentralen: samtale og trening" not in titles(toten)


def test_drafts_are_not_listed(ctx, municipalities):
    m = municipalities["gausdal"]
    make_offer(m, title_nb="Utkast", published=False)
    assert titles(m) == []


def test_pagination(ctx, municipalities):
    m = municipalities["gausdal"]
    for n in range(23):
        make_offer(m, title_nb=f"Tilbud {n:02d}")
    first = find_offers(m, Filters(page=1))
    last = find_offers(m, Filters(page=99))
    assert (first.total, first.pages, len(first.offers)) == (23, 2, 20)
    assert last.page == 2 and [o.title_nb for o in last.offers] == ["Tilbud 20", "Tilbud 21", "Tilbud 22"]
