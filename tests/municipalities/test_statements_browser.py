"""The statements and the feedback form in a real browser: axe-core finds nothing, in both
standards, also with the form's errors showing; the form works without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible

pytestmark = pytest.mark.browser

PAGES = ["/oystre-slidre/accessibility", "/vestre-toten/privacy", "/accessibility", "/privacy", "/developers"]


@pytest.mark.parametrize("standard", ["Nynorsk", "Bokmål"])
def test_statements_are_accessible(page, live_server, browser_app, municipalities, standard):
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name=standard).click()
    for path in PAGES:
        page.goto(live_server.url + path)
        assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False])
def test_feedback_form_errors_and_thanks(browser, live_server, browser_app, municipalities, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/oystre-slidre/accessibility")
    page.get_by_label("Namnet ditt").fill("Kari Nordmann")
    page.get_by_role("button", name="Send tilbakemelding").click()
    assert page.locator(".ds-error-summary").count() == 1
    assert page.get_by_label("Namnet ditt").input_value() == "Kari Nordmann"
    if javascript:  # axe-core runs in the page
        assert_accessible(page)
    page.get_by_label("Kva fungerte ikkje, eller kva treng du?").fill("Teksten er for liten.")
    page.get_by_role("button", name="Send tilbakemelding").click()
    expect(page.get_by_text("Tilbakemeldinga di er send til Øystre Slidre kommune")).to_be_visible()
    context.close()
