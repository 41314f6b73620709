"""On a phone nothing scrolls sideways: every GET page of the route list, as each demo person (staff
too) and logged out, in both standards, at 320 and 390 px wide, is no wider than the screen, and axe
finds nothing on it. Print views are left out (they are made for paper). One browser page per person
walks the list in nynorsk and then again in bokmål."""

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


def pages_of(page, app, base: str, email: str | None, slug: str) -> list[str]:
    """The HTML pages of the route list this person may see (downloads, feeds, print views and
    refusals left out, but one of each kind kept)."""
    municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
    user = db.session.scalar(select(User).where(User.email == email)) if email else None
    found, seen_errors = [], set()
    for path in get_paths(app, municipality, user):
        if "print" in path or "poster" in path:
            continue
        head = page.request.get(base + path, max_redirects=0)
        if head.status != 200:
            if head.status in seen_errors or 300 <= head.status < 400:
                continue  # one page of each refusal (403, 404) is enough: they share one template
            seen_errors.add(head.status)
        if not head.headers.get("content-type", "").startswith("text/html") or "attachment" in head.headers.get(
            "content-disposition", ""
        ):
            continue  # a download, a feed, the open API
        if "<html" not in head.text()[:1000]:
            continue  # a fragment that htmx puts into a page (the workspace counts)
        found.append(path)
    return found


def visit_all(page, base: str, paths: list[str], standard: str, axe: bool) -> list[str]:
    page.goto(f"{base}/")
    page.locator(".language-switch").get_by_role("button", name=standard).click()
    page.wait_for_load_state()
    too_wide = []
    for path in paths:
        page.goto(base + path)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            if not page.evaluate(FITS):
                wide = page.evaluate("document.documentElement.scrollWidth")
                too_wide.append(f"{standard} {path} at {width}: {wide} px")
        if axe:
            assert_accessible(page)
    return too_wide


# Every demo person: the public, citizens, volunteers, relatives, the coordinator, the offer editor,
# the allocation office, unit staff and the administrator.
@pytest.mark.parametrize("email, slug", PEOPLE)
def test_every_page_fits_a_phone(page, live_server, browser_app, demo_world, email, slug):  # noqa: F811
    page.set_viewport_size({"width": 320, "height": 640})
    if email:
        log_in(page, live_server.url, email)
    paths = pages_of(page, browser_app, live_server.url, email, slug)
    assert paths
    too_wide = []
    for standard in ("Nynorsk", "Bokmål"):
        too_wide += visit_all(page, live_server.url, paths, standard, axe=True)
    assert too_wide == []


# The login pages that only an identity provider's answer leads to, or only with a provider
# configured: the route list alone does not reach them (refusals share a status with others).
# (path, logged in as): ID-porten's problem pages, the step-up page, the contact question after a
# first login, and the staff login with its refusal.
LOGIN_PAGES = [
    ("/idporten/callback?error=access_denied", None),
    ("/idporten/callback", None),
    ("/idporten/step-up?for=respite&next=/my-pages", None),
    ("/idporten/step-up?for=personal", "parorende@demo.example"),
    ("/idporten/contact", "parorende@demo.example"),
    ("/staff/login?next=/my-pages", None),
    ("/staff/callback", None),
]
PROVIDERS = {
    "IDPORTEN_ISSUER": "https://test.idporten.example",
    "IDPORTEN_CLIENT_ID": "kommune-test",
    "IDPORTEN_CLIENT_SECRET": "ein-loyndom",
    "IDPORTEN_PID_SECRET": "a-key-for-identity-numbers-" + "k" * 20,
    "STAFF_PROVIDERS": {
        "oystre-slidre": {"issuer": "https://login.kommune.example", "client_id": "c", "client_secret": "s"}
    },
}


@pytest.mark.parametrize("who", [None, "parorende@demo.example"])
def test_the_login_pages_fit_a_phone(page, live_server, browser_app, demo_world, monkeypatch, who):  # noqa: F811
    for name, value in PROVIDERS.items():
        monkeypatch.setitem(browser_app.config, name, value)
    page.set_viewport_size({"width": 320, "height": 640})
    if who:
        log_in(page, live_server.url, who)
    paths = [path for path, person in LOGIN_PAGES if person == who]
    for path in paths:  # each page itself, not a redirect or a server error
        assert page.request.get(live_server.url + path, max_redirects=0).status in (200, 400), path
    too_wide = []
    for standard in ("Nynorsk", "Bokmål"):
        too_wide += visit_all(page, live_server.url, paths, standard, axe=True)
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
