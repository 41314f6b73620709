"""The offers embed: only the websites a municipality lists may frame its page (CSP frame-ancestors
on that page alone), the page shows this week's offers filtered as the editor chose, in the
municipality's standard and colour, and the editor copies one <iframe> for it."""

from __future__ import annotations

import html
import re
from datetime import date, time

import pytest

from tests.factories import login, make_user
from tests.offers.conftest import make_location, make_offer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.offers import embed


def _frame_ancestors(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))


@pytest.fixture
def oystre_slidre(municipalities):
    municipality = municipalities["oystre-slidre"]  # writes nynorsk
    municipality.embed_origins = "https://www.oystre-slidre.kommune.no\nhttps://valdres.example:8443"
    municipality.embed_colour = "#7a1f3d"
    db.session.commit()
    return municipality


def test_only_the_listed_websites_may_frame_the_embed(client, ctx, oystre_slidre, municipalities):
    response = client.get("/oystre-slidre/embed/offers")
    assert response.status_code == 200
    assert _frame_ancestors(response) == (
        "frame-ancestors https://www.oystre-slidre.kommune.no https://valdres.example:8443"
    )
    assert "X-Frame-Options" not in response.headers
    assert "script-src" not in response.headers["Content-Security-Policy"]  # no script at all: default-src 'none'
    assert "<script" not in response.get_data(as_text=True)

    # A municipality that lists none: framed nowhere.
    closed = client.get("/gausdal/embed/offers")
    assert _frame_ancestors(closed) == "frame-ancestors 'none'" and closed.headers["X-Frame-Options"] == "DENY"

    # Every other page keeps both.
    for path in ("/oystre-slidre/offers", "/oystre-slidre/openactive", "/api/services", "/"):
        other = client.get(path)
        assert _frame_ancestors(other) == "frame-ancestors 'none'", path
        assert other.headers["X-Frame-Options"] == "DENY", path


def test_the_embed_shows_this_weeks_offers_in_the_municipalitys_standard_and_colour(
    client, ctx, oystre_slidre, municipalities, clock
):
    heggenes = make_location(oystre_slidre, place="Heggenes")
    beitostolen = make_location(oystre_slidre, place="Beitostølen")
    # The clock stands on Wednesday 16 September 2026; Tuesdays and Thursdays come within the week.
    walk = make_offer(oystre_slidre, category="walking", days=("TH",), location_id=heggenes.id, title_nn="Gågruppa")
    gym = make_offer(oystre_slidre, category="training", days=("TU",), location_id=beitostolen.id, title_nn="Trim")
    later = make_offer(oystre_slidre, category="training", dtstart=date(2026, 10, 1), title_nn="Seinare")
    make_offer(oystre_slidre, category="training", published=False, title_nn="Utkast")
    make_offer(municipalities["gausdal"], category="training", title_nn="Gausdal-trim")

    page = client.get("/oystre-slidre/embed/offers").get_data(as_text=True)
    assert '<html lang="nn"' in page and "Tilbod denne veka i Øystre Slidre" in page
    titles = re.findall(r'target="_blank" rel="noopener">([^<]+)</a>', page)
    assert titles[:2] == ["Trim", "Gågruppa"] or titles[:2] == ["Gågruppa", "Trim"]
    assert {"Seinare", "Utkast", "Gausdal-trim"}.isdisjoint(titles)
    assert "torsdag 17. september 2026 kl. 10.00" in page
    assert f"/oystre-slidre/offers/{walk.id}" in page and later.id != gym.id

    by_kind = client.get("/oystre-slidre/embed/offers?category=walking").get_data(as_text=True)
    assert "Gågruppa" in by_kind and ">Trim<" not in by_kind
    by_place = client.get("/oystre-slidre/embed/offers?place=Beitostølen").get_data(as_text=True)
    assert ">Trim<" in by_place and "Gågruppa" not in by_place

    colours = client.get("/oystre-slidre/embed/colours.css")
    assert colours.mimetype == "text/css" and "--embed-colour: #7a1f3d" in colours.get_data(as_text=True)
    assert "/oystre-slidre/embed/colours.css" in page
    assert "--embed-colour: #1e5a8c" in client.get("/gausdal/embed/colours.css").get_data(as_text=True)

    bad = client.get("/oystre-slidre/embed/offers?category=nonsense")
    assert bad.status_code == 400 and "Lenkja til denne lista er ikkje rett" in bad.get_data(as_text=True)


