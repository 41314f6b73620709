"""On a phone (390 × 844), with and without JavaScript, in nynorsk and bokmål: a citizen finds an
offer, signs up, reads the receipt and cancels the place from Mine sider. Every page fits the
screen's width and has no axe violations."""

from __future__ import annotations

from datetime import time

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.factories import PASSWORD, make_user
from tests.offers.conftest import make_location, make_offer
from webapp.extensions import db
from webapp.offers.models import SignUp

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCRIPTS = [True]  # whether the journey's browser runs JavaScript


def _fits_and_accessible(page) -> None:
    if not SCRIPTS[0]:  # without scripts nothing can measure the page or run axe;
        return  # the same HTML and CSS are measured in the journey with scripts
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url
    assert_accessible(page)


def journey(page, base: str, locale: str, email: str) -> None:
    # Logging in as tests.browser.log_in does, though on a phone "Logg ut" sits behind "Meny".
    page.goto(f"{base}/login?next=/oystre-slidre/offers")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/oystre-slidre/offers")
    expect(page.locator("#filter-hits")).to_be_visible()  # "Filtrer (n treff)": the filters are folded
    expect(page.locator(".offer-filters__body")).to_be_hidden()
    _fits_and_accessible(page)
    page.locator(".offer-filters__fold > summary").click()
    expect(page.locator(".offer-filters__body")).to_be_visible()
    page.locator("#q").fill("stødig")
    page.locator("form.offer-filters button[type=submit]").click()
    expect(page.locator(".offer-card")).to_have_count(1)
    page.get_by_role("link", name="Sterk og stødig").click()

    # "Meld deg på" is on the first screen of the offer page.
    jump = page.locator('a[href="#signup-heading"]')
    expect(jump).to_be_visible()
    assert jump.bounding_box()["y"] + jump.bounding_box()["height"] <= PHONE["height"]
    _fits_and_accessible(page)
    jump.click()
    page.locator('input[name="phone"]').fill("912 34 567")
    page.locator("#signup-submit").click()

    page.locator("#receipt").wait_for()
    expect(page.locator("html")).to_have_attribute("lang", locale)
    assert "/signed-up/" in page.url  # Post/Redirect/Get: reloading the receipt signs nobody up again
    expect(page.locator("#receipt-first")).to_contain_text("kl. 10.00")
    expect(page.locator("#receipt-where")).to_contain_text("Skulevegen 4")
    expect(page.locator("#receipt-organiser")).to_contain_text("61 34 00 00")
    expect(page.locator("#receipt-calendar")).to_be_visible()
    _fits_and_accessible(page)
    page.reload()
    assert db.session.query(SignUp).count() == 1

    page.locator("#receipt-my-pages").click()
    cancel = page.locator('main a[href*="/offers/cancel/"]')
    expect(cancel).to_have_count(1)
    _fits_and_accessible(page)
    cancel.click()
    _fits_and_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .ds-alert[data-color=success]")).to_be_visible()
    _fits_and_accessible(page)
    db.session.expire_all()
    assert db.session.query(SignUp).one().status == "cancelled"
    page.goto(f"{base}/my-pages")
    expect(page.locator('main a[href*="/offers/cancel/"]')).to_have_count(0)


@pytest.fixture
def citizen_offer(browser_app, ctx, municipalities):
    m = municipalities["oystre-slidre"]
    location = make_location(m, name="Grendehuset", address="Skulevegen 4", postal_code="2940", city="Heggenes")
    make_offer(
        m,
        join_mode="sign_up",
        capacity=12,
        title_nn="Sterk og stødig",
        title_nb="Sterk og stødig",
        location_id=location.id,
        contact_name="Kari Trenar",
        contact_phone="61 34 00 00",
        at=time(10, 0),
        until=time(11, 0),
    )
    return m


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_find_sign_up_and_cancel_on_a_phone(browser, live_server, citizen_offer, locale):
    user = make_user(municipality=citizen_offer, locale=locale, email=f"innbyggjar-{locale}@example.no")
    context = browser.new_context(viewport=PHONE)
    SCRIPTS[0] = True
    try:
        journey(context.new_page(), live_server.url, locale, user.email)
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_find_sign_up_and_cancel_on_a_phone_without_javascript(browser, live_server, citizen_offer, locale):
    user = make_user(municipality=citizen_offer, locale=locale, email=f"utan-js-{locale}@example.no")
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    SCRIPTS[0] = False
    try:
        journey(context.new_page(), live_server.url, locale, user.email)
    finally:
        context.close()
