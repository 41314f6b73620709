"""Pages through the test client: htmx fragment, detail, calendar files, poster, editors, bad input."""

from __future__ import annotations

import io
import json
import re

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, login, make_user
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.offers.models import Offer, SignUp


def test_list_page_and_htmx_fragment(client, demo_offers):
    page = client.get("/oystre-slidre/offers?q=trim&walking_aid=without")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html and 'hx-push-url="true"' in html
    assert "Sterk og stødig – Heggenes" in html and "Trimgruppe med ganghjelpemiddel" not in html
    fragment = client.get("/oystre-slidre/offers?q=trim&walking_aid=without", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and body.lstrip().startswith('<section id="results"')
    assert "Sterk og stødig – Heggenes" in body and "HX-Request" in fragment.headers["Vary"]
    restored = client.get(
        "/oystre-slidre/offers?q=trim&walking_aid=without",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restored.get_data(as_text=True)  # the back button gets the whole page


def test_detail_has_sessions_json_ld_and_signup_form(client, demo_offers):
    offer_id = _id("Sterk og stødig – Heggenes")
    html = client.get(f"/oystre-slidre/offers/{offer_id}").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Event" and data["eventSchedule"]["byDay"] == ["TU"]
    assert data["location"]["address"]["streetAddress"] == "Moavegen 25"
    assert html.count("<time ") == 8 and 'name="phone"' in html
    assert ' style="' not in html


def test_offer_of_another_region_is_404(client, demo_offers):
    assert client.get(f"/vestre-toten/offers/{_id('Sittedans')}").status_code == 404
    assert client.get("/oystre-slidre/offers/999999").status_code == 404


def test_ics_feed_and_qr(client, demo_offers):
    offer_id = _id("Sterk og stødig – Heggenes")
    ics = client.get(f"/oystre-slidre/offers/{offer_id}.ics")
    assert ics.mimetype == "text/calendar" and ics.data.count(b"BEGIN:VEVENT") == 26
    assert b"SUMMARY:Sterk og st" in ics.data
    feed = client.get("/oystre-slidre/offers/calendar.ics")
    assert feed.status_code == 200 and b"Sittedans" in feed.data
    qr = client.get(f"/oystre-slidre/offers/{offer_id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    poster = client.get(f"/oystre-slidre/offers/{offer_id}/poster").get_data(as_text=True)
    assert f"/oystre-slidre/offers/{offer_id}/qr.svg" in poster and ' style="' not in poster


def test_sign_up_through_the_form_and_cancel_link(client, demo_offers):
    offer_id = _id("Sterk og stødig – Heggenes")
    response = client.post(
        f"/oystre-slidre/offers/{offer_id}",
        data={"name": "Olav", "phone": "91234567", "session": "", "needs_escort": "y"},
    )
    assert response.status_code == 303  # Post/Redirect/Get: the receipt has its own address
    receipt = client.get(response.headers["Location"])
    html = receipt.get_data(as_text=True)
    assert receipt.status_code == 200
    link = re.search(r'href="(http://[^"]+/offers/cancel/[^"]+)"', html).group(1)
    path = link.split("localhost", 1)[1]
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(SignUp.status)) == "cancelled"
    assert client.post(path).status_code == 400  # used


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "x" * 5000,
        "q=%3Cscript%3Ealert(1)%3C/script%3E",
        "category=nope",
        "level=abc",
        "level=99",
        "page=-1",
        "page=abc",
        "page=99999999999",
        "weekday=XX",
        "time_of_day=night",
        "place=%00",
        "walking_aid=maybe",
        "free=1&free=2",
        "q=%25%25_%5C",
    ],
)
def test_bad_filters_never_500(client, demo_offers, query):
    response = client.get(f"/oystre-slidre/offers?{query}")
    assert response.status_code in (200, 400)
    assert "<script>alert(1)" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": "A" * 500, "phone": "1"},
        {"name": "Ola", "phone": "91234567", "session": "not-a-date"},
        {"name": "Ola", "phone": "91234567", "session": "2020-01-01T09:00:00+00:00"},
        {"name": "Ola\x00", "phone": "91234567"},
        {"name": "Ola", "phone": "91234567", "email": "nope"},
    ],
)
def test_bad_sign_up_never_500(client, demo_offers, data):
    response = client.post(f"/oystre-slidre/offers/{_id('Sterk og stødig – Heggenes')}", data=data)
    assert 400 <= response.status_code < 500


