"""On a phone (390 × 844): a volunteer finds a task open to claim and takes it, then logs driving
for it; the coordinator opens the task and approves. axe on every page, in nynorsk and bokmål, and
nothing is wider than the screen."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.volunteers.conftest import make_task, make_volunteer
from webapp.accounts.models import Role
from webapp.clock import today
from webapp.extensions import db
from webapp.volunteers import expenses
from webapp.volunteers.models import Assignment, AssignmentState, Task, TaskStatus

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WORDS = {
    "nn": {
        "claim_link": "Oppdrag du kan ta sjølv",
        "take": "Ta oppdraget",
        "taken": "Oppdraget er ditt. Koordinatoren har fått melding.",
        "open": "Ope for å takast",
        "expenses": "Køyring og utlegg",
    },
    "nb": {
        "claim_link": "Oppdrag du kan ta selv",
        "take": "Ta oppdraget",
        "taken": "Oppdraget er ditt. Koordinatoren har fått beskjed.",
        "open": "Åpent for å tas",
        "expenses": "Kjøring og utlegg",
    },
}


def fits(page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_volunteer_claims_a_task_on_a_phone(browser, live_server, browser_app, oystre, locale):
    words = WORDS[locale]
    boss = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale=locale)
    volunteer = make_volunteer(oystre, user=make_user(roles=(Role.VOLUNTEER,), municipality=oystre, locale=locale))
    task = make_task(oystre, title="Handletur til butikken")
    base = f"{live_server.url}/oystre-slidre/volunteer"

    coordinator = browser.new_context().new_page()
    log_in(coordinator, live_server.url, boss.email, "/oystre-slidre/volunteer/coordinator")
    coordinator.set_viewport_size(PHONE)  # logged in first: on a phone "Log out" sits in the menu
    coordinator.goto(f"{base}/coordinator/tasks/{task.id}")
    fits(coordinator)
    coordinator.get_by_role("button", name=words["open"]).click()
    fits(coordinator)
    db.session.expire_all()
    assert db.session.get(Task, task.id).open_to_claim

    page = browser.new_context().new_page()
    log_in(page, live_server.url, volunteer.user.email, "/oystre-slidre/volunteer/me")
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/me")
    page.get_by_role("link", name=words["claim_link"]).click()
    fits(page)
    assert page.locator(f"#claim-{task.id}").is_visible()
    page.locator(f"#claim-{task.id}").get_by_role("button", name=words["take"]).click()
    assert words["taken"] in page.content()
    fits(page)
    db.session.expire_all()
    assert db.session.get(Task, task.id).status == TaskStatus.FILLED
    assert db.session.query(Assignment).filter_by(task_id=task.id, volunteer_id=volunteer.id).one().state == (
        AssignmentState.ACCEPTED
    )

    # Driving for a task done, and the coordinator's approval page.
    page.goto(f"{base}/me")
    page.get_by_role("link", name=words["expenses"]).click()
    fits(page)
    expenses.log_expense(volunteer, task.id, today(), Decimal("20"), "Parkering")
    coordinator.goto(f"{base}/coordinator/expenses")
    fits(coordinator)
