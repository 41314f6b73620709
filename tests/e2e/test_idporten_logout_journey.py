"""Logging out here ends the ID-porten session too: in a real browser, through the provider
configured like ID-porten, after our "Logg ut" and the provider's own confirmation, a new "Logg inn
med ID-porten" shows the provider's login form again instead of logging straight back in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_idporten_journey import idporten_issuer, log_in_at_provider, relative  # noqa: F401 (fixtures)
from webapp.accounts import idporten

pytestmark = pytest.mark.browser


def test_after_logging_out_id_porten_asks_for_the_login_again(
    page: Any,
    live_server: Any,
    relative: Any,  # noqa: F811
    idporten_issuer: str,  # noqa: F811
) -> None:
    base = live_server.url
    page.goto(f"{base}/login?next=/my-pages")
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    log_in_at_provider(page, idporten.HIGH)
    expect(page).to_have_url(re.compile(r"/my-pages$"))

    # The contrast: with only our session gone, ID-porten's own still logs the person straight in.
    page.context.clear_cookies(name="session")
    page.goto(f"{base}/login?next=/my-pages")
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    expect(page).to_have_url(re.compile(r"/my-pages$"))
    expect(page.get_by_label("Fødselsnummer")).to_have_count(0)

    page.get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(re.compile(re.escape(idporten_issuer)))  # the provider asks to confirm
    page.locator('button[name="logout"][value="yes"]').click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(base)}/"))  # back with us, logged out
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)

    page.goto(f"{base}/login?next=/my-pages")
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    expect(page.get_by_label("Fødselsnummer")).to_be_visible()  # the provider's login form, not straight in
    log_in_at_provider(page, idporten.HIGH)
    expect(page).to_have_url(re.compile(r"/my-pages$"))