def test_guide_and_bad_guide_input(client, demo_offers):
    html = client.get("/vestre-toten/guide?interest=help&coping=most").get_data(as_text=True)
    assert "Tildeling og koordinering" in html and "61 15 33 00" in html
    assert client.get("/vestre-toten/guide?interest=%3Cb%3E").status_code == 400
    assert client.get("/vestre-toten/cancel").status_code == 404


def test_bad_cancel_token(client, demo_offers):
    assert client.get("/offers/cancel/garbage").status_code == 400
    assert client.post("/offers/cancel/garbage").status_code == 400


def _id(title: str) -> int:
    return db.session.scalar(select(Offer.id).where(Offer.title_nb == title))


def _form(**overrides) -> dict:
    data = {
        "title_nb": "Seniordans",
        "title_nn": "Seniordans",
        "description_nb": "Dans for seniorer.",
        "description_nn": "Dans for seniorar.",
        "category": "dance",
        "status": "active",
        "join_mode": "sign_up",
        "target_group": "seniors",
        "walking_aid": "any",
        "price_nok": "0",
        "capacity": "8",
        "weekdays": ["TU", "TH"],
        "interval": "2",
        "opens_at": "10:00",
        "closes_at": "11:00",
        "dtstart": "2026-01-06",
        "exdates": "2026-12-24\n2026-12-31",
        "skip_public_holidays": "y",
    }
    data.update(overrides)
    return data


def test_editor_creates_previews_and_publishes(client, ctx, demo_offers):
    m = demo_offers["oystre-slidre"]
    editor = make_user(roles=(Role.EDITOR,), municipality=m)
    login(client, editor)
    response = client.post("/oystre-slidre/offers/manage/new", data=_form(title_nn=""))
    assert response.status_code == 302
    offer = db.session.scalar(select(Offer).where(Offer.title_nb == "Seniordans"))
    assert not offer.published and offer.schedule.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH"
    assert offer.schedule.exdates == "2026-12-24,2026-12-31"
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Title in nynorsk" in preview or "Tittel på nynorsk" in preview
    assert client.post(f"/oystre-slidre/offers/manage/{offer.id}/publish").status_code == 302
    db.session.expire_all()
    assert not db.session.get(Offer, offer.id).published  # nynorsk title still missing
    client.post(f"/oystre-slidre/offers/manage/{offer.id}", data=_form())
    client.post(f"/oystre-slidre/offers/manage/{offer.id}/publish")
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).published
    assert client.get(f"/oystre-slidre/offers/manage/{offer.id}/signups").status_code == 200
    assert client.get("/oystre-slidre/offers/manage").status_code == 200


@pytest.mark.parametrize(
    "overrides",
    [
        {"weekdays": []},
        {"weekdays": ["XX"]},
        {"opens_at": "25:99"},
        {"closes_at": "09:00"},
        {"dtstart": "yesterday"},
        {"exdates": "31.02.2026"},
        {"price_nok": "-5"},
        {"capacity": "many"},
        {"category": "nope"},
        {"level": "abc"},
        {"location": "999999"},
        {"title_nb": "x" * 1000},
    ],
)
def test_bad_editor_input_never_500(client, ctx, demo_offers, overrides):
    editor = make_user(roles=(Role.EDITOR,), municipality=demo_offers["oystre-slidre"])
    login(client, editor)
    response = client.post("/oystre-slidre/offers/manage/new", data=_form(**overrides))
    assert response.status_code == 400


