"""Finding an offer: places in words on the list, the person's own municipality first, no internal
facts, filters that fold behind "Filtrer" with the number of hits, and a guide that asks where you live."""

from __future__ import annotations

import re
from datetime import time

from tests.factories import login, make_user
from tests.offers.conftest import make_location, make_offer
from webapp.offers import signups


def _person(n: int) -> signups.Person:
    return signups.Person(name=f"Person {n}", phone=f"9200{n:04d}", locale="nn")


def _card(html: str, title: str) -> str:
    return html.split(f">{title}</a>", 1)[1].split("</li>", 1)[0]


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="ds-heading" data-size="xs"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def test_cards_say_few_places_and_full_in_words(client, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    plenty = make_offer(m, join_mode="sign_up", capacity=10, title_nn="Mange plassar")
    few = make_offer(m, join_mode="sign_up", capacity=5, title_nn="Nokre plassar")
    full = make_offer(m, join_mode="sign_up", capacity=1, title_nn="Ingen plass")
    drop_in = make_offer(m, join_mode="drop_in", capacity=1, title_nn="Kom innom")
    html = client.get("/oystre-slidre/offers").get_data(as_text=True)
    assert "Få plassar att" not in _card(html, few.title_nn) and "Fullt – venteliste" not in html
    assert "Få plassar att" in _card(html, full.title_nn)  # one place of one left: few

    for n in range(2):
        signups.sign_up(few.id, _person(n))
    signups.sign_up(full.id, _person(10))
    # The list is cached until the catalogue changes; places are filled in for every request.
    html = client.get("/oystre-slidre/offers").get_data(as_text=True)
    assert "Få plassar att" in _card(html, few.title_nn)
    assert "Fullt – venteliste" in _card(html, full.title_nn)
    assert "Få plassar" not in _card(html, plenty.title_nn) and "Fullt" not in _card(html, plenty.title_nn)
    assert "Fullt" not in _card(html, drop_in.title_nn)
    assert "<!--places:" not in html
    fragment = client.get("/oystre-slidre/offers", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Fullt – venteliste" in _card(fragment, full.title_nn)


def test_the_persons_own_municipality_comes_first(client, ctx, municipalities):
    own = make_offer(municipalities["oystre-slidre"], title_nn="Ørrettreff heime")
    neighbour = make_offer(municipalities["nord-aurdal"], title_nn="Allsong i nabokommunen", open_to_region=True)
    anonymous = _titles(client.get("/oystre-slidre/offers").get_data(as_text=True))
    assert anonymous.index(own.title_nn) < anonymous.index(neighbour.title_nn)

    login(client, make_user(municipality=municipalities["nord-aurdal"], locale="nn"))
    mine = _titles(client.get("/oystre-slidre/offers").get_data(as_text=True))
    assert mine.index(neighbour.title_nn) < mine.index(own.title_nn)


def test_filters_fold_behind_filtrer_with_the_number_of_hits(client, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    for _ in range(3):
        make_offer(m)
    html = client.get("/oystre-slidre/offers").get_data(as_text=True)
    fold = re.search(r'<details class="offer-filters__fold"( open)?>\s*<summary>(.*?)</summary>', html, re.S)
    assert fold and fold.group(1) is None  # folded until a filter is chosen
    assert "Filtrer" in fold.group(2) and "(3 treff)" in fold.group(2)
    assert '<div class="offer-filters__body">' in html
    chosen = client.get("/oystre-slidre/offers?free=y").get_data(as_text=True)
    assert '<details class="offer-filters__fold" open>' in chosen
    fragment = client.get("/oystre-slidre/offers?q=ingenting", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert re.search(r'<span id="filter-hits" hx-swap-oob="true">\(0 treff\)</span>', fragment)


def test_the_guide_asks_where_you_live_and_says_when_and_where(client, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    far = make_location(m, name="Bygdahuset", place="Skammestein")
    near = make_location(m, name="Grendehuset", place="Tingvoll")
    make_offer(m, join_mode="drop_in", category="training", title_nn="Anna trim", location_id=far.id)
    make_offer(
        m,
        join_mode="drop_in",
        category="training",
        title_nn="Trim nær meg",
        location_id=near.id,
        days=("TH",),
        at=time(13, 0),
        until=time(14, 0),
    )
    form = client.get("/oystre-slidre/guide").get_data(as_text=True)
    assert 'name="place"' in form and ">Tingvoll</option>" in form

    html = client.get("/oystre-slidre/guide?interest=active&place=Tingvoll").get_data(as_text=True)
    titles = _titles(html)
    assert titles.index("Trim nær meg") < titles.index("Anna trim")
    card = _card(html, "Trim nær meg")
    assert "Kvar torsdag kl. 13.00–14.00" in card and "Grendehuset, Tingvoll" in card
    assert client.get("/oystre-slidre/guide?interest=active&place=Atlantis").status_code == 400
