"""The guide: answers → offers at the lowest step that fits, with reasons; the allocation office
when the answers point to services that need a decision."""

from __future__ import annotations

from webapp.offers.guide import suggest


def titles(result) -> list[str]:
    return [s.offer.title_nb for s in result.suggestions]


def test_active_without_walking_aid_gets_low_steps_first(ctx, demo_offers):
    result = suggest(
        demo_offers["oystre-slidre"], {"travel": "alone", "walking_aid": "no", "interest": "active", "coping": "well"}
    )
    ranks = [s.offer.staircase_level.rank for s in result.suggestions]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert "Gågruppe fra Moavegen 25" in titles(result)
    assert not any("ganghjelpemiddel" in t for t in titles(result))
    assert all(s.reason for s in result.suggestions)
    assert result.allocation_office is None
    assert (result.level.rank, result.level.title_nb) == (1, "Eget ansvar og et aktivt lokalsamfunn")


def test_walking_aid_users_get_groups_for_them(ctx, demo_offers):
    result = suggest(demo_offers["oystre-slidre"], {"walking_aid": "yes", "interest": "active"})
    assert "Trimgruppe med ganghjelpemiddel 1" in titles(result)
    assert not any(t.startswith("Sterk og stødig") for t in titles(result))


def test_needing_company_is_answered_in_the_reason(ctx, demo_offers):
    result = suggest(demo_offers["oystre-slidre"], {"travel": "helped", "interest": "relative"})
    assert titles(result) == ["Pårørendeskole for demens"]
    assert "transport" in result.suggestions[0].reason


def test_heavy_needs_point_to_the_allocation_office(ctx, demo_offers):
    result = suggest(demo_offers["vestre-toten"], {"interest": "help", "coping": "most"})
    assert result.allocation_office is not None
    assert result.allocation_office.name == "Tildeling og koordinering"
    assert "Vestre Toten dagsenter, Gimle" in titles(result)
    light = suggest(demo_offers["vestre-toten"], {"interest": "company", "coping": "well"})
    assert light.allocation_office is None and "Vestre Toten dagsenter, Gimle" not in titles(light)


def test_each_municipality_has_its_own_staircase(ctx, demo_offers):
    from webapp.offers.services import staircase

    counts = {slug: len(staircase(m)) for slug, m in demo_offers.items()}
    assert counts == {"gausdal": 5, "midtre-gauldal": 5, "nord-aurdal": 5, "oystre-slidre": 6, "vestre-toten": 12}
    midtre = staircase(demo_offers["midtre-gauldal"])
    assert all(level.title_nb.startswith("Jeg ") and level.title_nn.startswith("Eg ") for level in midtre)
    gausdal = staircase(demo_offers["gausdal"])
    assert [level.needs_decision for level in gausdal] == [False, False, True, True, True]


def test_the_guide_page_names_the_steps_of_that_municipality(client, demo_offers):
    html = client.get("/midtre-gauldal/guide?interest=company").get_data(as_text=True)
    assert "Frivilligforum – treffpunkt på Støren" in html
    assert "Svarene dine passer til trinn 1 av 5 i kommunens trapp: Jeg klarer meg ganske godt selv." in html
    assert "Jeg klarer meg ganske godt selv" in html and "Dagtilbud og avlastning" not in html
    toten = client.get("/vestre-toten/guide").get_data(as_text=True)
    assert toten.count("<li>") >= 12 and "Langtidsopphold i sykehjem" in toten


def test_the_step_named_is_on_the_municipalitys_own_staircase(ctx, municipalities):
    from sqlalchemy import select

    from tests.offers.conftest import make_offer
    from webapp.extensions import db
    from webapp.offers.models import StaircaseLevel
    from webapp.offers.staircase import load_levels

    load_levels()
    oystre, aurdal = municipalities["oystre-slidre"], municipalities["nord-aurdal"]

    def level(m, rank):
        return db.session.scalar(select(StaircaseLevel).filter_by(municipality_id=m.id, rank=rank))

    make_offer(
        aurdal,
        title_nb="Nettbrett i Fagernes",
        category="digital",
        open_to_region=True,
        staircase_level=level(aurdal, 1),
    )
    make_offer(oystre, title_nb="Nettbrett på Heggenes", category="digital", staircase_level=level(oystre, 2))
    result = suggest(oystre, {"interest": "learn"})
    assert titles(result) == ["Nettbrett i Fagernes", "Nettbrett på Heggenes"]
    assert result.level == level(oystre, 2)  # not step 1 of Nord-Aurdal's staircase
