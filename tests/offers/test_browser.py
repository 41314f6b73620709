"""Journeys in a real browser, with and without JavaScript, and axe on every page offers adds."""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.a11y import assert_accessible
from tests.factories import PASSWORD, make_user
from tests.mail import body, first_link
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.offers.models import Offer

pytestmark = pytest.mark.browser
TITLE = "Sterk og stødig – Heggenes"


@pytest.fixture
def one_place_left(ctx, demo_offers):
    offer = db.session.scalar(select(Offer).where(Offer.title_nb == TITLE))
    offer.capacity = 1
    db.session.commit()
    return offer.id


def _find_and_open(page, base: str, javascript: bool) -> None:
    page.goto(f"{base}/oystre-slidre/offers")
    page.get_by_role("searchbox", name="Søk").fill("trim")
    page.get_by_label("Ganghjelpemiddel").select_option(label="Eg brukar ikkje ganghjelpemiddel")
    if not javascript:
        page.get_by_role("button", name="Vis tilbod").click()
    results = page.locator("#results")
    results.get_by_role("link", name=TITLE).wait_for()
    if javascript:
        page.wait_for_url(re.compile(r"q=trim.*walking_aid=without|walking_aid=without.*q=trim"))
        # The URL keeps the state: back restores the page before the filter, forward the filtered one.
        page.go_back()
        page.wait_for_url(f"{base}/oystre-slidre/offers")
        page.get_by_role("heading", level=1, name="Tilbod og aktivitetar").wait_for()
        page.go_forward()
        expect(page.get_by_role("searchbox", name="Søk")).to_have_value("trim")
        page.get_by_role("heading", level=1, name="Tilbod og aktivitetar").wait_for()
    expect(results.get_by_role("link", name=re.compile("ganghjelpemiddel"))).to_have_count(0)
    results.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", level=1, name=TITLE).wait_for()


def _sign_up(page, name: str, phone: str, email: str) -> None:
    page.get_by_label("Namn").fill(name)
    page.get_by_label("Telefon").fill(phone)
    page.get_by_label("E-post").fill(email)
    page.get_by_role("button", name=re.compile("Meld meg på|Set meg på venteliste")).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_citizen_signs_up_is_replaced_and_the_next_is_promoted(
    browser, browser_app, live_server, smtp, monkeypatch, one_place_left, javascript, tmp_path
):
    monkeypatch.setitem(browser_app.config, "OUTBOX_SEND_AFTER_REQUEST", True)
    first = browser.new_context(java_script_enabled=javascript, accept_downloads=True).new_page()
    _find_and_open(first, live_server.url, javascript)
    if javascript:
        assert_accessible(first)
    _sign_up(first, "Astrid Aasen", "91111111", "astrid@example.no")
    first.get_by_role("heading", level=1, name="Du er påmeldt").wait_for()
    if javascript:
        assert_accessible(first)
    with first.expect_download() as download:
        first.get_by_role("link", name="Legg til i kalenderen (.ics)").click()
    ics = Path(download.value.path()).read_text()
    assert "BEGIN:VEVENT" in ics and "Sterk og stødig" in ics

    second = browser.new_context(java_script_enabled=javascript).new_page()
    second.goto(first.url.split("/offers/")[0] + "/offers/" + str(one_place_left))
    _sign_up(second, "Berit Bakke", "92222222", "berit@example.no")
    second.get_by_role("heading", level=1, name="Du står på venteliste").wait_for()
    if javascript:
        assert_accessible(second)

    confirmation = smtp.wait_for("astrid@example.no")[0]
    first.goto(first_link(confirmation))
    if javascript:
        assert_accessible(first)
    first.get_by_role("button", name="Ja, avbestill plassen min").click()
    first.get_by_text("er avbestilt").wait_for()
    if javascript:
        assert_accessible(first)
    promoted = smtp.wait_for("berit@example.no", count=2)[-1]
    assert "Du har fått plass" in str(make_header(decode_header(promoted["Subject"])))
    assert "han er din" in body(promoted)
    first.context.close()
    second.context.close()


def test_guide_in_bokmal_leads_to_offers_and_the_allocation_office(page, browser_app, live_server, demo_offers):
    page.goto(f"{live_server.url}/vestre-toten/guide")
    assert_accessible(page)
    page.get_by_label("Hjelp til gjøremål hjemme").check()
    page.get_by_label("Jeg trenger hjelp det meste av tiden").check()
    page.get_by_role("button", name="Vis hva som passer for meg").click()
    page.get_by_role("heading", name="Snakk med tildelingskontoret").wait_for()
    assert page.get_by_text("Tildeling og koordinering").is_visible()
    page.get_by_role("link", name="Vestre Toten dagsenter, Gimle").click()
    page.get_by_role("heading", level=1, name="Vestre Toten dagsenter, Gimle").wait_for()
    assert_accessible(page)


def _switch(page, standard: str) -> None:
    page.get_by_role("button", name=standard).click()
    page.wait_for_load_state()


def test_every_offers_page_is_accessible_in_both_standards(page, browser_app, live_server, ctx, demo_offers):
    m = demo_offers["oystre-slidre"]
    editor = make_user(roles=(Role.EDITOR,), municipality=m)
    offer_id = db.session.scalar(select(Offer.id).where(Offer.title_nb == TITLE))
    base = f"{live_server.url}/oystre-slidre"
    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-post").fill(editor.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    pages = [
        f"{base}/offers",
        f"{base}/offers?q=zzzz",
        f"{base}/offers/{offer_id}",
        f"{base}/offers/{offer_id}/poster",
        f"{base}/guide?travel=alone&interest=active",
        f"{base}/offers/manage",
        f"{base}/offers/manage/new",
        f"{base}/offers/manage/{offer_id}",
        f"{base}/offers/manage/{offer_id}/preview",
        f"{base}/offers/manage/{offer_id}/signups",
        f"{live_server.url}/offers/cancel/not-a-valid-link",
        f"{base}/guide?interest=%3Cb%3E",
    ]
    for standard, lang in (("Nynorsk", "nn"), ("Bokmål", "nb")):
        page.goto(pages[0])
        _switch(page, standard)
        for url in pages:
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == lang
            assert_accessible(page)
    page.goto(f"{base}/offers/manage/new")
    page.get_by_role("button", name="Lagre og forhåndsvis").click()
    assert_accessible(page)  # the form with its error summary


def test_sign_up_and_cancel_pages_in_bokmal_are_accessible(page, browser_app, live_server, demo_offers):
    offer_id = db.session.scalar(select(Offer.id).where(Offer.title_nb == "Seniortrim på Raufosstun"))
    page.goto(f"{live_server.url}/vestre-toten/offers/{offer_id}")
    page.get_by_role("button", name="Meld meg på").click()  # nothing filled in: the errors are shown
    page.get_by_role("link", name="Skriv navnet ditt.").wait_for()
    assert_accessible(page)
    page.get_by_label("Jeg trenger noen å følges med eller transport").check()
    page.get_by_label("Navn").fill("Kari Nordmann")
    page.get_by_label("Telefon").fill("93333333")
    page.get_by_role("button", name="Meld meg på").click()
    page.get_by_role("heading", level=1, name="Du er påmeldt").wait_for()
    assert page.get_by_text("Frivilligsentralen tar kontakt").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Avbestill plassen min").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, avbestill plassen min").click()
    page.get_by_text("er avbestilt").wait_for()
    assert_accessible(page)
