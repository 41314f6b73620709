"""In a real browser: a coordinator goes from the workspace to "Hjelp på telefon", registers a caller
without e-mail and registers them as a volunteer; the pages pass axe, and the caller later sees on
Mine sider who did it and how."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user, password_hash
from webapp.accounts.models import Role, User
from webapp.extensions import db
from webapp.volunteers.roles import ensure_roles

pytestmark = pytest.mark.browser


def test_a_coordinator_helps_a_caller(page, live_server, browser_app, municipalities, ctx, clock):
    ensure_roles()
    db.session.commit()
    oystre = municipalities["oystre-slidre"]
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, oystre),), name="Kari Koordinator", locale="nn")
    log_in(page, live_server.url, coordinator.email, "/oystre-slidre/workspace")
    page.get_by_role("link", name="Hjelp på telefon").click()
    assert_accessible(page)

    page.get_by_label("Namn", exact=True).fill("Astrid Telefon")
    page.get_by_label("Mobilnummer").fill("912 34 567")
    page.get_by_role("button", name="Registrer personen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Astrid Telefon")
    assert_accessible(page)

    page.locator("form[action$='/volunteer'] input[type=checkbox][name=roles]").first.check()
    page.get_by_label("Fødselsår").fill(str(clock.today.year - 72))
    page.get_by_label(re.compile("Personen sa ja på telefonen")).check()
    page.get_by_role("button", name="Registrer som frivillig").click()
    expect(page.get_by_text("Astrid Telefon er registrert som frivillig.")).to_be_visible()
    expect(page.locator("#done ~ ul")).to_contain_text("Registrerte deg som frivillig")
    assert_accessible(page)

    # Later Astrid gets a way in and sees what was done for her, by whom and how.
    astrid = db.session.query(User).filter_by(name="Astrid Telefon").one()
    astrid.email, astrid.password_hash, astrid.email_confirmed_at = "astrid@example.no", password_hash(), clock.now
    db.session.commit()
    page.get_by_role("button", name="Logg ut").click()
    log_in(page, live_server.url, "astrid@example.no", "/my-pages")
    expect(page.locator("#done-by-phone ~ ul")).to_contain_text("Kari Koordinator, på telefon")
    assert_accessible(page)