def test_editor_cannot_use_another_municipalitys_place(client, ctx, demo_offers):
    editor = make_user(roles=(Role.EDITOR,), municipality=demo_offers["oystre-slidre"])
    login(client, editor)
    from webapp.offers.models import Location

    foreign = db.session.scalar(select(Location.id).where(Location.name == "HUSET"))
    response = client.post("/oystre-slidre/offers/manage/new", data=_form(location=str(foreign)))
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/oystre-slidre/offers/manage",
        "/oystre-slidre/offers/manage/new",
        "/oystre-slidre/offers/manage/{id}",
        "/oystre-slidre/offers/manage/{id}/preview",
        "/oystre-slidre/offers/manage/{id}/signups",
    ],
)
def test_only_editors_of_the_municipality(client, ctx, demo_offers, path):
    path = path.format(id=_id("Sittedans"))
    assert client.get(path).status_code == 302  # to the login page
    for user in (
        make_user(roles=(Role.CITIZEN,), municipality=demo_offers["oystre-slidre"]),
        make_user(roles=(Role.EDITOR,), municipality=demo_offers["vestre-toten"]),
    ):
        login(client, user)
        assert client.get(path).status_code == 403
        assert client.post(f"/oystre-slidre/offers/manage/{_id('Sittedans')}/publish").status_code == 403
        client.post("/logout")


def test_editor_cannot_reach_offers_of_another_municipality(client, ctx, demo_offers):
    editor = make_user(roles=(Role.EDITOR,), municipality=demo_offers["vestre-toten"])
    login(client, editor)
    assert client.get(f"/vestre-toten/offers/manage/{_id('Sittedans')}").status_code == 404


def test_cached_fragment_follows_catalogue_changes(client, ctx, municipalities):
    from tests.offers.conftest import make_offer

    m = municipalities["gausdal"]
    make_offer(m, title_nb="Første", title_nn="Første")
    htmx = {"HX-Request": "true"}
    assert "Første" in client.get("/gausdal/offers?q=f", headers=htmx).get_data(as_text=True)
    offer = make_offer(m, title_nb="Fjellturen", title_nn="Fjellturen")
    assert "Fjellturen" in client.get("/gausdal/offers?q=f", headers=htmx).get_data(as_text=True)
    offer.published = False
    db.session.commit()
    assert "Fjellturen" not in client.get("/gausdal/offers?q=f", headers=htmx).get_data(as_text=True)


def test_editor_adds_a_new_place(client, ctx, demo_offers):
    from webapp.offers.models import Location

    editor = make_user(roles=(Role.EDITOR,), municipality=demo_offers["oystre-slidre"])
    login(client, editor)
    response = client.post(
        "/oystre-slidre/offers/manage/new",
        data=_form(
            new_place_name="Volbu grendehus",
            new_place_address="Volbuvegen 3",
            new_place_area="Volbu",
            new_place_step_free="y",
            new_place_postal_code="2940",
            new_place_city="Heggenes",
            new_place_hearing_loop="y",
            new_place_transport_nn="Bussen stoppar ved huset.",
            new_place_transport_nb="Bussen stopper ved huset.",
            new_place_accessibility_nn="Rullestolrampe ved sida av trappa.",
            price_nok="30",
            price_note_nn="Kaffi er med i prisen.",
            price_note_nb="Kaffe er med i prisen.",
        ),
    )
    assert response.status_code == 302
    offer = db.session.scalar(select(Offer).where(Offer.title_nb == "Seniordans"))
    location = db.session.get(Location, offer.location_id)
    assert (location.name, location.place, location.step_free, location.municipality_id) == (
        "Volbu grendehus",
        "Volbu",
        True,
        demo_offers["oystre-slidre"].id,
    )
    assert (location.postal_code, location.city, location.hearing_loop, location.transport_nb) == (
        "2940",
        "Heggenes",
        True,
        "Bussen stopper ved huset.",
    )
    client.post(f"/oystre-slidre/offers/manage/{offer.id}/publish")
    facts = _facts(client.get(f"/oystre-slidre/offers/{offer.id}").get_data(as_text=True))
    for fact in (
        "Volbuvegen 3, 2940 Heggenes",
        "Teleslynge. Rullestolrampe ved sida av trappa.",
        "Slik kjem du dit Bussen stoppar ved huset.",
        "30 kroner – Kaffi er med i prisen.",
    ):
        assert fact in facts, fact
    bad = client.post("/oystre-slidre/offers/manage/new", data=_form(new_place_name="X", new_place_postal_code="29a0"))
    assert bad.status_code == 400


