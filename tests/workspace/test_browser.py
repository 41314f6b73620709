"""In a real browser: the allocation officer's journey from the start page, the counts refreshing
by themselves, and axe-core on every page this feature adds, in both standards."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.workspace.conftest import make_booking, make_signup, staff_user, today, weekly_offer
from webapp.accounts.models import Role
from webapp.respite.models import BookingStatus

pytestmark = pytest.mark.browser


def _pending(world, days: int):
    return make_booking(
        world.decision,
        world.unit,
        today() + timedelta(days=days),
        today() + timedelta(days=days + 2),
        BookingStatus.PENDING,
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_officer_approves_a_booking_from_the_start_page(browser, live_server, browser_app, world, javascript):
    _pending(world, 5)
    _pending(world, 10)
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=world.m, locale="nb")
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    log_in(page, live_server.url, officer.email, "/vestre-toten/")

    page.get_by_role("link", name="Arbeidsflate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbeidsflate")
    to_approve = page.get_by_role("link", name=re.compile("Bestillinger som venter på godkjenning"))
    expect(to_approve).to_have_text(re.compile(r"^\s*2\s"))
    to_approve.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bestillinger som venter på godkjenning")
    page.get_by_role("button", name=re.compile("^Godkjenn")).first.click()
    expect(page.get_by_text("Bestillingen er godkjent.")).to_be_visible()

    page.get_by_role("link", name="Arbeidsflate").click()
    expect(page.get_by_role("link", name=re.compile("Bestillinger som venter på godkjenning"))).to_have_text(
        re.compile(r"^\s*1\s")
    )
    context.close()


def test_counts_refresh_without_a_reload(browser, live_server, browser_app, world):
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=world.m, locale="nb")
    page = browser.new_page()
    page.clock.install()
    log_in(page, live_server.url, officer.email, "/vestre-toten/workspace")
    item = page.locator('[data-item="bookings"]')
    expect(item).to_have_text(re.compile(r"^\s*0\s"))
    page.evaluate("window.__same_page = true")
    _pending(world, 5)
    page.clock.fast_forward("01:01")
    expect(item).to_have_text(re.compile(r"^\s*1\s"))
    assert page.evaluate("window.__same_page") is True  # no reload happened
    page.close()


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_every_new_page_is_accessible(browser, live_server, browser_app, world, locale):
    offer = weekly_offer(world.m, title_nb="Trim på Raufoss", title_nn="Trim på Raufoss")
    make_signup(offer, "Berit Bakken", "41000001")
    make_signup(offer, "Arne Aas", "41000002")
    _pending(world, 5)
    user = staff_user(world.m, locale=locale)
    page = browser.new_page()
    base, slug, day = live_server.url, world.m.slug, today().isoformat()
    log_in(page, base, user.email, f"/{slug}/workspace")
    expect(page.locator("section.workspace-section")).to_have_count(4)
    assert_accessible(page)
    for path in (
        "/offers/manage/today",
        "/offers/manage/today/print",
        f"/offers/manage/{offer.id}/attendance?date={day}",
        f"/offers/manage/{offer.id}/attendance/print?date={day}",
        f"/offers/manage/{offer.id}/phones",
    ):
        page.goto(f"{base}/{slug}{path}")
        expect(page.locator("html")).to_have_attribute("lang", locale)
        assert_accessible(page)
    page.emulate_media(media="print")  # the print style: only the list, no header, menu or buttons
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("cell", name="Arne Aas")).to_be_visible()
    page.emulate_media(media="screen")
    page.goto(f"{base}/{slug}/offers/manage/{offer.id}/attendance?date={day}")
    page.get_by_label(re.compile("Berit Bakken")).check()
    page.get_by_role("button", name=re.compile("Lagre oppmøtet")).click()
    expect(page.get_by_text(re.compile("Oppmøtet er lagr"))).to_have_count(2)
    assert_accessible(page)
    page.goto(f"{base}/{slug}/offers/manage/{offer.id}/attendance?date=nonsense")
    assert_accessible(page)
    page.close()
