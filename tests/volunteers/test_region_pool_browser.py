"""A shared pool in a region in a browser, in both standards at 320 px: the setting on the renewals
page, and a shared task whose ranking lists a partner's volunteer with their municipality."""

from __future__ import annotations

import pytest

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.municipalities.services import set_shares_with_region

pytestmark = pytest.mark.browser
COORD = "/oystre-slidre/volunteer/coordinator"
FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_sharing_with_the_region_in_a_browser(browser, live_server, browser_app, municipalities, oystre, locale):
    nord = municipalities["nord-aurdal"]
    set_shares_with_region(nord, True)
    partner = make_volunteer(nord, user=make_user(roles=(Role.VOLUNTEER,), municipality=nord, name="Per Partnar"))
    make_volunteer(oystre)
    boss = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale=locale)
    task = make_task(oystre)

    page = browser.new_context().new_page()
    log_in(page, live_server.url, boss.email, f"{COORD}/renewals")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.locator("html").get_attribute("lang") == locale
    page.locator("#region-pool input[name=shares_with_region]").check()
    page.locator("#region-pool button[type=submit]").click()
    assert page.locator("#region-partners").count() == 1
    assert page.evaluate(FITS)
    assert_accessible(page)

    page.goto(f"{live_server.url}{COORD}/tasks/{task.id}")
    page.locator("#shared-with-region button[type=submit]").click()
    row = page.locator(f'td[data-partner="{nord.slug}"]')
    assert row.count() == 1
    assert "Per Partnar" in row.inner_text()
    assert page.locator(f'a[href$="/volunteers/{partner.id}"]').count() == 0
    assert page.evaluate(FITS)
    assert_accessible(page)
    page.context.close()