def test_pagination_links_keep_the_filters(client, ctx, municipalities):
    from tests.offers.conftest import make_offer

    for n in range(21):
        make_offer(municipalities["gausdal"], title_nb=f"Trim {n:02d}", title_nn=f"Trim {n:02d}")
    html = client.get("/gausdal/offers?q=trim&free=y").get_data(as_text=True)
    assert 'href="/gausdal/offers?page=2&amp;q=trim&amp;free=y"' in html and 'hx-get="/gausdal/offers?page=2' in html
    second = client.get("/gausdal/offers?page=2&q=trim&free=y").get_data(as_text=True)
    assert "Trim 20" in second and "Trim 00" not in second


def test_logged_in_person_signs_up_for_one_session(client, ctx, demo_offers):
    from webapp.offers.services import next_sessions

    person = make_user(municipality=demo_offers["oystre-slidre"], name="Inga Innbyggjar", phone="95555555", locale="nn")
    login(client, person)
    offer_id = _id("Sterk og stødig – Heggenes")
    form = client.get(f"/oystre-slidre/offers/{offer_id}").get_data(as_text=True)
    assert 'value="Inga Innbyggjar"' in form and 'value="95555555"' in form
    session = next_sessions(db.session.get(Offer, offer_id), 2)[1]
    response = client.post(
        f"/oystre-slidre/offers/{offer_id}",
        data={
            "name": "Inga Innbyggjar",
            "phone": "95555555",
            "email": person.email,
            "session": session.starts_at.isoformat(),
        },
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Du er påmeldt" in response.get_data(as_text=True)
    ics_link = re.search(r'href="([^"]+\.ics\?session=[^"]+)"', response.get_data(as_text=True)).group(1)
    ics = client.get(ics_link.replace("&amp;", "&")).data
    assert ics.count(b"BEGIN:VEVENT") == 1
    assert client.get(f"/oystre-slidre/offers/{offer_id}.ics?session=not-a-date").status_code == 400
    assert client.get(f"/oystre-slidre/offers/{offer_id}.ics?session=2020-01-07T09:00:00%2B00:00").status_code == 404
    db.session.expire_all()
    signup = db.session.scalar(select(SignUp))
    assert signup.user_id == person.id and signup.session.starts_at == session.starts_at
    again = client.post(
        f"/oystre-slidre/offers/{offer_id}",
        data={"name": "Inga Innbyggjar", "phone": "95555555", "session": session.starts_at.isoformat()},
    )
    assert again.status_code == 409 and 'id="already-signed-up"' in again.get_data(as_text=True)


def test_text_missing_in_one_standard_is_marked_with_its_language(client, ctx, municipalities):
    from tests.offers.conftest import make_offer

    offer = make_offer(municipalities["oystre-slidre"], title_nb="Bare på bokmål", title_nn="")
    html = client.get(f"/oystre-slidre/offers/{offer.id}").get_data(as_text=True)
    assert '<h1 class="ds-heading" data-size="lg" lang="nb">Bare på bokmål</h1>' in html


def test_the_cached_results_follow_a_change_at_once(client, ctx, municipalities):
    from datetime import time

    from tests.offers.conftest import make_offer

    offer = make_offer(municipalities["oystre-slidre"], title_nn="Morgontrim", title_nb="Morgentrim")
    url, htmx = "/oystre-slidre/offers?q=morgontrim", {"HX-Request": "true"}
    assert "10.00–11.00" in client.get(url, headers=htmx).get_data(as_text=True)
    offer = db.session.get(Offer, offer.id)
    offer.schedule.opens_at, offer.schedule.closes_at = time(12), time(13)  # only the schedule changes
    db.session.commit()
    assert "12.00–13.00" in client.get(url, headers=htmx).get_data(as_text=True)
    offer.published = False
    db.session.commit()
    assert "Morgontrim" not in client.get(url, headers=htmx).get_data(as_text=True)


def _facts(html: str) -> str:
    facts = re.search(r'<dl class="offer-facts">(.*?)</dl>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", facts).split())


def test_offer_page_has_every_fact_a_person_needs(client, demo_offers):
    cafe = _facts(client.get(f"/oystre-slidre/offers/{_id('Kaffe og vaffel på helsetunet')}").get_data(as_text=True))
    for fact in (
        "For kven For alle.",
        "Kvar måndag, onsdag og fredag kl. 12.00–14.00",
        "Moavegen 25, 2940 Heggenes",
        "Tilgjenge Trinnfri tilkomst. Teleslynge.",
        "Slik kjem du dit Buss til Heggenes sentrum",
        "Pris 20 kroner – 20 kroner for kaffi og vaffel",
        "Arrangør Øystre Slidre kommune (Kommunen)",
        "Slik blir du med Kom innom, inga påmelding",
        "Kontakt 61 35 25 00 postmottak@oystre-slidre.kommune.no",
    ):
        assert fact in cafe, fact
    assert "Status" not in cafe  # an active offer is as it should be: no internal status for citizens
    gimle = _facts(client.get(f"/vestre-toten/offers/{_id('Vestre Toten dagsenter, Gimle')}").get_data(as_text=True))
    assert "Krever vedtak fra tildelingskontoret" in gimle and "Tildeling og koordinering, 61 15 33 00" in gimle
    huset = _facts(
        client.get(f"/vestre-toten/offers/{_id('HUSET – lavterskel psykisk helse og rus')}").get_data(as_text=True)
    )
    assert "Det er trappetrinn ved inngangen." in huset and "Tildeling" not in huset
    new = _facts(client.get(f"/oystre-slidre/offers/{_id('Treffpunkt Heggenes')}").get_data(as_text=True))
    assert "Status Nytt" in new


def test_qr_code_encodes_the_offer_page(client, demo_offers):
    import qrcode
    import qrcode.image.svg

    offer_id = _id("Sittedans")
    expected = qrcode.make(
        f"http://localhost/oystre-slidre/offers/{offer_id}",
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
    )
    buffer = io.BytesIO()
    expected.save(buffer)
    assert client.get(f"/oystre-slidre/offers/{offer_id}/qr.svg").data == buffer.getvalue()


def test_municipality_feed_has_own_and_regional_offers_only(client, ctx, demo_offers):
    from tests.offers.conftest import make_offer

    make_offer(demo_offers["oystre-slidre"], title_nb="Hemmelig utkast", title_nn="Løyndt utkast", published=False)
    valdres = client.get("/oystre-slidre/offers/calendar.ics?lang=nb").data.decode()
    assert "Sittedans" in valdres and "Frisklivssentralen: samtale og trening" in valdres  # regional, Nord-Aurdal
    assert "Gimle" not in valdres and "utkast" not in valdres
    assert "BEGIN:VCALENDAR" in valdres and "X-WR-CALNAME:Øystre Slidre" in valdres
    assert "Sittedans" not in client.get("/vestre-toten/offers/calendar.ics").data.decode()


def test_guide_is_anonymous(client, demo_offers):
    from webapp.notifications.models import OutboxMessage

    before = (
        db.session.scalar(select(db.func.count()).select_from(SignUp)),
        db.session.scalar(select(db.func.count()).select_from(OutboxMessage)),
    )
    response = client.get("/oystre-slidre/guide?travel=helped&walking_aid=yes&interest=active&coping=little")
    assert response.status_code == 200 and "Trimgruppe med ganghjelpemiddel" in response.get_data(as_text=True)
    with client.session_transaction() as session:  # nothing about the answers is kept, not even in a cookie
        kept = repr(dict(session))
    assert not any(word in kept for word in ("travel", "helped", "walking_aid", "coping", "little"))
    db.session.expire_all()
    assert (
        db.session.scalar(select(db.func.count()).select_from(SignUp)),
        db.session.scalar(select(db.func.count()).select_from(OutboxMessage)),
    ) == before


def test_editor_sees_sign_ups_and_waiting_lists_per_session(client, ctx, demo_offers):
    from webapp.offers import signups
    from webapp.offers.services import next_sessions

    m = demo_offers["oystre-slidre"]
    offer = db.session.get(Offer, _id("Sterk og stødig – Heggenes"))
    offer.capacity = 1
    db.session.commit()
    session = next_sessions(offer, 1)[0]
    for name, when in (
        ("Aud Serie", None),
        ("Bjørn Venter", None),
        ("Cecilie Eingong", session.starts_at),
        ("Dag Eingong", session.starts_at),
    ):
        signups.sign_up(offer.id, signups.Person(name=name, phone=f"9{len(name):07d}{name[0]}"[:8], locale="nn"), when)
    login(client, make_user(roles=(Role.EDITOR,), municipality=m))
    html = client.get(f"/oystre-slidre/offers/manage/{offer.id}/signups").get_data(as_text=True)
    series, one_session = html.split("<section")[1:3]
    assert "Heile serien" in series and "Aud Serie" in series.split("Venteliste")[0]
    assert "Bjørn Venter" in series.split("Venteliste")[1]
    assert (
        "Cecilie Eingong" in one_session.split("Venteliste")[1] and "Dag Eingong" in one_session.split("Venteliste")[1]
    )


def test_drafts_in_the_editors_list_say_what_is_missing(client, ctx, demo_offers):
    login(client, make_user(roles=(Role.EDITOR,), municipality=demo_offers["oystre-slidre"]))
    client.post(
        "/oystre-slidre/offers/manage/new", data=_form(title_nn="", description_nb="", contact_name="Kari Kontakt")
    )
    html = client.get("/oystre-slidre/offers/manage").get_data(as_text=True)
    assert "Manglar: Tittel på nynorsk, Skildring på bokmål" in html
    offer = db.session.scalar(select(Offer).where(Offer.title_nb == "Seniordans"))
    assert offer.contact_name == "Kari Kontakt"
    preview = client.get(f"/oystre-slidre/offers/manage/{offer.id}/preview").get_data(as_text=True)
    assert "Kari Kontakt" in _facts(preview)


def test_writes_need_the_csrf_token(csrf_app, ctx, demo_offers):
    from webapp.offers import signups

    client = csrf_app.test_client()
    offer_id = _id("Sterk og stødig – Heggenes")
    refused = client.post(f"/oystre-slidre/offers/{offer_id}", data={"name": "Olav", "phone": "91234567"})
    assert refused.status_code == 400 and db.session.scalar(select(db.func.count()).select_from(SignUp)) == 0
    signup = signups.sign_up(offer_id, signups.Person(name="Olav", phone="91234567"))
    path = signups.cancel_link(signup).split("localhost", 1)[1]
    assert client.post(path).status_code == 400
    page = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(path, data={"csrf_token": token}).status_code == 200
    db.session.expire_all()
    assert db.session.get(SignUp, signup.id).status == "cancelled"
    editor = make_user(roles=(Role.EDITOR,), municipality=demo_offers["oystre-slidre"])
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert (
        client.post("/login", data={"email": editor.email, "password": PASSWORD, "csrf_token": token}).status_code
        == 302
    )
    assert client.post(f"/oystre-slidre/offers/manage/{_id('Sittedans')}/unpublish").status_code == 400
    db.session.expire_all()
    assert db.session.get(Offer, _id("Sittedans")).published


def test_a_paused_offer_says_so_and_takes_no_sign_ups(client, ctx, municipalities):
    from tests.offers.conftest import make_offer

    paused = make_offer(municipalities["vestre-toten"], join_mode="sign_up", capacity=5, status="paused")
    html = client.get(f"/vestre-toten/offers/{paused.id}").get_data(as_text=True)
    assert "Status Satt på pause" in _facts(html) and 'name="phone"' not in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert (
        client.post(f"/vestre-toten/offers/{paused.id}", data={"name": "Ola", "phone": "91234567"}).status_code == 400
    )
    listed = client.get("/vestre-toten/offers").get_data(as_text=True)
    assert "Satt på pause" in listed
