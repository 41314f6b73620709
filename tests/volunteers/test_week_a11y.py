"""axe-core, in both standards, on the renewals page, a task with attendance to mark and the
volunteer's page with a no-show, and on the volunteer's own page with a declaration to sign again."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.database import utcnow
from webapp.extensions import db
from webapp.volunteers import attendance, renewals, tasks
from webapp.volunteers.models import Assignment

pytestmark = pytest.mark.browser
BASE = "/oystre-slidre/volunteer"


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_week_pages_are_accessible(browser, live_server, browser_app, oystre, locale):
    today = tasks.local(utcnow()).date()
    ran_out = renewals.add_months(today, -36)
    volunteer = make_volunteer(
        oystre,
        user=make_user(roles=(Role.VOLUNTEER,), municipality=oystre, locale=locale, name="Sigrid Sæter"),
        politiattest_seen_on=ran_out + timedelta(days=20),
        declaration_signed_at=tasks.local_datetime(ran_out + timedelta(days=10), time(12)),
    )
    boss = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale=locale)
    task = make_task(oystre, starts_at=tasks.local_datetime(today - timedelta(days=2), time(10)))
    assignment = Assignment(task_id=task.id, volunteer_id=volunteer.id, state="accepted")
    db.session.add(assignment)
    db.session.commit()
    attendance.mark(assignment, boss, attendance.first_day(task), False)

    page = browser.new_context().new_page()
    log_in(page, live_server.url, boss.email, f"{BASE}/coordinator/renewals")
    assert page.locator("html").get_attribute("lang") == locale
    assert page.locator("#expiring tr").count() == 3  # the header and two rows
    assert_accessible(page)
    for path in (f"/tasks/{task.id}", f"/volunteers/{volunteer.id}"):
        page.goto(f"{live_server.url}{BASE}/coordinator{path}")
        assert_accessible(page)
    page.goto(f"{live_server.url}/oystre-slidre/workspace")
    assert_accessible(page)

    me = browser.new_context().new_page()
    log_in(me, live_server.url, volunteer.user.email, f"{BASE}/me")
    assert me.locator("#declaration").count() == 1
    assert_accessible(me)
    for p in (page, me):
        p.context.close()
