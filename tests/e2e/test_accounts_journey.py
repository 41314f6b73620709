"""A person in Øystre Slidre meets nynorsk, switches standard, registers and logs in."""

import pytest
from playwright.sync_api import expect

from tests.mail import first_link

pytestmark = pytest.mark.browser


@pytest.fixture
def mail_app(browser_app, smtp, monkeypatch):
    monkeypatch.setitem(browser_app.config, "OUTBOX_SEND_AFTER_REQUEST", True)
    return smtp


def journey(page, base: str, smtp, email: str) -> None:
    page.goto(f"{base}/oystre-slidre/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkomen til Øystre Slidre kommune")
    page.get_by_role("button", name="Bokmål").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen til Øystre Slidre kommune")
    page.get_by_role("button", name="Nynorsk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkomen til Øystre Slidre kommune")

    page.get_by_role("link", name="Registrer deg").first.click()
    page.get_by_label("Namn").fill("Astrid Heggenes")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord", exact=True).fill("kort")
    page.get_by_label("Skriv passordet ein gong til").fill("kort")
    page.get_by_role("button", name="Registrer deg").click()
    expect(page.get_by_role("alert")).to_contain_text("Passordet må ha minst 10 teikn")
    expect(page.get_by_label("Namn")).to_have_value("Astrid Heggenes")  # what she typed is kept
    page.get_by_label("Passord", exact=True).fill("sola skin over heggenes")
    page.get_by_label("Skriv passordet ein gong til").fill("sola skin over heggenes")
    page.get_by_role("button", name="Registrer deg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjå etter i e-posten din")

    [message] = smtp.wait_for(email)
    assert message["Subject"] == "Stadfest e-postadressa di"
    page.goto(first_link(message))
    page.get_by_role("button", name="Stadfest e-postadressa").click()
    expect(page.get_by_text("E-postadressa di er stadfesta.")).to_be_visible()

    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill("sola skin over heggenes")
    page.get_by_role("button", name="Logg inn").click()
    # Without a place to go back to, a citizen lands on Mine sider.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine sider")
    page.goto(f"{base}/profile")
    expect(page.get_by_role("heading", level=1)).to_have_text("Profilen min")
    expect(page.get_by_label("Namn")).to_have_value("Astrid Heggenes")
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_text("Du er logga ut.")).to_be_visible()


def test_journey_with_javascript(page, live_server, mail_app, municipalities):
    journey(page, live_server.url, mail_app, "astrid@example.no")


def test_journey_without_javascript(browser, live_server, mail_app, municipalities):
    context = browser.new_context(java_script_enabled=False)
    try:
        journey(context.new_page(), live_server.url, mail_app, "astrid.utan.js@example.no")
    finally:
        context.close()