def test_the_editor_copies_one_iframe(client, ctx, oystre_slidre):
    editor = make_user((Role.EDITOR,), oystre_slidre)
    login(client, editor)
    response = client.get("/oystre-slidre/offers/manage/embed?category=walking")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    box = html.unescape(re.search(r'<textarea[^>]*id="snippet"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    assert box.startswith('<iframe src="http://localhost/oystre-slidre/embed/offers?category=walking"')
    assert box.count("<") == 2 and "<script" not in box  # one iframe, nothing else
    assert "https://www.oystre-slidre.kommune.no" in page
    assert "/offers/manage/embed/settings" not in page  # editors do not change the list
    assert client.get("/oystre-slidre/offers/manage/embed?place=Nowhere").status_code == 400
    assert client.get("/oystre-slidre/offers/manage/embed/settings").status_code == 403
    assert client.get("/gausdal/offers/manage/embed").status_code == 403  # another municipality


def test_citizens_cannot_reach_the_editor_or_administrator_pages(client, ctx, oystre_slidre):
    login(client, make_user((Role.CITIZEN,), oystre_slidre))
    assert client.get("/oystre-slidre/offers/manage/embed").status_code == 403
    assert client.post("/oystre-slidre/offers/manage/embed/settings", data={"origins": ""}).status_code == 403


def test_the_administrator_lists_the_websites(client, ctx, oystre_slidre):
    login(client, make_user(((Role.ADMINISTRATOR, oystre_slidre),), oystre_slidre))
    assert client.get("/oystre-slidre/offers/manage/embed/settings").status_code == 200

    typed = "https://www.oystre-slidre.kommune.no/\nhttps://www.example.no/sti"
    response = client.post("/oystre-slidre/offers/manage/embed/settings", data={"origins": typed, "colour": "#ffff00"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "https://www.example.no/sti er ikkje slik" in page  # names the line that is wrong
    assert "Fargen er for lys til tekst på kvitt" in page
    assert html.escape(typed, quote=False) in page and 'value="#ffff00"' in page  # kept as typed
    db.session.refresh(oystre_slidre)
    assert oystre_slidre.embed_colour == "#7a1f3d"

    response = client.post(
        "/oystre-slidre/offers/manage/embed/settings",
        data={"origins": "HTTPS://Www.Oystre-Slidre.Kommune.no/\nhttps://nettstad.example", "colour": "#004d40"},
    )
    assert response.status_code == 302
    db.session.refresh(oystre_slidre)
    assert embed.origins(oystre_slidre) == ["https://www.oystre-slidre.kommune.no", "https://nettstad.example"]
    framed = client.get("/oystre-slidre/embed/offers")
    assert _frame_ancestors(framed) == "frame-ancestors https://www.oystre-slidre.kommune.no https://nettstad.example"


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        ("https://www.kommune.no", "https://www.kommune.no"),
        ("https://www.kommune.no/", "https://www.kommune.no"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("https://www.kommune.no/side", None),
        ("ftp://www.kommune.no", None),
        ("www.kommune.no", None),
        ("https://user@www.kommune.no", None),
        ("https://*.kommune.no", None),
        ("https://www.kommune.no;script-src", None),
        ("https://www.kommune.no:99999", None),
    ],
)
def test_what_counts_as_a_website_address(typed, origin):
    assert embed.origin_of(typed) == origin


def test_time_of_day_in_the_list_is_oslo_time(client, ctx, oystre_slidre):
    make_offer(oystre_slidre, days=("TH",), at=time(18, 30), until=time(20, 0), title_nn="Kveldstrim")
    assert "kl. 18.30" in client.get("/oystre-slidre/embed/offers").get_data(as_text=True)
