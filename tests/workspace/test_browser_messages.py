"""In a real browser, in both standards and checked with axe-core: the administrator sends a dead
message again from the workspace, and an organiser removes a suspicious sign-up (issue 11)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.workspace.conftest import weekly_offer
from webapp.accounts.models import Role
from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications.models import OutboxMessage
from webapp.offers import signups

pytestmark = pytest.mark.browser
TEXT = {
    "nn": {
        "link": "1 melding kunne ikkje sendast",
        "heading": "Meldingar som ikkje kunne sendast",
        "again": "Send på nytt til k•••@example.no",
        "done": "Meldinga er tilbake i køen",
        "remove": "Fjern Besøk phish.example",
        "removed": "er fjerna frå lista",
    },
    "nb": {
        "link": "1 melding kunne ikke sendes",
        "heading": "Meldinger som ikke kunne sendes",
        "again": "Send på nytt til k•••@example.no",
        "done": "Meldingen er tilbake i køen",
        "remove": "Fjern Besøk phish.example",
        "removed": "er fjernet fra listen",
    },
}


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_the_administrator_sends_a_dead_message_again(browser, live_server, browser_app, world, locale):
    db.session.add(
        OutboxMessage(
            channel="email",
            recipient="kari@example.no",
            subject="Vel eit nytt passord",
            body="Hei\n",
            attempts=30,
            last_error="SMTPRecipientsRefused: kari@example.no",
            dead_at=utcnow() - timedelta(minutes=5),
        )
    )
    db.session.commit()
    admin = make_user(roles=(Role.ADMINISTRATOR,), locale=locale)
    page = browser.new_page()
    log_in(page, live_server.url, admin.email, f"/{world.m.slug}/workspace")
    page.get_by_role("link", name=TEXT[locale]["link"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXT[locale]["heading"])
    assert_accessible(page)
    page.get_by_role("button", name=TEXT[locale]["again"]).click()
    expect(page.get_by_text(re.compile(TEXT[locale]["done"]))).to_be_visible()
    assert_accessible(page)
    page.close()


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_an_organiser_removes_a_suspicious_sign_up(browser, live_server, browser_app, world, locale):
    offer = weekly_offer(world.m, capacity=1)
    signups.sign_up(offer.id, signups.Person(name="Besøk phish.example", phone="41000001"))
    signups.sign_up(offer.id, signups.Person(name="Berit Bakken", phone="41000002"))
    coordinator = make_user(roles=((Role.VOLUNTEER_COORDINATOR, world.m),), locale=locale)
    page = browser.new_page()
    log_in(page, live_server.url, coordinator.email, f"/{world.m.slug}/offers/manage/{offer.id}/signups")
    assert_accessible(page)
    page.get_by_role("button", name=TEXT[locale]["remove"]).click()
    assert_accessible(page)  # it asks first
    page.get_by_role("button", name=re.compile("Ja, gj(e|ø)r det")).click()
    expect(page.get_by_text(re.compile(TEXT[locale]["removed"]))).to_be_visible()
    expect(page.get_by_role("cell", name="Berit Bakken", exact=True)).to_be_visible()
    assert_accessible(page)
    page.close()
