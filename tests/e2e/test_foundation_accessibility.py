"""axe-core finds nothing on the foundation's pages, in both standards, logged in and out."""

import pytest

from tests.a11y import assert_accessible
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

PUBLIC = [
    "/",
    "/oystre-slidre/",
    "/vestre-toten/",
    "/region/valdres/",
    "/login",
    "/register",
    "/forgot-password",
    "/register/sent",
    "/confirm/abc",
    "/reset-password/abc",
    "/finst/ikkje",
]


def choose(page, base: str, standard: str) -> None:
    page.goto(f"{base}/")
    page.get_by_role("button", name=standard).click()


@pytest.mark.parametrize("standard", ["Nynorsk", "Bokmål"])
def test_public_pages(page, live_server, browser_app, municipalities, standard):
    choose(page, live_server.url, standard)
    for path in PUBLIC:
        page.goto(live_server.url + path)
        assert_accessible(page)
    # a failed form, with its error summary
    page.goto(live_server.url + "/register")
    page.get_by_role("button", name="Registrer deg").click()
    assert page.locator(".ds-error-summary").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_logged_in_pages(page, live_server, browser_app, municipalities, ctx, locale):
    user = make_user(locale=locale, municipality=municipalities["oystre-slidre"])
    page.goto(live_server.url + "/login")
    page.get_by_label("E-post").fill(user.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Logg inn").click()
    for path in ("/profile", "/oystre-slidre/", "/"):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == locale
        assert_accessible(page)
