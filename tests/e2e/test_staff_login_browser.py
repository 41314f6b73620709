"""In a real browser through the municipality's own provider (tests/staff_provider.mjs): an
allocation officer who logs in without a second factor is refused, and the page says why; an
administrator switches e-mail login off for staff, and the login page sends staff to their own."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import staff_provider
from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import PASSWORD, make_municipality, make_user
from webapp.accounts.models import Role

pytestmark = pytest.mark.browser


def test_staff_without_mfa_are_refused(page, live_server, browser_app, ctx, monkeypatch):
    municipality = make_municipality(name="Fjellkommune")
    make_user(roles=((Role.ALLOCATION_OFFICER, municipality),), email="tildeling@fjell.example")
    with staff_provider.running([f"{live_server.url}/staff/callback"]) as issuer:
        monkeypatch.setitem(browser_app.config, "STAFF_PROVIDERS", staff_provider.settings(municipality.slug, issuer))
        page.goto(f"{live_server.url}/login")
        page.get_by_role("link", name="Logg inn for ansatte").click()
        assert_accessible(page)
        page.get_by_role("link", name="Logg inn med jobbkonto i Fjellkommune").click()
        page.get_by_label("E-post").fill("tildeling@fjell.example")
        page.get_by_role("button", name="Logg inn").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Du er ikke logget inn")
        expect(page.locator("#staff-refused")).to_have_text(re.compile("to faktorer"))
        expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)
        assert_accessible(page)

        # With the second factor the same person gets in.
        page.get_by_role("link", name="Logg inn for ansatte").click()
        page.get_by_role("link", name="Logg inn med jobbkonto i Fjellkommune").click()
        page.get_by_label("E-post").fill("tildeling@fjell.example")
        page.get_by_label("Kode frå appen").check()
        page.get_by_role("button", name="Logg inn").click()
        expect(page.get_by_role("button", name="Logg ut")).to_be_visible()


def test_an_administrator_switches_password_login_off_for_staff(page, live_server, browser_app, ctx, monkeypatch):
    municipality = make_municipality(name="Dalkommune", default_locale="nn")
    monkeypatch.setitem(
        browser_app.config,
        "STAFF_PROVIDERS",
        staff_provider.settings(municipality.slug, "https://login.dal.example/v2.0"),
    )
    admin = make_user(roles=((Role.ADMINISTRATOR, municipality),), locale="nn")
    officer = make_user(roles=((Role.ALLOCATION_OFFICER, municipality),), locale="nn")
    log_in(page, live_server.url, admin.email, f"/{municipality.slug}/admin/login-methods")
    assert_accessible(page)
    page.get_by_label("Tilsette kan logge inn med e-post og passord").uncheck()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Måtane å logge inn på er lagra.")).to_be_visible()
    expect(page.get_by_label("Tilsette kan logge inn med e-post og passord")).not_to_be_checked()
    page.get_by_role("button", name="Logg ut").click()

    page.goto(f"{live_server.url}/login")
    page.get_by_label("E-post").fill(officer.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile("ber (ansatte|tilsette) logge inn med jobbkontoen"))
    expect(page.locator("#login-elsewhere").get_by_role("link")).to_have_attribute("href", "/staff/login")
    assert_accessible(page)
