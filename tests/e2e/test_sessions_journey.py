"""In a real browser: a session left alone ends on the server's clock and the person comes back to
where they were; the pages for a new address or password pass axe-core in both standards.

The server runs at the test's moment and the browser in real time, so the test moves the server's
clock (and, for the workspace's own refresh, the browser's timers) rather than waiting."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import PASSWORD, make_user
from webapp.accounts.models import Role

pytestmark = pytest.mark.browser


def test_an_unattended_workspace_goes_to_the_login_page_and_back(page, live_server, browser_app, municipalities, clock):
    base = live_server.url
    coordinator = make_user(
        roles=(Role.VOLUNTEER_COORDINATOR,), municipality=municipalities["oystre-slidre"], locale="nn"
    )
    page.clock.install()
    log_in(page, base, coordinator.email, "/oystre-slidre/workspace")
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbeidsflate")

    clock.shift(timedelta(minutes=31))
    page.clock.run_for(61_000)  # the counts ask the server again; the session has ended

    expect(page).to_have_url(re.compile(r"/login\?next=/oystre-slidre/workspace$"))
    expect(page.get_by_text("Du vart logga ut fordi du ikkje hadde brukt tenesta på ei stund.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-post").fill(coordinator.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbeidsflate")
    expect(page).to_have_url(re.compile(r"/oystre-slidre/workspace$"))


@pytest.mark.parametrize(
    "locale, words",
    [
        (
            "nn",
            {
                "email": "Endre e-postadresse",
                "password": "Endre passord",
                "wrong": "Passordet er feil.",
                "sent": "Vi har sendt ei lenkje til den nye e-postadressa.",
            },
        ),
        (
            "nb",
            {
                "email": "Endre e-postadresse",
                "password": "Endre passord",
                "wrong": "Passordet er feil.",
                "sent": "Vi har sendt en lenke til den nye e-postadressen.",
            },
        ),
    ],
)
def test_new_address_and_password_pages(page, live_server, browser_app, municipalities, locale, words):
    base = live_server.url
    user = make_user(locale=locale, municipality=municipalities["oystre-slidre"])
    log_in(page, base, user.email, "/profile")

    page.get_by_role("link", name=words["password"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["password"])
    assert_accessible(page)
    page.locator("main").get_by_role("button").click()
    assert page.locator(".ds-error-summary").count() == 1
    assert_accessible(page)

    page.goto(f"{base}/profile")
    page.get_by_role("link", name=words["email"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["email"])
    assert_accessible(page)
    page.locator("main").get_by_label("E-post").fill("ny.adresse@example.no")
    page.locator("main").get_by_label("Passord").fill("feil passord her")
    page.locator("main").get_by_role("button", name=words["email"]).click()
    expect(page.locator(".ds-error-summary")).to_contain_text(words["wrong"])
    expect(page.locator("main").get_by_label("E-post")).to_have_value("ny.adresse@example.no")
    assert_accessible(page)
    page.locator("main").get_by_label("Passord").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=words["email"]).click()
    expect(page.get_by_text(words["sent"])).to_be_visible()
