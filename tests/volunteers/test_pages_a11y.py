"""axe-core on the pages the journey does not reach with content, in both standards: the week
proposal with suggestions, the interest queue and hours with rows, the task pages (with helpers
for an offer), the answer
link (its page, the thanks and a used link) and the sign-up page for someone not logged in."""

from __future__ import annotations

import re
from datetime import time

import pytest

from tests.a11y import assert_accessible
from tests.browser import log_in
from tests.factories import make_user
from tests.offers.conftest import make_offer
from tests.volunteers.conftest import make_task, make_volunteer, next_weekday
from webapp import tokens
from webapp.accounts.models import Role
from webapp.clock import local
from webapp.database import utcnow
from webapp.extensions import db
from webapp.volunteers import interests, proposals
from webapp.volunteers.models import Assignment, HourLog

pytestmark = pytest.mark.browser
BASE = "/oystre-slidre/volunteer"


def _lang(page, locale: str) -> None:
    if page.locator("html").get_attribute("lang") != locale:
        page.get_by_role("button", name="Bokmål" if locale == "nb" else "Nynorsk").click()
    assert page.locator("html").get_attribute("lang") == locale


@pytest.mark.parametrize("locale", ["nn", "nb"])
def test_pages_with_content_are_accessible(browser, live_server, browser_app, oystre, locale):
    volunteer = make_volunteer(
        oystre,
        user=make_user(roles=(Role.VOLUNTEER,), municipality=oystre, locale=locale, name="Sigrid Sæter"),
        politiattest_seen_on=utcnow().date(),
    )
    spare = make_volunteer(oystre)
    boss = make_user(roles=(Role.VOLUNTEER_COORDINATOR,), municipality=oystre, locale=locale)
    taken = make_task(oystre, title="Følgje til legen", starts_at=next_weekday(1, time(9)))
    db.session.add(Assignment(task_id=taken.id, volunteer_id=volunteer.id, state="accepted"))
    db.session.add(HourLog(volunteer_id=volunteer.id, task_id=taken.id, day=utcnow().date(), minutes=90))
    asked = make_task(oystre, title="Handletur", starts_at=next_weekday(1, time(13)))
    asked_assignment = Assignment(task_id=asked.id, volunteer_id=volunteer.id, state="proposed")
    db.session.add(asked_assignment)
    taken.status = "filled"
    db.session.commit()
    open_task = make_task(oystre, title="Kafé på helsetunet", starts_at=next_weekday(2, time(10)))
    monday = proposals.monday_of(local(open_task.starts_at).date())
    assert proposals.batch_propose(oystre, monday)  # a suggestion to check
    interests.express_interest(volunteer, role_code="driver", message="Eg kan køyre")
    make_offer(oystre, days=("TH",), title_nn="Sittedans", title_nb="Sittedans")  # helpers for its sessions
    answer = "/volunteer/answer/" + tokens.make_token(proposals.ANSWER, {"a": asked_assignment.id, "c": "yes"})

    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{live_server.url}{BASE}")  # with the other centres of the region
    _lang(anonymous, locale)
    assert_accessible(anonymous)
    anonymous.goto(f"{live_server.url}{BASE}/sign-up")
    _lang(anonymous, locale)
    assert_accessible(anonymous)
    anonymous.goto(f"{live_server.url}/volunteer/answer/not-a-token")
    _lang(anonymous, locale)
    assert_accessible(anonymous)

    boss_page = browser.new_context().new_page()
    log_in(boss_page, live_server.url, boss.email, f"{BASE}/coordinator")
    for path in (
        f"/batch?week={monday.isoformat()}",
        "/interest",
        "/hours",
        "/tasks",
        f"/tasks/{open_task.id}",
        f"/tasks/{taken.id}",
        f"/volunteers/{volunteer.id}",
        f"/volunteers/{spare.id}",
    ):
        boss_page.goto(f"{live_server.url}{BASE}/coordinator{path}")
        assert boss_page.locator("html").get_attribute("lang") == locale
        assert boss_page.locator("main table, main form, main dl").count() > 0, path
        assert_accessible(boss_page)

    me = browser.new_context().new_page()
    log_in(me, live_server.url, volunteer.user.email, f"{BASE}/me")
    assert me.locator("main table").count() == 1  # the hours logged
    assert_accessible(me)
    me.goto(f"{live_server.url}{BASE}/me/tasks/{taken.id}")
    assert_accessible(me)
    me.goto(live_server.url + answer)
    assert_accessible(me)
    me.get_by_role("button", name=re.compile("^Ja")).click()
    me.get_by_role("heading", level=1).wait_for()
    assert_accessible(me)
    me.goto(live_server.url + answer)  # used once: a clear page
    assert_accessible(me)
    for page in (anonymous, boss_page, me):
        page.context.close()
