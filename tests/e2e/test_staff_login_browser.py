"""In a real browser through the municipality's own provider (tests/staff_provider.mjs): an
allocation officer who logs in without a second factor is refused, and the page says why."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import staff_provider
from tests.a11y import assert_accessible
from tests.factories import make_municipality, make_user
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
