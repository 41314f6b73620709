"""Journeys in a real browser, in nynorsk (Øystre Slidre): apply → decision → book → cancel.
axe-core on every respite page, in both standards."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.mail import body
from tests.respite.conftest import make_decision, make_respite_unit, make_staff
from webapp.accounts.models import Role
from webapp.clock import today as oslo_today
from webapp.extensions import db
from webapp.respite import office
from webapp.respite.models import RespiteKind, StaffUnit

pytestmark = pytest.mark.browser


def log_out(page) -> None:
    page.get_by_role("button", name="Logg ut").click()


@pytest.fixture
def journey_world(ctx, municipalities):
    m = municipalities["oystre-slidre"]
    unit = make_respite_unit(m, places=3, name="Helsetunet avlasting")
    applicant = make_user(municipality=m, locale="nn", name="Per Pårørande")
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn", name="Tone Tildeling")
    staff = make_staff(m, unit, locale="nn")
    db.session.add(
        StaffUnit(
            user_id=staff.id,
            respite_unit_id=make_respite_unit(
                m, places=4, name="Barneavlastninga test", kind=RespiteKind.CHILD_HOME
            ).id,
        )
    )
    db.session.commit()
    return m, unit, applicant, officer, staff


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_apply_decide_book_and_cancel(browser, live_server, browser_app, smtp, monkeypatch, journey_world, javascript):
    monkeypatch.setitem(browser_app.config, "OUTBOX_SEND_AFTER_REQUEST", True)
    m, unit, applicant, officer, staff = journey_world
    base = live_server.url
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    check = assert_accessible if javascript else (lambda page: None)

    # The relative applies.
    page.goto(f"{base}/oystre-slidre/respite")
    expect(page.get_by_role("heading", level=1)).to_have_text("Avlasting for pårørande")
    check(page)
    log_in(page, base, applicant.email, "/oystre-slidre/respite")
    page.goto(f"{base}/oystre-slidre/respite")
    check(page)
    page.get_by_role("link", name="Søk om avlasting").click()
    check(page)
    page.get_by_role("button", name="Send søknaden").click()
    expect(page.get_by_role("heading", name="Rett opp dette")).to_be_visible()
    check(page)
    page.get_by_label("Namn på personen du hjelper").fill("Marit Mor")
    page.get_by_label("Fødselsår").fill("1941")
    page.get_by_label("Kva er du for personen?").fill("dotter")
    page.get_by_label("Kva hjelper du med i ei vanleg veke?").fill("Mat, medisinar og tilsyn om natta.")
    page.get_by_label("20 til 40 timar i veka").check()
    page.get_by_label("Opphald på sjukeheim eller helsetun").check()
    page.get_by_label("Personen eg hjelper, samtykkjer i at eg søkjer").check()
    page.get_by_label("Kven gav samtykket?").fill("Marit Mor")
    page.get_by_role("button", name="Send søknaden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søknaden er send")  # the receipt
    expect(page.locator("#processing-time")).to_have_text("Om lag 10 vekedagar")
    check(page)
    page.get_by_role("link", name="Sjå søknaden").click()
    expect(page.get_by_text("Status: Motteken")).to_be_visible()
    check(page)
    log_out(page)

    # The officer makes a decision of 4 nights per 4 weeks.
    log_in(page, base, officer.email, "/oystre-slidre/respite")
    page.goto(f"{base}/oystre-slidre/respite/office")
    check(page)
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_text("Marit Mor (1941)")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Gjer vedtak").click()
    page.get_by_label(re.compile("Helsetunet avlasting")).check()
    check(page)
    page.get_by_role("button", name="Registrer vedtaket").click()
    expect(page.get_by_text("Vedtaket er registrert")).to_be_visible()
    check(page)
    if javascript:
        for name in ("Skuleferiar", "Einingar og plassar", "Bestillingar som ventar på godkjenning"):
            page.get_by_role("link", name=name).click()
            check(page)
    log_out(page)

    # The relative books 2 nights and sees 2 of 4 left, and gets an e-mail.
    log_in(page, base, applicant.email, "/oystre-slidre/respite")
    page.goto(f"{base}/oystre-slidre/respite")
    page.get_by_role("link", name="Marit Mor").click()
    check(page)
    arrival = oslo_today() + timedelta(days=3)
    page.get_by_label("Ankomst").fill(arrival.isoformat())
    page.get_by_label("Avreise").fill((arrival + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Sjå kor mykje av kvoten det brukar").click()
    expect(page.get_by_text("Dette opphaldet brukar 2 døgn")).to_be_visible()
    page.get_by_role("button", name="Stadfest bestillinga").click()
    expect(page.get_by_text("Opphaldet er bestilt.")).to_be_visible()
    expect(page.get_by_text(re.compile("Du har 2 av 4 døgn att"))).to_be_visible()
    check(page)
    mail = smtp.wait_for(applicant.email)[-1]
    assert mail["Subject"] == "Avlasting bestilt" and "Marit Mor" in body(mail)

    # Change to one night, then cancel: the quota comes back.
    page.get_by_role("link", name=re.compile("Endre")).click()
    check(page)
    page.get_by_label("Avreise").fill((arrival + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Lagre endringa").click()
    expect(page.get_by_text(re.compile("Du har 3 av 4 døgn att"))).to_be_visible()
    # Cancelling asks first (a page, not a script): just booked, it can be undone free of charge.
    page.get_by_role("link", name=re.compile("Angre bestillinga")).click()
    expect(page.get_by_text(re.compile("kan angre gratis"))).to_be_visible()
    check(page)
    page.get_by_role("button", name="Ja, avbestill opphaldet").click()
    expect(page.get_by_text("Opphaldet er avbestilt, og du har fått kvoten tilbake.")).to_be_visible()
    # The calendar may show two quota periods; the first is the one the stay was in.
    expect(page.get_by_text(re.compile("Du har 4 av 4 døgn att")).first).to_be_visible()
    page.get_by_role("link", name="Tilbake til avlasting").click()
    page.get_by_role("link", name="Sjå kven som har sett på opplysningane dine").click()
    expect(page.get_by_role("cell", name="Tone Tildeling").first).to_be_visible()
    check(page)
    if javascript:  # unit staff with two units, in nynorsk
        log_out(page)
        log_in(page, base, staff.email, "/oystre-slidre/respite")
        page.goto(f"{base}/oystre-slidre/respite/unit")
        check(page)
        page.get_by_role("link", name="Helsetunet avlasting").click()
        check(page)
    context.close()


def test_every_staff_page_is_accessible_in_bokmal(browser, live_server, browser_app, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    unit = make_respite_unit(m, places=2, name="Helsetunet avlasting")
    relative = make_user(roles=(Role.RELATIVE,), municipality=m, locale="nb")
    decision = make_decision(m, [unit], [relative], needs_approval=True)
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nb")
    staff = make_staff(m, unit, locale="nb")
    application = office.apply(
        relative,
        m,
        office.ApplicationData(
            receiver_name="Kari Mor",
            receiver_birth_year=1944,
            relation="datter",
            care_work="Mat og tilsyn",
            hours_per_week="10-20",
            what_would_help="",
            kind_wanted="day",
            consent="self",
            consent_by="Kari Mor",
        ),
    )
    base = live_server.url
    page = browser.new_page()

    page.goto(f"{base}/oystre-slidre/respite")
    page.get_by_role("button", name="Bokmål").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avlastning for pårørende")
    assert_accessible(page)
    log_in(page, base, relative.email, "/oystre-slidre/respite")
    for path in (
        "/oystre-slidre/respite",
        f"/oystre-slidre/respite/decisions/{decision.id}",
        "/oystre-slidre/respite/apply",
        "/oystre-slidre/respite/who-has-looked",
        f"/oystre-slidre/respite/applications/{application.id}",
    ):
        page.goto(base + path)
        assert_accessible(page)
    arrival = oslo_today() + timedelta(days=2)
    page.goto(f"{base}/oystre-slidre/respite/decisions/{decision.id}")
    page.get_by_label("Ankomst").fill(arrival.isoformat())
    page.get_by_label("Avreise").fill((arrival + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Bekreft bestillingen").click()
    expect(page.get_by_text("venter på godkjenning fra enheten")).to_be_visible()
    expect(page.get_by_text(re.compile("Du har 3 av 4 døgn igjen"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Endre")).click()
    assert_accessible(page)
    log_out(page)

    log_in(page, base, officer.email, "/oystre-slidre/respite")
    for path in (
        "/oystre-slidre/respite/office",
        "/oystre-slidre/respite/office/decisions/new",
        f"/oystre-slidre/respite/office/decisions/{decision.id}",
        f"/oystre-slidre/respite/office/applications/{application.id}",
        "/oystre-slidre/respite/office/holidays",
        "/oystre-slidre/respite/office/units",
        "/oystre-slidre/respite/office/bookings",
    ):
        page.goto(base + path)
        assert_accessible(page)
    log_out(page)

    log_in(page, base, staff.email, "/oystre-slidre/respite")
    page.goto(f"{base}/oystre-slidre/respite/unit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Helsetunet avlasting")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Godkjenn")).click()
    expect(page.get_by_text("Bestillingen er godkjent.")).to_be_visible()
    page.close()
