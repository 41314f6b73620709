"""In a real browser: the allocation office of Vestre Toten downloads the occupancy CSV, and
axe-core finds nothing on any report page, in nynorsk and bokmål."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.reports.conftest import make_session, make_signup, offers_setting, oslo
from tests.respite.conftest import make_decision, make_respite_unit
from webapp.accounts.models import Role
from webapp.database import utcnow
from webapp.extensions import db
from webapp.months import month_of
from webapp.reports.catalogue import REPORTS
from webapp.respite.models import Booking

pytestmark = pytest.mark.browser


def _book(municipality, unit, arrival: date, nights: int) -> None:
    decision = make_decision(municipality, [unit])
    db.session.add(
        Booking(
            decision_id=decision.id,
            respite_unit_id=unit.id,
            arrival=arrival,
            departure=arrival + timedelta(days=nights),
        )
    )
    db.session.commit()


def test_allocation_officer_downloads_the_occupancy_csv(page, live_server, browser_app, municipalities):
    toten = municipalities["vestre-toten"]
    unit = make_respite_unit(toten, places=4, name="Gimle testeining")
    tenth = month_of(utcnow()).replace(day=10)
    _book(toten, unit, tenth, 2)
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=toten, locale="nb")
    log_in(page, live_server.url, officer.email, "/vestre-toten/respite/office")

    page.get_by_role("link", name="Rapporter", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Rapporter")).to_be_visible()
    page.get_by_role("link", name="Belegg i avlastning").click()
    expect(page.get_by_role("table", name=re.compile("^Gimle testeining, "))).to_be_visible()
    expect(page.get_by_role("cell", name="10. 1 av 4")).to_be_visible()
    page.wait_for_function("() => document.querySelector('figure img').naturalWidth > 0")  # the SVG loads
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som CSV").click()
    assert download.value.suggested_filename.startswith("respite-occupancy-vestre-toten-")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    lines = text.splitlines()
    assert lines[0] == "Enhet;Dato;Opptatte plasser;Plasser"
    assert f"Gimle testeining;{tenth.isoformat()};1;4" in lines
    assert f"Gimle testeining;{(tenth + timedelta(days=1)).isoformat()};1;4" in lines
    assert f"Gimle testeining;{(tenth + timedelta(days=2)).isoformat()};0;4" in lines


def test_every_report_page_is_accessible_in_both_standards(page, live_server, browser_app, ctx):
    m, walk, dance, cafe, other = offers_setting()
    make_signup(walk, oslo(month_of(utcnow())))
    make_signup(walk, oslo(month_of(utcnow())), status="waiting")
    make_session(dance, oslo(month_of(utcnow())), present=2, absent=1, drop_ins=2)
    unit = make_respite_unit(m, places=4, name="Helsetunet")
    _book(m, unit, month_of(utcnow()).replace(day=3), 3)
    _book(m, unit, month_of(utcnow()).replace(day=4), 1)
    db.session.commit()
    admin = make_user(roles=(Role.ADMINISTRATOR,), locale=None)
    log_in(page, live_server.url, admin.email, f"/{m.slug}/reports")
    for language in ("Nynorsk", "Bokmål"):
        page.get_by_role("button", name=language).click()
        expect(page.locator("html")).to_have_attribute("lang", "nn" if language == "Nynorsk" else "nb")
        page.goto(f"{live_server.url}/{m.slug}/reports")
        assert_accessible(page)
        for kind in REPORTS:
            page.goto(f"{live_server.url}/{m.slug}/reports/{kind.slug}")
            expect(page.locator("figure img").first).to_be_visible()
            for image in page.locator("figure img").all():  # a report may have more than one chart
                expect(image).to_be_visible()
            assert_accessible(page)
        page.goto(f"{live_server.url}/{m.slug}/reports/volunteers?start=2026-13")
        expect(page.locator(".ds-error-summary")).to_be_visible()
        assert_accessible(page)
