"""The carer's booking journey on a phone (390 × 844): from the municipality's front page to the
respite calendar, tap the arrival and the departure, see the free places and the quota beside the
button, confirm, land on the receipt, and undo it within 15 minutes. The same with JavaScript off,
the dates typed. The JS journey counts clicks and fields filled (README, "Booking journey").
axe-core on the booking page and the receipt in both standards."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.factories import PASSWORD, make_user
from tests.respite.conftest import make_decision, make_respite_unit
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.respite.models import Booking, BookingStatus

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# What the JS journey takes from the front page to the receipt; README's "Booking journey" says the same.
CLICKS_TO_RECEIPT, FIELDS_FILLED = 5, 0


@pytest.fixture
def carer(ctx, municipalities):
    m = municipalities["oystre-slidre"]
    unit = make_respite_unit(m, places=3, name="Helsetunet avlasting")
    people = {}
    for locale in ("nn", "nb"):
        person = make_user(roles=(Role.RELATIVE,), municipality=m, locale=locale)
        make_decision(m, [unit], [person])
        people[locale] = person
    return m, unit, people


def log_in(page, base: str, email: str, next_path: str) -> None:
    """The login form on a phone (the header's log-out button folds behind "Meny" there)."""
    page.goto(f"{base}/login?next={next_path}")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{base}{next_path}")


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def stay(clock):
    arrival = clock.today + timedelta(days=5)
    return arrival, arrival + timedelta(days=2)


class Counter:
    def __init__(self) -> None:
        self.clicks = 0
        self.fields = 0

    def click(self, locator, tap: bool = False) -> None:
        self.clicks += 1
        locator.tap() if tap else locator.click()

    def fill(self, locator, value: str) -> None:
        self.fields += 1
        locator.fill(value)


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_a_carer_books_by_tapping_the_calendar_sees_the_receipt_and_undoes_it(
    browser, live_server, browser_app, carer, clock, locale
):
    m, unit, people = carer
    person = people[locale]
    base = live_server.url
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    log_in(page, base, person.email, "/oystre-slidre/")
    arrival, departure = stay(clock)
    count = Counter()

    count.click(page.locator(".site-main a[href$='/oystre-slidre/respite']").first)
    count.click(page.get_by_role("link", name="Olav Omsorg"))
    if arrival.month != clock.today.month:  # the calendar opens on this month
        count.click(page.locator(".month-nav a").nth(1))
    fits(page)
    assert_accessible(page)
    count.click(page.locator(f".calendar-table td:has([data-date='{arrival.isoformat()}'])"), tap=True)
    count.click(page.locator(f".calendar-table td:has([data-date='{departure.isoformat()}'])"), tap=True)
    expect(page.locator("#arrival")).to_have_value(arrival.isoformat())
    expect(page.locator("#departure")).to_have_value(departure.isoformat())
    # The preview beside the button, swapped in by htmx as the dates changed.
    used = {"nn": "Opphaldet brukar 2 av 4 døgn att", "nb": "Oppholdet bruker 2 av 4 døgn igjen"}[locale]
    expect(page.locator("#stay-preview")).to_contain_text(used)
    expect(page.locator("#stay-preview li")).to_have_count(2)
    fits(page)
    assert_accessible(page)
    count.click(page.locator("button[name=action][value=confirm]"))

    expect(page).to_have_url(re.compile(r"/respite/bookings/\d+$"))
    expect(page.locator("#receipt-who")).to_have_text("Olav")
    expect(page.locator("#receipt-where")).to_contain_text("Helsetunet avlasting")
    expect(page.locator("#receipt-arrival")).to_contain_text(f"{arrival.day}.")
    expect(page.locator("#receipt-undo")).to_be_visible()
    expect(page.locator("[data-print]")).to_be_visible()  # the print button shows only with JavaScript
    fits(page)
    assert_accessible(page)
    assert (count.clicks, count.fields) == (
        CLICKS_TO_RECEIPT + (arrival.month != clock.today.month),
        FIELDS_FILLED,
    )

    # Undo within 15 minutes: asked first, then the booking is cancelled with the quota given back.
    clock.shift(timedelta(minutes=10))
    page.locator("#receipt-undo a").click()
    page.locator("form[action$='/cancel'] button[type=submit]").click()
    db.session.expire_all()
    booking = db.session.query(Booking).filter_by(booked_by_id=person.id).one()
    assert booking.status == BookingStatus.CANCELLED and not booking.late_cancel
    context.close()


def test_the_same_journey_without_javascript(browser, live_server, browser_app, carer, clock):
    m, unit, people = carer
    person = people["nn"]
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, person.email, "/oystre-slidre/")
    arrival, departure = stay(clock)

    page.locator(".site-main a[href$='/oystre-slidre/respite']").first.click()
    page.get_by_role("link", name="Olav Omsorg").click()
    fits(page)
    page.locator("#arrival").fill(arrival.isoformat())
    page.locator("#departure").fill(departure.isoformat())
    # The check button renders the same preview, and it takes focus.
    page.locator("button[name=action][value=preview]").click()
    expect(page.locator("#stay-preview")).to_contain_text("Opphaldet brukar 2 av 4 døgn att")
    expect(page.locator("#stay-preview")).to_be_focused()
    page.locator("button[name=action][value=confirm]").click()

    expect(page.locator("#receipt-who")).to_have_text("Olav")
    expect(page.locator("[data-print]")).to_be_hidden()
    expect(page.locator("#receipt-ics")).to_be_visible()
    fits(page)
    page.locator("#receipt-undo a").click()
    page.locator("form[action$='/cancel'] button[type=submit]").click()
    db.session.expire_all()
    booking = db.session.query(Booking).filter_by(booked_by_id=person.id).one()
    assert booking.status == BookingStatus.CANCELLED and not booking.late_cancel
    context.close()
