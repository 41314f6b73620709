"""On a phone (390 × 844), a coordinator messages the volunteers of one role: chooses the group,
writes in both standards, sees who gets it, sends, lands on the receipt and finds it in the log.
With JavaScript and axe in nynorsk and bokmål, and once without JavaScript."""

from __future__ import annotations

import pytest

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.mail import body
from webapp.notifications.services import send_due

pytestmark = pytest.mark.browser

FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def check(page, axe: bool) -> None:
    for width, height in ((320, 640), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate(FITS), f"{page.url} scrolls sideways at {width} px"
    if axe:
        assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_coordinator_messages_the_volunteers_of_a_role(
    browser, live_server, browser_app, smtp, gateway, escorts, coordinator, javascript
):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    axe = javascript
    log_in(page, live_server.url, coordinator.email, "/oystre-slidre/volunteer/coordinator")
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Meldingar til grupper").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sende meldingar"
    check(page, axe)
    page.get_by_role("link", name="Send melding til ei gruppe").click()
    check(page, axe)
    page.get_by_label("Gruppe", exact=True).select_option(label="Følgjeteneste")
    page.get_by_label("Emne").fill("Julebord")
    page.get_by_label("Melding på bokmål").fill("Velkommen til julebord på fredag!")
    page.get_by_label("Melding på nynorsk").fill("Velkomen til julebord på fredag!")
    page.get_by_role("button", name="Sjå kven som får meldinga").click()
    assert page.locator("#preview-counts").inner_text() == "2 får e-post, 1 får SMS, 1 kan ikkje nåast."
    check(page, axe)
    page.get_by_role("button", name="Send meldinga").click()
    assert "Meldinga er på veg til 2 personar." in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == "Julebord"
    assert page.get_by_role("cell", name="Sigrid Sæter").is_visible()
    check(page, axe)

    if axe:  # the same pages in bokmål
        page.locator(".language-switch").get_by_role("button", name="Bokmål").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=2, name="Mottakere").is_visible()
        check(page, axe)
        page.get_by_role("link", name="Sendte meldinger").click()
        check(page, axe)
        page.get_by_role("link", name="Ny melding").click()
        page.get_by_label("Gruppe", exact=True).select_option(label="Følgetjeneste")
        page.get_by_label("Emne").fill("Kun bokmål")
        page.get_by_label("Melding på bokmål").fill("Hei!")
        page.get_by_role("button", name="Se hvem som får meldingen").click()
        assert page.locator("#preview-missing").is_visible()
        check(page, axe)
    context.close()

    assert send_due().sent == 3
    sigrid, ola = escorts["sigrid"], escorts["ola"]
    assert "Velkomen til julebord på fredag!" in body(smtp.to(sigrid.email)[0])
    assert "Velkommen til julebord på fredag!" in body(smtp.to(ola.email)[0])
    assert [sms["destination"] for sms in gateway.received] == ["+4791234567"]
    assert not smtp.to(escorts["kari"].email) and not smtp.to(escorts["toten"].email)
