"""The coordinator's matching table (a task's ranked candidates) in a browser: each candidate's
"Spør" button lies wholly inside the screen and inside its table or card at 1280 and 390 px, axe is
clean in nn and nb, and a coordinator asks a volunteer from a phone, with and without JavaScript."""

from __future__ import annotations

import os

import pytest

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import PASSWORD, make_user
from tests.volunteers.conftest import make_place, make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.volunteers import interests
from webapp.volunteers.models import Assignment

pytestmark = pytest.mark.browser

FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
SHOTS = os.environ.get("SCREENSHOTS")  # a folder to keep screenshots in while working on the page
NAMES = ("Ragnhild Margrethe Kvåle-Tveiten", "Ola Nordmann", "Sigrid Sæter")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def world(oystre):
    """Three volunteers for one task (the one with the longest name has said they want it)."""
    place = make_place(oystre)
    volunteers = [
        make_volunteer(oystre, user=make_user(roles=(Role.VOLUNTEER,), municipality=oystre, name=name), place=place)
        for name in NAMES
    ]
    task = make_task(oystre, place_id=place.id, title="Følgje til legekontoret")
    interests.express_interest(volunteers[0], task_id=task.id)
    boss = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale="nn", name="Kari Koordinator")
    return task, volunteers, boss


def inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def assert_ask_buttons_whole(page, width: int) -> None:
    table = page.locator("table.ranking")
    rows = table.locator("tbody tr")
    assert rows.count() == len(NAMES)
    view = {"x": 0, "y": 0, "width": page.evaluate("document.documentElement.clientWidth"), "height": 10**6}
    for i in range(rows.count()):
        row = rows.nth(i)
        button = row.get_by_role("button")
        # Bring it on screen by scrolling the page up or down only (never a box around it sideways).
        button.evaluate("b => window.scrollTo(0, b.getBoundingClientRect().top + window.scrollY - 200)")
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
        assert inside(box, view), f"{width}: button {i} {box} outside the screen {view}"
        assert inside(box, row.bounding_box()), f"{width}: button {i} outside its row or card"
        assert inside(box, table.bounding_box()), f"{width}: button {i} outside the table"
        # Not cut by a scrolling or clipping box around it: the point at its right edge is the button.
        hit = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.closest('button')?.textContent?.trim() ?? ''",
            [box["x"] + box["width"] - 3, box["y"] + box["height"] / 2],
        )
        expected = button.text_content()
        assert hit.split() == expected.split(), f"{width}: button {i} is covered or clipped"
    assert page.evaluate(FITS)
    sizes = page.evaluate("[...document.querySelectorAll('.table-scroll')].map(e => [e.scrollWidth, e.clientWidth])")
    assert all(scroll <= client for scroll, client in sizes), f"{width}: the table scrolls sideways {sizes}"


def test_the_ask_button_is_whole_at_1280_and_390(browser, live_server, browser_app, world):
    task, volunteers, boss = world
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, live_server.url, boss.email, "/oystre-slidre/volunteer/coordinator")
    url = f"{live_server.url}/oystre-slidre/volunteer/coordinator/tasks/{task.id}"
    for standard in ("Nynorsk", "Bokmål"):
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(url)
        page.locator(".language-switch").get_by_role("button", name=standard).click()
        page.goto(url)
        first = page.locator("table.ranking tbody tr").first
        assert NAMES[0] in first.inner_text() and "Har meldt interesse" in first.inner_text()
        for width, height in ((1280, 800), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            shot(page, f"ranking-{standard}-{width}")
            assert_ask_buttons_whole(page, width)
            assert_accessible(page)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_coordinator_asks_a_volunteer_from_a_phone(browser, live_server, browser_app, world, javascript):
    task, volunteers, boss = world
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 390, "height": 844}, is_mobile=javascript, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/login?next=/oystre-slidre/volunteer/coordinator/tasks")
    page.get_by_label("E-post").fill(boss.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Logg inn").click()
    assert page.url.endswith("/oystre-slidre/volunteer/coordinator/tasks")

    page.get_by_role("link", name="Følgje til legekontoret").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Følgje til legekontoret"
    cards = page.locator("table.ranking tbody tr")
    assert cards.count() == len(NAMES)
    assert NAMES[0] in cards.first.inner_text()
    assert page.evaluate(FITS)
    shot(page, f"phone-ranking-{'js' if javascript else 'nojs'}")
    chosen = cards.nth(1)
    name = volunteers[1].user.name
    assert name in chosen.inner_text()
    ask = chosen.get_by_role("button")
    assert "Spør" in ask.inner_text()
    ask.tap() if javascript else ask.click()

    # The receipt: a success message naming the volunteer, the volunteer among those asked, and
    # no longer among the candidates.
    receipt = page.locator(".flashes .ds-alert[data-color='success']")
    assert name in receipt.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Følgje til legekontoret"
    assert name not in page.locator("table.ranking").inner_text()
    assert page.evaluate(FITS)
    shot(page, f"phone-receipt-{'js' if javascript else 'nojs'}")
    db.session.expire_all()
    [asked] = db.session.query(Assignment).filter_by(task_id=task.id).all()
    assert asked.volunteer_id == volunteers[1].id
    if javascript:
        assert_accessible(page)
    context.close()
