"""The sign-up's week grid in a browser: ticked with the keyboard alone, each box named by its day and
part of the day, no sideways scrolling at 320 and 390 px (the days stack), axe clean in nn and nb,
and with JavaScript off the ticks survive an error and are stored."""

from __future__ import annotations

import os

import pytest

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from webapp.extensions import db
from webapp.volunteers.models import Volunteer

pytestmark = pytest.mark.browser

FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
SHOTS = os.environ.get("SCREENSHOTS")  # a folder to keep screenshots in while working on the page


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def row_tops(page, day: str) -> tuple[float, float]:
    """The top of a day's heading and of its first box."""
    row = page.locator("table.availability-grid tbody tr").filter(has=page.get_by_role("rowheader", name=day))
    return row.get_by_role("rowheader").bounding_box()["y"], row.get_by_role("checkbox").first.bounding_box()["y"]


def test_the_week_grid_works_by_keyboard_and_fits_a_phone(browser, live_server, browser_app, oystre):
    person = make_user(municipality=oystre, locale="nn")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, person.email, "/oystre-slidre/volunteer/sign-up")
    page.goto(f"{live_server.url}/oystre-slidre/volunteer/sign-up")
    assert page.get_by_role("group", name="Når du kan").count() == 1
    grid = page.get_by_role("table")
    assert grid.get_by_role("columnheader").count() == 3 and grid.get_by_role("rowheader").count() == 7
    heading, box = row_tops(page, "Onsdag")
    assert abs(heading - box) < 30  # on a wide screen a day is one row
    shot(page, "grid-1280")

    # Keyboard only: from Monday morning, Tab moves through the week, Space ticks.
    page.get_by_label("Måndag formiddag").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.get_by_label("Måndag kveld").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.get_by_label("Tysdag formiddag").is_checked()
    assert page.get_by_role("checkbox", name="Laurdag ettermiddag").count() == 1
    assert_accessible(page)

    for width, height in ((390, 844), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate(FITS), f"{width}: {page.evaluate('document.documentElement.scrollWidth')} px"
        heading, box = row_tops(page, "Onsdag")
        assert box > heading + 10  # the days stack: the boxes come under the day's name
        assert page.get_by_label("Onsdag ettermiddag").is_visible()
        label = page.locator("label.availability-grid__choice").first.bounding_box()
        assert label["height"] >= 44 and label["width"] >= 44
        shot(page, f"grid-{width}")
    assert_accessible(page)

    page.get_by_role("button", name="Bokmål").click()
    page.goto(f"{live_server.url}/oystre-slidre/volunteer/sign-up")
    assert page.get_by_role("checkbox", name="Tirsdag formiddag").count() == 1
    assert page.evaluate(FITS)
    assert_accessible(page)
    context.close()


def test_without_javascript_the_ticks_survive_an_error_and_are_stored(browser, live_server, browser_app, oystre):
    person = make_user(municipality=oystre, locale="nn")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, person.email, "/oystre-slidre/volunteer/sign-up")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/oystre-slidre/volunteer/sign-up")
    page.get_by_label("Følgjeteneste").check()
    page.get_by_label("Torsdag kveld").check()
    page.get_by_label("Søndag formiddag").check()
    page.get_by_role("button", name="Send").click()  # no year of birth, no consent
    assert page.locator("#error-summary").is_visible()
    assert page.get_by_label("Torsdag kveld").is_checked() and page.get_by_label("Søndag formiddag").is_checked()
    assert not page.get_by_label("Torsdag formiddag").is_checked()
    assert page.evaluate(FITS)
    shot(page, "grid-error-390")
    page.get_by_label("Fødselsår").fill("1975")
    page.get_by_label("Eg samtykkjer i at frivilligsentralen lagrar").check()
    page.get_by_role("button", name="Send").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Frivilligsida di"
    db.session.expire_all()
    volunteer = db.session.query(Volunteer).one()
    assert [(s.weekday, s.start_minute, s.end_minute) for s in volunteer.slots] == [(3, 960, 1260), (6, 480, 720)]
    context.close()
