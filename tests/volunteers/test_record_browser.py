"""In a real browser: the record of service has no axe-core findings in either standard, fits a
320 px screen, and its PDF link downloads a PDF."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.volunteers.models import HourLog

pytestmark = pytest.mark.browser
FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.mark.parametrize(
    "locale, title", [("nn", "Attest for frivillig innsats"), ("nb", "Attest for frivillig innsats")]
)
def test_the_record_page_is_accessible_and_fits_a_phone(page, live_server, browser_app, oystre, locale, title):
    volunteer = make_volunteer(
        oystre, user=make_user(roles=(Role.VOLUNTEER,), municipality=oystre, locale=locale, name="Sigrid Sæter")
    )
    task = make_task(oystre, role_code="group_companion", title="Følgje i gruppe")
    db.session.add(
        HourLog(volunteer_id=volunteer.id, task_id=task.id, day=date(2026, 3, 2), minutes=150, status="approved")
    )
    db.session.commit()
    log_in(page, live_server.url, volunteer.user.email, "/oystre-slidre/volunteer/me")
    page.locator("#record-link").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == locale
    expect(page.get_by_role("cell", name="2,5").first).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate(FITS)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
