"""In a real browser, in both standards: an administrator takes a role away on "Who has access",
and an officer is told next to the field why a decision's last day was refused. axe finds nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.respite.conftest import make_decision, make_respite_unit
from webapp.accounts.models import Role

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "locale, remove, done",
    [
        ("nn", "Fjern Frivilligkoordinator, Kari Koordinator", "har ikkje lenger rolla"),
        ("nb", "Fjern Frivillighetskoordinator, Kari Koordinator", "har ikke lenger rollen"),
    ],
)
def test_an_administrator_takes_a_role_away(page, live_server, browser_app, municipalities, ctx, locale, remove, done):
    admin = make_user(roles=(Role.ADMINISTRATOR,), locale=locale)
    make_user(
        roles=(Role.VOLUNTEER_COORDINATOR,), municipality=municipalities["oystre-slidre"], name="Kari Koordinator"
    )
    log_in(page, live_server.url, admin.email, "/profile")
    page.get_by_role("link", name=re.compile("(Kven|Hvem) har tilgang")).click()
    assert_accessible(page)
    page.get_by_role("button", name=remove).click()
    assert_accessible(page)  # it asks first
    page.get_by_role("button", name=re.compile("Ja, gj(e|ø)r det")).click()
    expect(page.get_by_text(re.compile(f"Kari Koordinator {done}"))).to_be_visible()
    assert_accessible(page)


def test_a_refused_last_day_is_told_next_to_the_field(page, live_server, browser_app, municipalities, ctx, clock):
    m = municipalities["oystre-slidre"]
    decision = make_decision(m, [make_respite_unit(m)], valid_from=clock.today)
    officer = make_user(roles=(Role.ALLOCATION_OFFICER,), municipality=m, locale="nn")
    log_in(page, live_server.url, officer.email, f"/oystre-slidre/respite/office/decisions/{decision.id}")
    page.get_by_label("Siste dag i vedtaket").fill(clock.today.replace(year=clock.today.year - 10).isoformat())
    page.get_by_role("button", name="Avslutt vedtaket").click()
    page.get_by_role("button", name="Ja, gjer det").click()  # it asks first
    expect(page.locator("#end-end-error")).to_have_text(re.compile("kan ikkje vere tilbake i tid"))
    assert_accessible(page)
